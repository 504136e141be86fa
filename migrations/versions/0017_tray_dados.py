"""tray: sondagem periódica dos pedidos por loja; imagens conferidas na loja (por produto), cópia para a Tray

Revision ID: 0017_tray_dados
Revises: 0012_juncao

- `lojas_virtuais.sondagem_min` (0 = desligada) e `sondagem_em` (início da última sondagem completa);
- `produto_imagens.arquivo_tray`: a cópia reduzida que vai à Tray (350 KB, 2000×2000), quando a original não cabe;
- `imagens_enviadas`: uma linha por imagem e destino (`alvo` "p:<produto>" ou "v:<variação>") em vez de uma por
  conteúdo na loja; `confirmada_em` (a Tray já mostra) e `tentativas` (envios);
- `produtos_lojas.erro_imagens`: o que a Tray não mostrou depois dos reenvios.
"""
import sqlalchemy as sa
from alembic import op

revision = "0017_tray_dados"
down_revision = "0012_juncao"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("lojas_virtuais") as batch:
        batch.add_column(sa.Column("sondagem_min", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("sondagem_em", sa.DateTime(), nullable=True))
    with op.batch_alter_table("produto_imagens") as batch:
        batch.add_column(sa.Column("arquivo_tray", sa.String(length=300), nullable=True))
    with op.batch_alter_table("produtos_lojas") as batch:
        batch.add_column(sa.Column("erro_imagens", sa.Text(), nullable=True))
    with op.batch_alter_table("imagens_enviadas") as batch:
        batch.add_column(sa.Column("alvo", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("confirmada_em", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("tentativas", sa.Integer(), nullable=False, server_default="1"))
    # As já enviadas contam como vistas pela Tray (foram aceitas pelo comportamento antigo); o destino vem da
    # variação, se houver, senão do produto. Linhas sem produto nem variação (excluídos) saem.
    op.execute(sa.text("DELETE FROM imagens_enviadas WHERE produto_id IS NULL AND variacao_id IS NULL"))
    op.execute(sa.text("UPDATE imagens_enviadas SET alvo = 'v:' || CAST(variacao_id AS VARCHAR(20)), "
                       "confirmada_em = enviada_em WHERE variacao_id IS NOT NULL"))
    op.execute(sa.text("UPDATE imagens_enviadas SET alvo = 'p:' || CAST(produto_id AS VARCHAR(20)), "
                       "confirmada_em = enviada_em WHERE variacao_id IS NULL"))
    with op.batch_alter_table("imagens_enviadas") as batch:
        batch.alter_column("alvo", existing_type=sa.String(length=30), nullable=False)
        batch.drop_constraint("uq_imagens_enviadas_loja_id_sha256", type_="unique")
        batch.create_unique_constraint("uq_imagens_enviadas_loja_id_alvo_sha256", ["loja_id", "alvo", "sha256"])


def downgrade():
    op.execute(sa.text("DELETE FROM imagens_enviadas WHERE id NOT IN "
                       "(SELECT MIN(id) FROM imagens_enviadas GROUP BY loja_id, sha256)"))
    with op.batch_alter_table("imagens_enviadas") as batch:
        batch.drop_constraint("uq_imagens_enviadas_loja_id_alvo_sha256", type_="unique")
        batch.create_unique_constraint("uq_imagens_enviadas_loja_id_sha256", ["loja_id", "sha256"])
        batch.drop_column("tentativas")
        batch.drop_column("confirmada_em")
        batch.drop_column("alvo")
    with op.batch_alter_table("produtos_lojas") as batch:
        batch.drop_column("erro_imagens")
    with op.batch_alter_table("produto_imagens") as batch:
        batch.drop_column("arquivo_tray")
    with op.batch_alter_table("lojas_virtuais") as batch:
        batch.drop_column("sondagem_em")
        batch.drop_column("sondagem_min")
