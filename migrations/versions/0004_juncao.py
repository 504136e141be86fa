"""junta os ramos dos módulos

Revision ID: 0004_juncao
Revises: 0002_produtos_exportacao, 0002_vendas_importacao, 0003_nfe_sefaz_comunicacao, 0003_retorno_tray
Create Date: 2026-11-23 18:25:39.955250

"""
from alembic import op
import sqlalchemy as sa

import erp.comum.cripto  # noqa: F401  (tipos de coluna próprios)
import erp.comum.tipos  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0004_juncao'
down_revision = ('0002_produtos_exportacao', '0002_vendas_importacao', '0003_nfe_sefaz_comunicacao', '0003_retorno_tray')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
