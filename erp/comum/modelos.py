"""Colunas comuns a quase todas as tabelas."""
from datetime import datetime, timezone

from erp.extensions import db


def agora() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class ComDatas:
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)
    atualizado_em = db.Column(db.DateTime, nullable=False, default=agora, onupdate=agora)
