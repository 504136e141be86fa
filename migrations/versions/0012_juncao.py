"""junta os ramos: confiança dos produtos e do retorno (0009) e dos pedidos (0010)

Revision ID: 0012_juncao
Revises: 0011_juncao, 0009_confianca_produtos, 0010_pedidos_confianca
"""
revision = "0012_juncao"
down_revision = ("0011_juncao", "0009_confianca_produtos", "0010_pedidos_confianca")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
