"""O que só pode acontecer uma vez, garantido pelo banco: inserção que respeita a restrição única.

`inserir_se_novo` é um INSERT ... ON CONFLICT DO NOTHING (SQLite e PostgreSQL): duas transações que tentam
gravar a mesma chave ao mesmo tempo terminam com uma linha só, sem SELECT antes do INSERT. E o que muda de um banco
para o outro: o dia de Brasília de um instante, em SQL (`dia_em_brasilia`).
"""
from datetime import timedelta

from sqlalchemy import func
from sqlalchemy import insert as insert_generico

from erp.comum.datas import DESLOCAMENTO_HORAS
from erp.extensions import db


def _insert(tabela):
    dialeto = db.session.get_bind().dialect.name
    if dialeto == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialeto == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - só SQLite e PostgreSQL são suportados
        return insert_generico(tabela)
    return insert(tabela)


def inserir_se_novo(modelo, valores: dict, unicos: list[str]):
    """Insere a linha se a chave única `unicos` ainda não existe. Devolve o id criado, ou None se já
    existia (a linha de outra transação fica como está). Não faz commit."""
    tabela = modelo.__table__
    comando = _insert(tabela).values(**valores).on_conflict_do_nothing(index_elements=unicos)
    resultado = db.session.execute(comando.returning(tabela.c.id))
    linha = resultado.first()
    return linha[0] if linha else None


def inserir_ou_atualizar(modelo, valores: dict, unicos: list[str], atualizar: list[str]):
    """Insere a linha, ou, se a chave única `unicos` já existe, atualiza as colunas `atualizar` com os
    valores dados. Devolve o id da linha. Não faz commit."""
    tabela = modelo.__table__
    comando = _insert(tabela).values(**valores)
    comando = comando.on_conflict_do_update(
        index_elements=unicos, set_={c: comando.excluded[c] for c in atualizar})
    return db.session.execute(comando.returning(tabela.c.id)).scalar_one()


def dia_em_brasilia(coluna):
    """Em SQL, o dia de Brasília de uma coluna de instante (UTC sem fuso): para agrupar e contar por dia."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.date(coluna, f"-{DESLOCAMENTO_HORAS} hours")
    return func.date(coluna - timedelta(hours=DESLOCAMENTO_HORAS))
