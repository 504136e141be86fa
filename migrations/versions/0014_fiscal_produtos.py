"""fiscal por produto (ST, FCP, cBenef, nFCI, IBS/CBS), modo do IBS/CBS da empresa, vigência e fonte das
alíquotas por UF e a tabela do IBPT

Revision ID: 0014_fiscal_produtos
Revises: 0012_juncao

A empresa que já tinha ligado o IBS/CBS fica no modo "sempre"; as demais, "automatico" (docs/fiscal.md).
"""
import sqlalchemy as sa
from alembic import op

import erp.comum.tipos

revision = "0014_fiscal_produtos"
down_revision = "0012_juncao"
branch_labels = None
depends_on = None

def _dec(precisao, escala):
    return erp.comum.tipos.Decimal_(precision=precisao, scale=escala)


_PRODUTO = (
    ("cst_icms", sa.String(length=2)), ("csosn", sa.String(length=3)), ("cbenef", sa.String(length=10)),
    ("nfci", sa.String(length=36)), ("st_mva", _dec(7, 4)), ("st_aliquota_interna", _dec(5, 2)),
    ("st_reducao_base", _dec(5, 2)), ("st_fcp", _dec(5, 2)), ("fcp_interno", _dec(5, 2)),
    ("fcp_destino", _dec(5, 2)), ("st_retido_base", _dec(15, 4)), ("st_retido_aliquota", _dec(5, 2)),
    ("st_retido_valor", _dec(15, 4)), ("cst_ibs_cbs", sa.String(length=3)), ("cclass_trib", sa.String(length=6)),
)


def upgrade():
    with op.batch_alter_table("produtos") as batch:
        for nome, tipo in _PRODUTO:
            batch.add_column(sa.Column(nome, tipo, nullable=True))
        batch.add_column(sa.Column("substituicao_tributaria", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("empresas") as batch:
        batch.add_column(sa.Column("ibs_cbs_modo", sa.String(length=12), nullable=False,
                                   server_default="automatico"))
        batch.add_column(sa.Column("cst_ibs_cbs_padrao", sa.String(length=3), nullable=False, server_default=""))
        batch.add_column(sa.Column("cclass_trib_padrao", sa.String(length=6), nullable=False, server_default=""))
    op.execute(sa.text("UPDATE empresas SET ibs_cbs_modo = 'sempre' WHERE ibs_cbs_ativo = :sim")
               .bindparams(sim=True))
    with op.batch_alter_table("aliquotas_uf") as batch:
        batch.add_column(sa.Column("vigencia", sa.Date(), nullable=True))
        batch.add_column(sa.Column("fonte", sa.String(length=300), nullable=False, server_default=""))
    op.create_table(
        "tabela_ibpt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("codigo", sa.String(length=10), nullable=False),
        sa.Column("ex", sa.String(length=3), nullable=False, server_default=""),
        sa.Column("tipo", sa.String(length=1), nullable=False, server_default="0"),
        sa.Column("descricao", sa.String(length=500), nullable=False, server_default=""),
        sa.Column("nacional_federal", _dec(7, 2), nullable=False),
        sa.Column("importados_federal", _dec(7, 2), nullable=False),
        sa.Column("estadual", _dec(7, 2), nullable=False),
        sa.Column("municipal", _dec(7, 2), nullable=False),
        sa.Column("vigencia_inicio", sa.Date(), nullable=True),
        sa.Column("vigencia_fim", sa.Date(), nullable=True),
        sa.Column("chave", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("versao", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("fonte", sa.String(length=60), nullable=False, server_default=""),
        sa.Column("uf", sa.String(length=2), nullable=False, server_default=""),
        sa.UniqueConstraint("codigo", "ex", "tipo"),
    )


def downgrade():
    op.drop_table("tabela_ibpt")
    with op.batch_alter_table("aliquotas_uf") as batch:
        batch.drop_column("fonte")
        batch.drop_column("vigencia")
    with op.batch_alter_table("empresas") as batch:
        for nome in ("cclass_trib_padrao", "cst_ibs_cbs_padrao", "ibs_cbs_modo"):
            batch.drop_column(nome)
    with op.batch_alter_table("produtos") as batch:
        batch.drop_column("substituicao_tributaria")
        for nome, _ in reversed(_PRODUTO):
            batch.drop_column(nome)
