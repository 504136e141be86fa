"""pedidos: uma só notificação de cada pedido na fila (restrição única no lugar de consultar antes de gravar)

Revision ID: 0005_pedidos_unicos
Revises: 0004_juncao
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_pedidos_unicos"
down_revision = "0004_juncao"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("eventos_webhook") as batch:
        batch.add_column(sa.Column("chave_fila", sa.String(length=30), nullable=True))
    # As notificações que já esperam na fila ocupam a chave do seu pedido (a mais antiga, se houver repetidas).
    op.execute(
        "UPDATE eventos_webhook SET chave_fila = registro_id WHERE id IN ("
        " SELECT MIN(id) FROM eventos_webhook WHERE situacao = 'pendente' GROUP BY loja_id, escopo, registro_id)"
    )
    with op.batch_alter_table("eventos_webhook") as batch:
        batch.create_unique_constraint(batch.f("uq_eventos_webhook_loja_id_escopo_chave_fila"),
                                       ["loja_id", "escopo", "chave_fila"])


def downgrade():
    with op.batch_alter_table("eventos_webhook") as batch:
        batch.drop_constraint(batch.f("uq_eventos_webhook_loja_id_escopo_chave_fila"), type_="unique")
        batch.drop_column("chave_fila")
