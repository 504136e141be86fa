"""retorno_tray: envios da NF-e autorizada à Tray e configuração do retorno por loja

Revision ID: 0003_retorno_tray
Revises: 0002_nfe_base
Create Date: 2026-11-24

"""
from alembic import op
import sqlalchemy as sa


revision = "0003_retorno_tray"
down_revision = "0002_nfe_base"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "envios_tray",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nota_id", sa.Integer(), nullable=False),
        sa.Column("venda_id", sa.Integer(), nullable=False),
        sa.Column("loja_id", sa.Integer(), nullable=False),
        sa.Column("pedido_tray_id", sa.String(length=30), nullable=False),
        sa.Column("chave", sa.String(length=44), nullable=False),
        sa.Column("situacao", sa.String(length=20), nullable=False),
        sa.Column("tentativas", sa.Integer(), nullable=False),
        sa.Column("proxima_tentativa_em", sa.DateTime(), nullable=True),
        sa.Column("reservado_em", sa.DateTime(), nullable=True),
        sa.Column("ultimo_erro", sa.Text(), nullable=True),
        sa.Column("conferir_na_tray", sa.Boolean(), nullable=False),
        sa.Column("tray_invoice_id", sa.String(length=30), nullable=True),
        sa.Column("nota_ja_existia", sa.Boolean(), nullable=False),
        sa.Column("nota_enviada_em", sa.DateTime(), nullable=True),
        sa.Column("status_enviado", sa.String(length=120), nullable=True),
        sa.Column("status_tray_id", sa.String(length=30), nullable=True),
        sa.Column("status_enviado_em", sa.DateTime(), nullable=True),
        sa.Column("concluido_em", sa.DateTime(), nullable=True),
        sa.Column("criado_em", sa.DateTime(), nullable=False),
        sa.Column("atualizado_em", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["loja_id"], ["lojas_virtuais.id"], name=op.f("fk_envios_tray_loja_id_lojas_virtuais"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["nota_id"], ["notas_fiscais.id"], name=op.f("fk_envios_tray_nota_id_notas_fiscais"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["venda_id"], ["vendas.id"], name=op.f("fk_envios_tray_venda_id_vendas"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_envios_tray")),
        sa.UniqueConstraint("chave", name=op.f("uq_envios_tray_chave")),
        sa.UniqueConstraint("nota_id", name=op.f("uq_envios_tray_nota_id")),
    )
    with op.batch_alter_table("envios_tray", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_envios_tray_loja_id"), ["loja_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_envios_tray_venda_id"), ["venda_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_envios_tray_situacao"), ["situacao"], unique=False)
        batch_op.create_index(batch_op.f("ix_envios_tray_proxima_tentativa_em"), ["proxima_tentativa_em"],
                              unique=False)

    op.create_table(
        "retorno_tray_config",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loja_id", sa.Integer(), nullable=False),
        sa.Column("ativo", sa.Boolean(), nullable=False),
        sa.Column("alterar_status", sa.Boolean(), nullable=False),
        sa.Column("status_nome", sa.String(length=120), nullable=False),
        sa.Column("criado_em", sa.DateTime(), nullable=False),
        sa.Column("atualizado_em", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["loja_id"], ["lojas_virtuais.id"],
                                name=op.f("fk_retorno_tray_config_loja_id_lojas_virtuais"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retorno_tray_config")),
        sa.UniqueConstraint("loja_id", name=op.f("uq_retorno_tray_config_loja_id")),
    )


def downgrade():
    op.drop_table("retorno_tray_config")
    with op.batch_alter_table("envios_tray", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_envios_tray_proxima_tentativa_em"))
        batch_op.drop_index(batch_op.f("ix_envios_tray_situacao"))
        batch_op.drop_index(batch_op.f("ix_envios_tray_venda_id"))
        batch_op.drop_index(batch_op.f("ix_envios_tray_loja_id"))
    op.drop_table("envios_tray")
