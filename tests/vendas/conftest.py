"""Vendas nascem da importação: as mesmas fixtures dos testes de pedidos (loja conectada ao simulador)."""
from tests.pedidos.conftest import _sem_caches, loja, sim  # noqa: F401
