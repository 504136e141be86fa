"""listas: índices pela ordem e pelos filtros das listas de vendas, NF-e, pedidos com falha e produtos

Revision ID: 0020_indices_listas
Revises: 0012_juncao
"""
from alembic import op

revision = "0020_indices_listas"
down_revision = "0012_juncao"
branch_labels = None
depends_on = None

INDICES = (
    ("vendas", "ix_vendas_data_pedido_id", ["data_pedido", "id"]),
    ("vendas", "ix_vendas_situacao_data_pedido_id", ["situacao", "data_pedido", "id"]),
    ("vendas", "ix_vendas_loja_id_data_pedido_id", ["loja_id", "data_pedido", "id"]),
    ("vendas", "ix_vendas_cliente_id", ["cliente_id"]),
    ("notas_fiscais", "ix_notas_fiscais_situacao_emitida_em", ["situacao", "emitida_em"]),
    ("importacoes_pedidos", "ix_importacoes_pedidos_resultado_atualizado_em_id", ["resultado", "atualizado_em", "id"]),
    ("produtos", "ix_produtos_nome_id", ["nome", "id"]),
    ("produtos", "ix_produtos_ativo_nome_id", ["ativo", "nome", "id"]),
    ("produtos_lojas", "ix_produtos_lojas_produto_id", ["produto_id"]),
)


def upgrade():
    for tabela, nome, colunas in INDICES:
        op.create_index(nome, tabela, colunas, unique=False)
    # Busca por parte do nome do cliente: trigramas no PostgreSQL (extensão confiável, o dono do banco a cria).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index("ix_clientes_nome_trgm", "clientes", ["nome"], unique=False, postgresql_using="gin",
                    postgresql_ops={"nome": "gin_trgm_ops"})


def downgrade():
    op.drop_index("ix_clientes_nome_trgm", table_name="clientes")
    for tabela, nome, _ in reversed(INDICES):
        op.drop_index(nome, table_name=tabela)
