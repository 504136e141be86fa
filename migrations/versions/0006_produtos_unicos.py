"""produtos: uma exportação em curso por loja (restrição única no lugar de consultar antes de gravar)

Revision ID: 0006_produtos_unicos
Revises: 0004_juncao
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_produtos_unicos"
down_revision = "0004_juncao"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "exportacoes_em_curso",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loja_id", sa.Integer(), nullable=False),
        sa.Column("tarefa_id", sa.Integer(), nullable=False),
        sa.Column("criado_em", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["loja_id"], ["lojas_virtuais.id"], ondelete="CASCADE",
                                name=op.f("fk_exportacoes_em_curso_loja_id_lojas_virtuais")),
        sa.ForeignKeyConstraint(["tarefa_id"], ["tarefas.id"], ondelete="CASCADE",
                                name=op.f("fk_exportacoes_em_curso_tarefa_id_tarefas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exportacoes_em_curso")),
        sa.UniqueConstraint("loja_id", name=op.f("uq_exportacoes_em_curso_loja_id")),
    )
    with op.batch_alter_table("exportacoes_em_curso") as batch:
        batch.create_index(batch.f("ix_exportacoes_em_curso_tarefa_id"), ["tarefa_id"], unique=False)


def downgrade():
    with op.batch_alter_table("exportacoes_em_curso") as batch:
        batch.drop_index(batch.f("ix_exportacoes_em_curso_tarefa_id"))
    op.drop_table("exportacoes_em_curso")
