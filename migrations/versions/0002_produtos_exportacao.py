"""produtos: categorias e imagens por loja, estoque pendente de envio

Revision ID: 0002_produtos_exportacao
Revises: 0001_base
Create Date: 2026-11-23 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0002_produtos_exportacao"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "categorias_lojas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loja_id", sa.Integer(), nullable=False),
        sa.Column("categoria_id", sa.Integer(), nullable=False),
        sa.Column("tray_id", sa.String(length=30), nullable=False),
        sa.Column("criado_em", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["categoria_id"], ["categorias.id"], ondelete="CASCADE",
                                name=op.f("fk_categorias_lojas_categoria_id_categorias")),
        sa.ForeignKeyConstraint(["loja_id"], ["lojas_virtuais.id"], ondelete="CASCADE",
                                name=op.f("fk_categorias_lojas_loja_id_lojas_virtuais")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categorias_lojas")),
        sa.UniqueConstraint("loja_id", "categoria_id", name=op.f("uq_categorias_lojas_loja_id_categoria_id")),
    )
    op.create_table(
        "imagens_enviadas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loja_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("produto_id", sa.Integer(), nullable=True),
        sa.Column("variacao_id", sa.Integer(), nullable=True),
        sa.Column("posicao", sa.Integer(), nullable=False),
        sa.Column("enviada_em", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["loja_id"], ["lojas_virtuais.id"], ondelete="CASCADE",
                                name=op.f("fk_imagens_enviadas_loja_id_lojas_virtuais")),
        sa.ForeignKeyConstraint(["produto_id"], ["produtos.id"], ondelete="SET NULL",
                                name=op.f("fk_imagens_enviadas_produto_id_produtos")),
        sa.ForeignKeyConstraint(["variacao_id"], ["variacoes.id"], ondelete="SET NULL",
                                name=op.f("fk_imagens_enviadas_variacao_id_variacoes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imagens_enviadas")),
        sa.UniqueConstraint("loja_id", "sha256", name=op.f("uq_imagens_enviadas_loja_id_sha256")),
    )
    op.create_table(
        "estoque_pendente",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loja_id", sa.Integer(), nullable=False),
        sa.Column("chave", sa.String(length=40), nullable=False),
        sa.Column("produto_id", sa.Integer(), nullable=False),
        sa.Column("variacao_id", sa.Integer(), nullable=True),
        sa.Column("versao", sa.Integer(), nullable=False),
        sa.Column("tentativas", sa.Integer(), nullable=False),
        sa.Column("proxima_tentativa_em", sa.DateTime(), nullable=False),
        sa.Column("ultimo_erro", sa.Text(), nullable=True),
        sa.Column("criado_em", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["loja_id"], ["lojas_virtuais.id"], ondelete="CASCADE",
                                name=op.f("fk_estoque_pendente_loja_id_lojas_virtuais")),
        sa.ForeignKeyConstraint(["produto_id"], ["produtos.id"], ondelete="CASCADE",
                                name=op.f("fk_estoque_pendente_produto_id_produtos")),
        sa.ForeignKeyConstraint(["variacao_id"], ["variacoes.id"], ondelete="CASCADE",
                                name=op.f("fk_estoque_pendente_variacao_id_variacoes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_estoque_pendente")),
        sa.UniqueConstraint("loja_id", "chave", name=op.f("uq_estoque_pendente_loja_id_chave")),
    )
    with op.batch_alter_table("estoque_pendente") as batch_op:
        batch_op.create_index(batch_op.f("ix_estoque_pendente_proxima_tentativa_em"),
                              ["proxima_tentativa_em"], unique=False)
    op.create_index(
        "uq_categorias_raiz_nome", "categorias", ["nome"], unique=True,
        sqlite_where=sa.text("pai_id IS NULL"), postgresql_where=sa.text("pai_id IS NULL"),
    )


def downgrade():
    op.drop_index("uq_categorias_raiz_nome", table_name="categorias")
    with op.batch_alter_table("estoque_pendente") as batch_op:
        batch_op.drop_index(batch_op.f("ix_estoque_pendente_proxima_tentativa_em"))
    op.drop_table("estoque_pendente")
    op.drop_table("imagens_enviadas")
    op.drop_table("categorias_lojas")
