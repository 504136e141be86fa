"""confiança: estoque definido no ERP (produtos e variações) e status mantido no retorno à Tray

Revision ID: 0009_confianca_produtos
Revises: 0006_produtos_unicos

O estoque só vai às lojas quando foi definido no ERP. Nos dados que já existem, conta como definido o item
com algum movimento que não seja de venda nem de cancelamento (ajuste, planilha, inventário), o que já foi
exportado pelo ERP e o que não está ligado a nenhuma loja (nasceu no cadastro do ERP). Fica sem: o item que só
a importação de pedidos criou e ligou à loja.
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_confianca_produtos"
down_revision = "0006_produtos_unicos"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("produtos") as batch:
        batch.add_column(sa.Column("estoque_definido", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("variacoes") as batch:
        batch.add_column(sa.Column("estoque_definido", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("envios_tray") as batch:
        batch.add_column(sa.Column("status_mantido", sa.String(length=120), nullable=True))

    op.execute(sa.text("""
        UPDATE produtos SET estoque_definido = :sim
        WHERE EXISTS (SELECT 1 FROM movimentos_estoque m WHERE m.produto_id = produtos.id
                      AND m.variacao_id IS NULL AND m.motivo NOT IN ('venda', 'cancelamento'))
           OR EXISTS (SELECT 1 FROM produtos_lojas pl WHERE pl.produto_id = produtos.id
                      AND pl.exportado_em IS NOT NULL)
           OR NOT EXISTS (SELECT 1 FROM produtos_lojas pl WHERE pl.produto_id = produtos.id)
    """).bindparams(sim=True))
    op.execute(sa.text("""
        UPDATE variacoes SET estoque_definido = :sim
        WHERE EXISTS (SELECT 1 FROM movimentos_estoque m WHERE m.variacao_id = variacoes.id
                      AND m.motivo NOT IN ('venda', 'cancelamento'))
           OR EXISTS (SELECT 1 FROM variacoes_lojas vl WHERE vl.variacao_id = variacoes.id
                      AND vl.assinatura IS NOT NULL)
           OR NOT EXISTS (SELECT 1 FROM variacoes_lojas vl WHERE vl.variacao_id = variacoes.id)
    """).bindparams(sim=True))


def downgrade():
    with op.batch_alter_table("envios_tray") as batch:
        batch.drop_column("status_mantido")
    with op.batch_alter_table("variacoes") as batch:
        batch.drop_column("estoque_definido")
    with op.batch_alter_table("produtos") as batch:
        batch.drop_column("estoque_definido")
