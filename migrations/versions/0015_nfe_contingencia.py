"""NF-e em contingência SVC, saúde dos serviços da SEFAZ e bloqueios (consumo indevido, espera)

Revision ID: 0015_nfe_contingencia
Revises: 0012_juncao
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_nfe_contingencia"
down_revision = "0012_juncao"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("empresas") as batch:
        batch.add_column(sa.Column("contingencia_automatica", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "contingencias_nfe",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ambiente", sa.String(length=12), nullable=False),
        sa.Column("uf", sa.String(length=2), nullable=False),
        sa.Column("svc", sa.String(length=6), nullable=False),
        sa.Column("tp_emis", sa.Integer(), nullable=False),
        sa.Column("justificativa", sa.String(length=256), nullable=False),
        sa.Column("inicio", sa.DateTime(), nullable=False),
        sa.Column("fim", sa.DateTime(), nullable=True),
        sa.Column("automatica", sa.Boolean(), nullable=False),
        sa.Column("motivo_fim", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contingencias_nfe")),
    )
    op.create_index("uq_contingencias_nfe_aberta", "contingencias_nfe", ["ambiente"], unique=True,
                    sqlite_where=sa.text("fim IS NULL"), postgresql_where=sa.text("fim IS NULL"))
    op.create_table(
        "servicos_sefaz",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ambiente", sa.String(length=12), nullable=False),
        sa.Column("autorizador", sa.String(length=6), nullable=False),
        sa.Column("contingencia", sa.Boolean(), nullable=False),
        sa.Column("cstat", sa.Integer(), nullable=True),
        sa.Column("motivo", sa.Text(), nullable=True),
        sa.Column("observacao", sa.Text(), nullable=True),
        sa.Column("url", sa.String(length=300), nullable=True),
        sa.Column("verificado_em", sa.DateTime(), nullable=True),
        sa.Column("falhas_seguidas", sa.Integer(), nullable=False),
        sa.Column("ultima_falha", sa.Text(), nullable=True),
        sa.UniqueConstraint("ambiente", "autorizador", name=op.f("uq_servicos_sefaz_ambiente_autorizador")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_servicos_sefaz")),
    )
    op.create_table(
        "bloqueios_sefaz",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ambiente", sa.String(length=12), nullable=False),
        sa.Column("cnpj", sa.String(length=14), nullable=False),
        sa.Column("autorizador", sa.String(length=6), nullable=False),
        sa.Column("servico", sa.String(length=30), nullable=False),
        sa.Column("tipo", sa.String(length=20), nullable=False),
        sa.Column("tentativas", sa.Integer(), nullable=False),
        sa.Column("cstat", sa.Integer(), nullable=True),
        sa.Column("motivo", sa.Text(), nullable=True),
        sa.Column("ate", sa.DateTime(), nullable=False),
        sa.Column("criado_em", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("ambiente", "cnpj", "autorizador", "servico",
                            name=op.f("uq_bloqueios_sefaz_ambiente_cnpj_autorizador_servico")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bloqueios_sefaz")),
    )


def downgrade():
    op.drop_table("bloqueios_sefaz")
    op.drop_table("servicos_sefaz")
    op.drop_index("uq_contingencias_nfe_aberta", table_name="contingencias_nfe")
    op.drop_table("contingencias_nfe")
    with op.batch_alter_table("empresas") as batch:
        batch.drop_column("contingencia_automatica")
