"""Colunas comuns a quase todas as tabelas."""
from datetime import datetime, timezone

import sqlalchemy as sa

from erp.comum.texto import TAMANHO_ORDEM, ordem_ptbr
from erp.extensions import db


def agora() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class ComDatas:
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)
    atualizado_em = db.Column(db.DateTime, nullable=False, default=agora, onupdate=agora)


# Comparada byte a byte em todo banco (no PostgreSQL, collation "C"): a ordem vem da chave, não do banco.
TEXTO_DE_ORDEM = sa.String(TAMANHO_ORDEM).with_variant(sa.String(TAMANHO_ORDEM, collation="C"), "postgresql")


def coluna_de_ordem(campo: str = "nome"):
    """A coluna `<campo>_ordem`: a ordem alfabética do português do `campo` (`ordem_ptbr`), indexável. Preenchida
    no INSERT (também em lote) pelo valor do campo; o modelo a mantém com `@validates(campo)`."""
    def padrao(contexto):
        return ordem_ptbr(contexto.get_current_parameters().get(campo))

    return db.Column(TEXTO_DE_ORDEM, nullable=False, default=padrao, server_default="")
