"""Fixtures do retorno à Tray: loja conectada ao simulador (com um status "NOTA FISCAL EMITIDA")."""
import logging

import pytest

from erp.lojas_virtuais import services as lojas
from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.retorno_tray import services
from erp.pedidos import consultas_tray
from tests.retorno_tray.apoio import Sim, semente


@pytest.fixture(autouse=True)
def _ajustes(app):
    """Esperas curtas no cliente da Tray e novas tentativas do retorno imediatas (na fila de teste)."""
    app.config.update(TRAY_ESPERA_BASE_S=0.01, TRAY_JANELA_S=1.0, TRAY_TIMEOUT_LEITURA=5.0,
                      RETORNO_TRAY_ESPERA_BASE_S=0, ERP_PERMITIR_REDE_LOCAL=True)  # simulador em 127.0.0.1
    logging.getLogger("erp.lojas_virtuais.tray").disabled = False
    descartar_cliente()
    consultas_tray.limpar_cache()
    yield
    descartar_cliente()
    consultas_tray.limpar_cache()


@pytest.fixture
def simulador(tray_sim_factory):
    return tray_sim_factory(semente(pedidos_extras=4))


@pytest.fixture
def sim(simulador):
    return Sim(simulador)


@pytest.fixture
def loja(app, simulador, sim):
    app.config.update(TRAY_CONSUMER_KEY=simulador.consumer_key, TRAY_CONSUMER_SECRET=simulador.consumer_secret)
    loja = lojas.conectar_loja(simulador.store_id, simulador.url_api, simulador.code, nome="Loja Bela Casa")
    sim.limpar_requisicoes()
    return loja


@pytest.fixture
def configurada(loja, sim):
    """Loja com o retorno ligado e o status "NOTA FISCAL EMITIDA" escolhido pelo nome."""
    services.salvar_configuracao(loja, ativo=True, alterar_status=True, status_nome="NOTA FISCAL EMITIDA")
    sim.limpar_requisicoes()
    return loja
