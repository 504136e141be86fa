"""junta os ramos: pedidos, produtos, usuários e tarefas

Revision ID: 0011_juncao
Revises: 0005_pedidos_unicos, 0006_produtos_unicos, 0008_tarefas_sinal_de_vida
"""
revision = "0011_juncao"
down_revision = ("0005_pedidos_unicos", "0006_produtos_unicos", "0008_tarefas_sinal_de_vida")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
