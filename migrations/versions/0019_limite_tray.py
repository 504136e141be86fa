"""limite da Tray compartilhado: vagas da janela por minuto e cota diária por loja

Revision ID: 0019_limite_tray
Revises: 0012_juncao
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_limite_tray"
down_revision = "0012_juncao"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tray_limite_vagas",
        sa.Column("chave", sa.String(length=300), nullable=False),
        sa.Column("indice", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("usada_em", sa.Float(), nullable=False),
        sa.Column("dono", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("chave", "indice", name=op.f("pk_tray_limite_vagas")),
    )
    op.create_table(
        "tray_limite_dias",
        sa.Column("chave", sa.String(length=300), nullable=False),
        sa.Column("dia", sa.String(length=10), nullable=False),
        sa.Column("usados", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("chave", "dia", name=op.f("pk_tray_limite_dias")),
    )


def downgrade():
    op.drop_table("tray_limite_dias")
    op.drop_table("tray_limite_vagas")
