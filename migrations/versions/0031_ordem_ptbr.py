"""ordem alfabética do português nas listas de produtos e de lojas (coluna de ordem indexada)

Revision ID: 0031_ordem_ptbr
Revises: 0030_juncao

`nome_ordem` guarda a chave de ordenação do português (sem acento e sem maiúsculas, depois com eles) e é
comparada byte a byte (collation "C" no PostgreSQL): "Ágata" fica junto de "Agata", antes de "Bruno", em SQLite e
PostgreSQL, qualquer que seja a collation do banco. Os índices da lista do catálogo passam a ser por ela.
"""
import sqlalchemy as sa
from alembic import op

from erp.comum.texto import TAMANHO_ORDEM, ordem_ptbr

revision = "0031_ordem_ptbr"
down_revision = "0030_juncao"
branch_labels = None
depends_on = None

TEXTO = sa.String(TAMANHO_ORDEM).with_variant(sa.String(TAMANHO_ORDEM, collation="C"), "postgresql")


def _preencher(tabela: str) -> None:
    conexao = op.get_bind()
    t = sa.table(tabela, sa.column("id", sa.Integer), sa.column("nome", sa.String), sa.column("nome_ordem", TEXTO))
    linhas = conexao.execute(sa.select(t.c.id, t.c.nome)).all()
    for inicio in range(0, len(linhas), 1000):
        conexao.execute(t.update().where(t.c.id == sa.bindparam("_id")).values(nome_ordem=sa.bindparam("_ordem")),
                        [{"_id": i, "_ordem": ordem_ptbr(nome)} for i, nome in linhas[inicio:inicio + 1000]])


def upgrade():
    for tabela in ("produtos", "lojas_virtuais"):
        with op.batch_alter_table(tabela) as batch:
            batch.add_column(sa.Column("nome_ordem", TEXTO, nullable=False, server_default=""))
        _preencher(tabela)
    with op.batch_alter_table("produtos") as batch:
        batch.drop_index("ix_produtos_nome_id")
        batch.drop_index("ix_produtos_ativo_nome_id")
        batch.create_index("ix_produtos_nome_ordem_id", ["nome_ordem", "id"])
        batch.create_index("ix_produtos_ativo_nome_ordem_id", ["ativo", "nome_ordem", "id"])


def downgrade():
    with op.batch_alter_table("produtos") as batch:
        batch.drop_index("ix_produtos_ativo_nome_ordem_id")
        batch.drop_index("ix_produtos_nome_ordem_id")
        batch.create_index("ix_produtos_nome_id", ["nome", "id"])
        batch.create_index("ix_produtos_ativo_nome_id", ["ativo", "nome", "id"])
    for tabela in ("lojas_virtuais", "produtos"):
        with op.batch_alter_table(tabela) as batch:
            batch.drop_column("nome_ordem")
