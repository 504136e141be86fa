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

# Busca por parte do texto (ILIKE '%texto%'): GIN de trigramas no PostgreSQL; no SQLite, índice comum.
TRIGRAMAS = (
    ("clientes", "ix_clientes_nome_trgm", "nome"),
    ("produtos", "ix_produtos_nome_trgm", "nome"),
    ("produtos", "ix_produtos_referencia_trgm", "referencia"),
)


def upgrade():
    for tabela, nome, colunas in INDICES:
        op.create_index(nome, tabela, colunas, unique=False)
    # pg_trgm é extensão confiável (PostgreSQL 13+): o dono do banco a cria sem ser superusuário.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for tabela, nome, coluna in TRIGRAMAS:
        op.create_index(nome, tabela, [coluna], unique=False, postgresql_using="gin",
                        postgresql_ops={coluna: "gin_trgm_ops"})


def downgrade():
    for tabela, nome, _ in reversed(TRIGRAMAS):
        op.drop_index(nome, table_name=tabela)
    for tabela, nome, _ in reversed(INDICES):
        op.drop_index(nome, table_name=tabela)
