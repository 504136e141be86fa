"""o pedido no documento: endereço de cobrança guardado na venda, vendedor no marketplace, dados do cartão,
transportadoras e os mapeamentos por loja (forma de envio → transportadora, forma de pagamento → tPag) e o CSRT

Revision ID: 0013_nfe_pedido
Revises: 0012_juncao
"""
import sqlalchemy as sa
from alembic import op

import erp.comum.cripto

revision = "0013_nfe_pedido"
down_revision = "0012_juncao"
branch_labels = None
depends_on = None

_COBRANCA = (("logradouro", 200), ("numero", 60), ("complemento", 200), ("bairro", 120), ("municipio", 120),
             ("municipio_ibge", 7), ("uf", 2), ("cep", 8))
_CARTAO = (("bandeira", 2), ("cnpj_credenciadora", 14), ("autorizacao", 128))


def upgrade():
    op.create_table(
        "transportadoras",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nome", sa.String(length=60), nullable=False),
        sa.Column("cpf_cnpj", sa.String(length=14), nullable=False),
        sa.Column("ie", sa.String(length=14), nullable=False),
        sa.Column("endereco", sa.String(length=60), nullable=False),
        sa.Column("municipio", sa.String(length=60), nullable=False),
        sa.Column("uf", sa.String(length=2), nullable=False),
        sa.Column("criado_em", sa.DateTime(), nullable=False),
        sa.Column("atualizado_em", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "envios_transportadoras",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loja_id", sa.Integer(), nullable=False),
        sa.Column("forma_envio", sa.String(length=120), nullable=False),
        sa.Column("transportadora_id", sa.Integer(), nullable=True),
        sa.Column("retirada", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["loja_id"], ["lojas_virtuais.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["transportadora_id"], ["transportadoras.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("loja_id", "forma_envio"),
    )
    op.create_table(
        "formas_pagamento_lojas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loja_id", sa.Integer(), nullable=False),
        sa.Column("nome", sa.String(length=120), nullable=False),
        sa.Column("tpag", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(["loja_id"], ["lojas_virtuais.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("loja_id", "nome"),
    )
    with op.batch_alter_table("vendas") as batch:
        for campo, tamanho in _COBRANCA:
            batch.add_column(sa.Column(f"cobranca_{campo}", sa.String(length=tamanho), nullable=False,
                                       server_default=""))
        batch.add_column(sa.Column("marketplace_vendedor_id", sa.String(length=60), nullable=True))
    with op.batch_alter_table("venda_pagamentos") as batch:
        for campo, tamanho in _CARTAO:
            batch.add_column(sa.Column(campo, sa.String(length=tamanho), nullable=False, server_default=""))
    with op.batch_alter_table("empresas") as batch:
        batch.add_column(sa.Column("csrt_id", sa.String(length=2), nullable=False, server_default=""))
        batch.add_column(sa.Column("csrt", erp.comum.cripto.TextoCifrado(), nullable=True))


def downgrade():
    with op.batch_alter_table("empresas") as batch:
        batch.drop_column("csrt")
        batch.drop_column("csrt_id")
    with op.batch_alter_table("venda_pagamentos") as batch:
        for campo, _ in reversed(_CARTAO):
            batch.drop_column(campo)
    with op.batch_alter_table("vendas") as batch:
        batch.drop_column("marketplace_vendedor_id")
        for campo, _ in reversed(_COBRANCA):
            batch.drop_column(f"cobranca_{campo}")
    op.drop_table("formas_pagamento_lojas")
    op.drop_table("envios_transportadoras")
    op.drop_table("transportadoras")
