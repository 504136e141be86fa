"""Blueprints do módulo (a fábrica registra todos os encontrados aqui)."""
from erp.produtos.views_catalogo import bp  # noqa: F401
from erp.produtos.views_exportacao import bp_exportar, bp_imagens  # noqa: F401
