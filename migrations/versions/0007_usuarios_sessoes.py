"""sessões de usuário encerráveis no banco

Revision ID: 0007_usuarios_sessoes
Revises: 0004_juncao
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_usuarios_sessoes"
down_revision = "0004_juncao"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sessoes_usuario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("criada_em", sa.DateTime(), nullable=False),
        sa.Column("encerrada_em", sa.DateTime(), nullable=True),
        sa.Column("endereco", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["usuario_id"], ["usuarios.id"], name=op.f("fk_sessoes_usuario_usuario_id_usuarios"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessoes_usuario")),
        sa.UniqueConstraint("token", name=op.f("uq_sessoes_usuario_token")),
    )
    with op.batch_alter_table("sessoes_usuario") as batch:
        batch.create_index(batch.f("ix_sessoes_usuario_usuario_id"), ["usuario_id"], unique=False)


def downgrade():
    with op.batch_alter_table("sessoes_usuario") as batch:
        batch.drop_index(batch.f("ix_sessoes_usuario_usuario_id"))
    op.drop_table("sessoes_usuario")
