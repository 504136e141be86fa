"""Leitura e gravação dos tokens da loja numa transação curta própria, fora da sessão de quem chamou.

Tokens girados precisam ser gravados na hora (o refresh token antigo morre ao ser usado): se o trabalho
de quem chamou falhar depois e for desfeito, os tokens novos não podem ir junto. Por isso a gravação usa
outra conexão e faz commit só dela, sem tocar no que a sessão `db.session` tem pendente.
"""
import logging

from sqlalchemy import exc, select, update
from sqlalchemy.orm import attributes
from sqlalchemy.orm.util import identity_key
from sqlalchemy.pool import SingletonThreadPool, StaticPool

from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual

log = logging.getLogger("erp.lojas_virtuais.tray")

CAMPOS_TOKENS = ("site", "access_token", "refresh_token", "access_expira_em", "refresh_expira_em",
                 "situacao", "ultimo_erro", "motivo_pausa")


def _tabela():
    return LojaVirtual.__table__


def _conexao_compartilhada() -> bool:
    """SQLite em memória usa uma conexão só: um commit "separado" levaria junto o trabalho alheio."""
    return isinstance(db.engine.pool, (StaticPool, SingletonThreadPool))


def ler(loja_id: int) -> dict | None:
    """A linha atual da loja no banco (tokens já decifrados), lida fora da sessão de quem chamou."""
    tabela = _tabela()
    colunas = [tabela.c[nome] for nome in CAMPOS_TOKENS]
    if _conexao_compartilhada():
        linha = db.session.execute(select(*colunas).where(tabela.c.id == loja_id)).first()
    else:
        with db.engine.connect() as conexao:
            linha = conexao.execute(select(*colunas).where(tabela.c.id == loja_id)).first()
    return dict(linha._mapping) if linha else None


def _gravar_separado(loja_id: int, campos: dict) -> None:
    tabela = _tabela()
    with db.engine.connect() as conexao:
        sqlite = conexao.dialect.name == "sqlite"
        try:
            if sqlite:  # não esperar 5 s por uma trava que talvez seja da própria sessão de quem chamou
                conexao.exec_driver_sql("PRAGMA busy_timeout = 2000")
                conexao.commit()
            elif conexao.dialect.name == "postgresql":
                conexao.exec_driver_sql("SET LOCAL lock_timeout = '3s'")
            conexao.execute(update(tabela).where(tabela.c.id == loja_id).values(**campos))
            conexao.commit()
        finally:
            if sqlite:
                conexao.rollback()
                conexao.exec_driver_sql("PRAGMA busy_timeout = 5000")
                conexao.commit()


def gravar(loja_id: int, **campos) -> bool:
    """Grava já os campos da loja; devolve False se só deu para deixá-los na sessão de quem chamou.

    O objeto `LojaVirtual` que estiver na sessão de quem chamou recebe os mesmos valores, como já
    gravados (não fica "sujo"). Se a linha estiver travada pela própria sessão (SQLite com escrita
    pendente, PostgreSQL com a linha alterada), os valores ficam no objeto e vão no commit dela.
    """
    campos = dict(campos, atualizado_em=agora())
    gravado = False
    if not _conexao_compartilhada():
        try:
            _gravar_separado(loja_id, campos)
            gravado = True
        except exc.OperationalError as erro:
            log.warning("Tokens da loja %s: banco travado, ficam para o commit da sessão (%s)", loja_id,
                        erro.orig)
    objeto = db.session.identity_map.get(identity_key(LojaVirtual, loja_id))
    if objeto is None and not gravado:
        objeto = db.session.get(LojaVirtual, loja_id)
    if objeto is not None:
        for nome, valor in campos.items():
            if gravado:
                attributes.set_committed_value(objeto, nome, valor)
            else:
                setattr(objeto, nome, valor)
    return gravado
