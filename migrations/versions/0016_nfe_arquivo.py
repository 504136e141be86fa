"""nfe: arquivo dos XML (caminho e SHA-256) e e-mails ao comprador

Revision ID: 0016_nfe_arquivo
Revises: 0012_juncao
Create Date: 2026-12-04

"""
from alembic import op
import sqlalchemy as sa


revision = "0016_nfe_arquivo"
down_revision = "0012_juncao"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "arquivos_xml",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tipo", sa.String(length=20), nullable=False),
        sa.Column("caminho", sa.String(length=200), nullable=False),
        sa.Column("competencia", sa.String(length=7), nullable=False),
        sa.Column("ambiente", sa.String(length=12), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("tamanho", sa.Integer(), nullable=False),
        sa.Column("nota_id", sa.Integer(), nullable=True),
        sa.Column("evento_id", sa.Integer(), nullable=True),
        sa.Column("inutilizacao_id", sa.Integer(), nullable=True),
        sa.Column("arquivado_em", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["nota_id"], ["notas_fiscais.id"],
                                name=op.f("fk_arquivos_xml_nota_id_notas_fiscais"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["evento_id"], ["eventos_nfe.id"],
                                name=op.f("fk_arquivos_xml_evento_id_eventos_nfe"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["inutilizacao_id"], ["inutilizacoes_nfe.id"],
                                name=op.f("fk_arquivos_xml_inutilizacao_id_inutilizacoes_nfe"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arquivos_xml")),
        sa.UniqueConstraint("caminho", name=op.f("uq_arquivos_xml_caminho")),
    )
    with op.batch_alter_table("arquivos_xml") as batch:
        batch.create_index(batch.f("ix_arquivos_xml_competencia"), ["competencia"], unique=False)
        batch.create_index(batch.f("ix_arquivos_xml_nota_id"), ["nota_id"], unique=False)

    op.create_table(
        "emails_nfe",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referencia", sa.String(length=60), nullable=False),
        sa.Column("nota_id", sa.Integer(), nullable=False),
        sa.Column("evento_id", sa.Integer(), nullable=True),
        sa.Column("tipo", sa.String(length=20), nullable=False),
        sa.Column("destinatario", sa.String(length=200), nullable=False),
        sa.Column("assunto", sa.String(length=200), nullable=False),
        sa.Column("situacao", sa.String(length=20), nullable=False),
        sa.Column("tentativas", sa.Integer(), nullable=False),
        sa.Column("ultimo_erro", sa.Text(), nullable=True),
        sa.Column("proxima_tentativa_em", sa.DateTime(), nullable=True),
        sa.Column("enviado_em", sa.DateTime(), nullable=True),
        sa.Column("criado_em", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["nota_id"], ["notas_fiscais.id"],
                                name=op.f("fk_emails_nfe_nota_id_notas_fiscais"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["evento_id"], ["eventos_nfe.id"],
                                name=op.f("fk_emails_nfe_evento_id_eventos_nfe"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emails_nfe")),
        sa.UniqueConstraint("referencia", name=op.f("uq_emails_nfe_referencia")),
    )
    with op.batch_alter_table("emails_nfe") as batch:
        batch.create_index(batch.f("ix_emails_nfe_nota_id"), ["nota_id"], unique=False)
        batch.create_index(batch.f("ix_emails_nfe_situacao"), ["situacao"], unique=False)


def downgrade():
    op.drop_table("emails_nfe")
    op.drop_table("arquivos_xml")
