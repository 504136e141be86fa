"""revisão dos produtos que a importação de pedidos cadastrou

Revision ID: 0021_produtos_revisao
Revises: 0012_juncao

`criado_na_importacao` marca o produto que nasceu de um item de pedido da Tray; `completado_da_tray_em` diz
quando o nome, a referência e a descrição foram lidos do produto na loja; `revisado_em`, quando alguém da equipe
o conferiu na tela Produtos → Revisar. Nos dados que já existem, conta como criado na importação o produto com a
referência inventada (TRAY<loja>-<id>) que ninguém alterou desde então.
"""
import sqlalchemy as sa
from alembic import op

revision = "0021_produtos_revisao"
down_revision = "0012_juncao"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("produtos") as batch:
        batch.add_column(sa.Column("criado_na_importacao", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("completado_da_tray_em", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("revisado_em", sa.DateTime(), nullable=True))
        batch.create_index("ix_produtos_revisao", ["criado_na_importacao", "revisado_em"])
    op.execute(sa.text("UPDATE produtos SET criado_na_importacao = :sim WHERE referencia LIKE 'TRAY%'")
               .bindparams(sim=True))


def downgrade():
    with op.batch_alter_table("produtos") as batch:
        batch.drop_index("ix_produtos_revisao")
        batch.drop_column("revisado_em")
        batch.drop_column("completado_da_tray_em")
        batch.drop_column("criado_na_importacao")
