"""vendas: registro de importação de pedidos, eventos de webhook, intermediador do pagamento

Revision ID: 0002_vendas_importacao
Revises: 0001_base
Create Date: 2026-11-23 18:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0002_vendas_importacao"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "importacoes_pedidos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loja_id", sa.Integer(), nullable=False),
        sa.Column("pedido_tray_id", sa.String(length=30), nullable=False),
        sa.Column("resultado", sa.String(length=20), nullable=False),
        sa.Column("motivo", sa.Text(), nullable=True),
        sa.Column("venda_id", sa.Integer(), nullable=True),
        sa.Column("origem", sa.String(length=20), nullable=False),
        sa.Column("tentativas", sa.Integer(), nullable=False),
        sa.Column("criado_em", sa.DateTime(), nullable=False),
        sa.Column("atualizado_em", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["loja_id"], ["lojas_virtuais.id"], ondelete="CASCADE",
                                name=op.f("fk_importacoes_pedidos_loja_id_lojas_virtuais")),
        sa.ForeignKeyConstraint(["venda_id"], ["vendas.id"], ondelete="SET NULL",
                                name=op.f("fk_importacoes_pedidos_venda_id_vendas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_importacoes_pedidos")),
        sa.UniqueConstraint("loja_id", "pedido_tray_id",
                            name=op.f("uq_importacoes_pedidos_loja_id_pedido_tray_id")),
    )
    op.create_table(
        "eventos_webhook",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loja_id", sa.Integer(), nullable=False),
        sa.Column("seller_id", sa.String(length=30), nullable=False),
        sa.Column("escopo", sa.String(length=40), nullable=False),
        sa.Column("registro_id", sa.String(length=30), nullable=False),
        sa.Column("acao", sa.String(length=20), nullable=False),
        sa.Column("app_code", sa.String(length=60), nullable=True),
        sa.Column("recebido_em", sa.DateTime(), nullable=False),
        sa.Column("processado_em", sa.DateTime(), nullable=True),
        sa.Column("situacao", sa.String(length=20), nullable=False),
        sa.Column("tentativas", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("resultado", sa.String(length=20), nullable=True),
        sa.Column("mensagem", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["loja_id"], ["lojas_virtuais.id"], ondelete="CASCADE",
                                name=op.f("fk_eventos_webhook_loja_id_lojas_virtuais")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eventos_webhook")),
    )
    with op.batch_alter_table("eventos_webhook") as batch_op:
        batch_op.create_index(batch_op.f("ix_eventos_webhook_loja_id"), ["loja_id"], unique=False)
    with op.batch_alter_table("vendas") as batch_op:
        batch_op.add_column(sa.Column("pagamento_intermediador_cnpj", sa.String(length=14), nullable=True))


def downgrade():
    with op.batch_alter_table("vendas") as batch_op:
        batch_op.drop_column("pagamento_intermediador_cnpj")
    with op.batch_alter_table("eventos_webhook") as batch_op:
        batch_op.drop_index(batch_op.f("ix_eventos_webhook_loja_id"))
    op.drop_table("eventos_webhook")
    op.drop_table("importacoes_pedidos")
