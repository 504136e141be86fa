"""Blueprints do módulo (registrados pela fábrica): pedidos, vendas e webhooks."""
from erp.vendas.views_pedidos import bp as pedidos_bp  # noqa: F401
from erp.vendas.views_vendas import bp as vendas_bp  # noqa: F401
from erp.vendas.views_webhooks import bp as webhooks_bp  # noqa: F401
