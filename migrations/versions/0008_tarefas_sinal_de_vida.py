"""sinal de vida das tarefas em execução

Revision ID: 0008_tarefas_sinal_de_vida
Revises: 0007_usuarios_sessoes
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_tarefas_sinal_de_vida"
down_revision = "0007_usuarios_sessoes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tarefas") as batch:
        batch.add_column(sa.Column("batida_em", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("trabalhador", sa.String(length=120), nullable=True))
        batch.create_index(batch.f("ix_tarefas_situacao"), ["situacao"], unique=False)


def downgrade():
    with op.batch_alter_table("tarefas") as batch:
        batch.drop_index(batch.f("ix_tarefas_situacao"))
        batch.drop_column("trabalhador")
        batch.drop_column("batida_em")
