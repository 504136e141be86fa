"""junta os ramos: revisão dos produtos importados (0021), dados da Tray (0017), contingência da NF-e (0015),
tributação por produto (0014),
o pedido no documento (0013), rastreio, cancelamento e estoque da Tray (0018),
índices das listas (0020), limite da Tray compartilhado (0019),
arquivo dos XML e e-mails da NF-e (0016)

Revision ID: 0030_juncao
Revises: 0021_produtos_revisao, 0017_tray_dados, 0015_nfe_contingencia, 0014_fiscal_produtos,
  0013_nfe_pedido, 0018_tray_fluxos, 0020_indices_listas, 0019_limite_tray,
  0016_nfe_arquivo
"""
revision = "0030_juncao"
down_revision = ("0021_produtos_revisao", "0017_tray_dados", "0015_nfe_contingencia", "0014_fiscal_produtos",
                 "0013_nfe_pedido", "0018_tray_fluxos",
                 "0020_indices_listas", "0019_limite_tray", "0016_nfe_arquivo")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
