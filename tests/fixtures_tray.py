"""Fixtures do simulador da loja Tray (importadas em tests/conftest.py com `from tests.fixtures_tray import *`).

- `tray_sim`: simulador com `semente_minima()` numa porta livre, parado ao fim do teste.
- `tray_sim_factory(seed=None, **opcoes)`: cria simuladores sob medida (seed None = semente_minima(),
  "demo" = semente de demonstração); todos são parados ao fim do teste.
- `tray_tokens`: resposta de POST /auth no `tray_sim` (access_token, refresh_token, ...).
"""
import pytest
import requests

from erp.sandbox.tray import iniciar_em_thread, semente_minima
from erp.sandbox.tray.semente import carregar_semente

# Novas tentativas de webhook rápidas nos testes (na loja real são minutos).
INTERVALOS_TESTE = (0.05, 0.1, 0.2)

__all__ = ["tray_sim", "tray_sim_factory", "tray_tokens", "obter_tokens"]


def _iniciar(seed=None, **opcoes):
    if seed is None:
        seed = semente_minima()
    elif seed == "demo":
        seed = carregar_semente()
    opcoes.setdefault("webhook_intervalos_s", INTERVALOS_TESTE)
    opcoes.setdefault("timeout_imagem_s", 2.0)
    return iniciar_em_thread(seed, **opcoes)


def obter_tokens(simulador) -> dict:
    """Troca o code do simulador por um par de tokens (POST /auth, form-encoded, como a Tray pede)."""
    resposta = requests.post(f"{simulador.url_api}/auth", data={
        "consumer_key": simulador.consumer_key, "consumer_secret": simulador.consumer_secret,
        "code": simulador.code}, timeout=5)
    resposta.raise_for_status()
    return resposta.json()


@pytest.fixture
def tray_sim():
    simulador = _iniciar()
    yield simulador
    simulador.parar()


@pytest.fixture
def tray_sim_factory():
    criados = []

    def fabricar(seed=None, **opcoes):
        simulador = _iniciar(seed, **opcoes)
        criados.append(simulador)
        return simulador

    yield fabricar
    for simulador in criados:
        simulador.parar()


@pytest.fixture
def tray_tokens(tray_sim):
    return obter_tokens(tray_sim)
