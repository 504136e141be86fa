"""Vendas nascem da importação: as mesmas fixtures dos testes de pedidos (loja conectada ao simulador)."""
import pytest

from erp.extensions import db
from tests.pedidos.conftest import _sem_caches, sim  # noqa: F401
from tests.pedidos.conftest import loja as loja_conectada  # noqa: F401


@pytest.fixture
def loja(loja_conectada):  # noqa: F811
    """A loja importa também quem aguarda pagamento (o pedido 1004 da semente): aqui importa a lista de vendas,
    não a regra de quais pedidos entram."""
    loja_conectada.status_importaveis = ["AGUARDANDO PAGAMENTO", "A ENVIAR", "ENVIADO", "FINALIZADO"]
    db.session.commit()
    return loja_conectada
