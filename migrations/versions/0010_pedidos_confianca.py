"""pedidos: leitura coalescida e orçamento das notificações, o que fazer com cada falha e a nova tentativa agendada

Revision ID: 0010_pedidos_confianca
Revises: 0005_pedidos_unicos
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_pedidos_confianca"
down_revision = "0005_pedidos_unicos"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("eventos_webhook") as batch:
        batch.add_column(sa.Column("tomado_em", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("cobre_ate", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_eventos_webhook_loja_id_tomado_em"), ["loja_id", "tomado_em"], unique=False)
    with op.batch_alter_table("importacoes_pedidos") as batch:
        batch.add_column(sa.Column("acao", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("proxima_tentativa_em", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("importacoes_pedidos") as batch:
        batch.drop_column("proxima_tentativa_em")
        batch.drop_column("acao")
    with op.batch_alter_table("eventos_webhook") as batch:
        batch.drop_index(batch.f("ix_eventos_webhook_loja_id_tomado_em"))
        batch.drop_column("cobre_ate")
        batch.drop_column("tomado_em")
