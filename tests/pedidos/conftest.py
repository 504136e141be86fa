"""Fixtures da importação de pedidos: loja conectada ao simulador da Tray."""
import pytest

from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.pedidos import consultas_tray, listagem
from tests.pedidos.ajuda import Sim, conectar


@pytest.fixture(autouse=True)
def _sem_caches(app):
    app.config.update(TRAY_ESPERA_BASE_S=0.01, TRAY_TIMEOUT_LEITURA=5.0)
    descartar_cliente()
    consultas_tray.limpar_cache()
    listagem.limpar_cache()
    yield
    descartar_cliente()


@pytest.fixture
def sim(tray_sim):
    return Sim(tray_sim)


@pytest.fixture
def loja(app, tray_sim, sim):
    loja = conectar(app, tray_sim)
    sim.limpar_requisicoes()
    return loja
