"""Tray nos dois sentidos: rastreio, cancelamento do pedido e diferenças de estoque

Rastreio do envio ao pedido (uma vez por venda e código), cancelamento visto ou pedido pelo ERP na venda, estoque
mudado na Tray (diferenças por item e loja) e quem manda no estoque de cada loja.

Revision ID: 0018_tray_fluxos
Revises: 0012_juncao
"""
import sqlalchemy as sa
from alembic import op

revision = "0018_tray_fluxos"
down_revision = "0012_juncao"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("vendas") as batch:
        batch.add_column(sa.Column("rastreio_codigo", sa.String(length=60), nullable=True))
        batch.add_column(sa.Column("rastreio_url", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("rastreio_data", sa.Date(), nullable=True))
        batch.add_column(sa.Column("cancelado_na_tray_em", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("cancelado_na_tray_por", sa.String(length=10), nullable=True))
    with op.batch_alter_table("lojas_virtuais") as batch:
        batch.add_column(sa.Column("estoque_mestre", sa.String(length=10), nullable=False, server_default="erp"))
    op.create_table(
        "rastreios_tray",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("venda_id", sa.Integer(), nullable=False),
        sa.Column("loja_id", sa.Integer(), nullable=False),
        sa.Column("pedido_tray_id", sa.String(length=30), nullable=False),
        sa.Column("codigo", sa.String(length=60), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=True),
        sa.Column("data_envio", sa.Date(), nullable=False),
        sa.Column("situacao", sa.String(length=20), nullable=False),
        sa.Column("tentativas", sa.Integer(), nullable=False),
        sa.Column("proxima_tentativa_em", sa.DateTime(), nullable=True),
        sa.Column("reservado_em", sa.DateTime(), nullable=True),
        sa.Column("ultimo_erro", sa.Text(), nullable=True),
        sa.Column("enviado_em", sa.DateTime(), nullable=True),
        sa.Column("criado_em", sa.DateTime(), nullable=False),
        sa.Column("atualizado_em", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["venda_id"], ["vendas.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["loja_id"], ["lojas_virtuais.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("venda_id", "codigo", name="uq_rastreios_tray_venda_codigo"),
    )
    op.create_index("ix_rastreios_tray_situacao", "rastreios_tray", ["situacao"])
    op.create_index("ix_rastreios_tray_loja_id", "rastreios_tray", ["loja_id"])
    op.create_table(
        "diferencas_estoque",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loja_id", sa.Integer(), nullable=False),
        sa.Column("chave", sa.String(length=40), nullable=False),
        sa.Column("produto_id", sa.Integer(), nullable=False),
        sa.Column("variacao_id", sa.Integer(), nullable=True),
        sa.Column("tray_id", sa.String(length=30), nullable=False),
        sa.Column("estoque_erp", sa.Integer(), nullable=False),
        sa.Column("estoque_tray", sa.Integer(), nullable=False),
        sa.Column("origem", sa.String(length=20), nullable=False),
        sa.Column("situacao", sa.String(length=20), nullable=False),
        sa.Column("resolucao", sa.String(length=300), nullable=True),
        sa.Column("detectada_em", sa.DateTime(), nullable=False),
        sa.Column("resolvida_em", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["loja_id"], ["lojas_virtuais.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["produto_id"], ["produtos.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["variacao_id"], ["variacoes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("loja_id", "chave", name="uq_diferencas_estoque_loja_chave"),
    )
    op.create_index("ix_diferencas_estoque_situacao", "diferencas_estoque", ["situacao"])


def downgrade():
    op.drop_index("ix_diferencas_estoque_situacao", table_name="diferencas_estoque")
    op.drop_table("diferencas_estoque")
    op.drop_index("ix_rastreios_tray_loja_id", table_name="rastreios_tray")
    op.drop_index("ix_rastreios_tray_situacao", table_name="rastreios_tray")
    op.drop_table("rastreios_tray")
    with op.batch_alter_table("lojas_virtuais") as batch:
        batch.drop_column("estoque_mestre")
    with op.batch_alter_table("vendas") as batch:
        batch.drop_column("cancelado_na_tray_por")
        batch.drop_column("cancelado_na_tray_em")
        batch.drop_column("rastreio_data")
        batch.drop_column("rastreio_url")
        batch.drop_column("rastreio_codigo")
