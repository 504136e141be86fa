"""Limites de requisições (429) e falhas programadas pelo /_sandbox/falhas."""
from datetime import datetime, time, timedelta

import pytest
import requests

from erp.sandbox.tray import semente_minima
from tests.sandbox.tray.apoio import Cliente, corpo_de_erro, sandbox

CORPO_429 = corpo_de_erro(429, "//orders", ["Limite de requisições excedido"])


def test_limite_por_minuto(tray_sim_factory):
    sim = tray_sim_factory(semente_minima(rate_limit_per_minute=5))
    cliente = Cliente(sim)  # POST /auth conta: 1
    assert cliente.get("/orders").status_code == 200
    assert cliente.get("/orders", {"access_token": "errado"}).status_code == 401  # 4xx também conta
    assert Cliente(sim, token="").get("/products").status_code == 200  # público também conta
    assert cliente.get("/nao-existe").status_code == 404  # 5ª
    excedida = cliente.get("/orders")
    assert excedida.status_code == 429
    assert excedida.json() == CORPO_429
    assert "Retry-After" not in excedida.headers
    for _ in range(3):
        assert cliente.get("/orders").status_code == 429
    situacao = sandbox(sim, "GET", "/limites").json()
    assert situacao["usados_ultimo_minuto"] == 5 and situacao["por_minuto"] == 5
    sandbox(sim, "POST", "/limites", json={"por_minuto": 7})
    assert cliente.get("/orders").status_code == 200
    assert cliente.get("/orders").status_code == 200
    assert cliente.get("/orders").status_code == 429
    registro = sandbox(sim, "GET", "/requests").json()["requests"]
    assert [r["status"] for r in registro].count(429) == 5


def test_limite_diario_segue_o_dia_de_brasilia(tray_sim_factory):
    sim = tray_sim_factory(semente_minima(rate_limit_per_day=3))
    cliente = Cliente(sim)  # POST /auth conta: 1
    respostas = [cliente.get("/orders") for _ in range(3)]
    assert [r.status_code for r in respostas] == [200, 200, 429]
    assert respostas[-1].json() == CORPO_429 and "Retry-After" not in respostas[-1].headers
    assert Cliente(sim, token="").get("/products").status_code == 429  # público também esbarra na cota
    situacao = sandbox(sim, "GET", "/limites").json()
    assert (situacao["por_dia"], situacao["usados_hoje"]) == (3, 3)
    agora = datetime.fromisoformat(sandbox(sim, "GET", "/clock").json()["agora"])
    meia_noite = datetime.combine(agora.date() + timedelta(days=1), time())
    sandbox(sim, "POST", "/clock", json={"advance_s": (meia_noite - agora).total_seconds() - 2})
    assert cliente.get("/orders").status_code == 429  # 23:59:58 em Brasília: ainda o mesmo dia
    sandbox(sim, "POST", "/clock", json={"advance_s": 3})
    novo = Cliente(sim)  # dia novo, cota nova (o token antigo já expirou: o POST /auth conta 1)
    assert novo.get("/orders").status_code == 200
    assert sandbox(sim, "GET", "/limites").json()["usados_hoje"] == 2


@pytest.fixture
def cliente(tray_sim):
    return Cliente(tray_sim)


def _falha(sim, **dados):
    resposta = sandbox(sim, "POST", "/falhas", json=dados)
    assert resposta.status_code == 200, resposta.text


def test_falha_500_e_429(cliente, tray_sim):
    _falha(tray_sim, tipo="500", quantidade=2)
    respostas = [cliente.get("/orders") for _ in range(3)]
    assert [r.status_code for r in respostas] == [500, 500, 200]
    assert respostas[0].json() == corpo_de_erro(500, "//orders", ["Erro interno simulado"])
    _falha(tray_sim, tipo="429")
    resposta = cliente.get("/orders")
    assert resposta.status_code == 429 and resposta.json() == CORPO_429
    assert "Retry-After" not in resposta.headers
    assert cliente.get("/orders").status_code == 200


def test_falha_json_invalido(cliente, tray_sim):
    _falha(tray_sim, tipo="json_invalido")
    resposta = cliente.get("/orders")
    assert resposta.status_code == 200
    with pytest.raises(ValueError):
        resposta.json()
    assert cliente.get("/orders").json()["paging"]["total"] == 4


def test_falha_desconectar(cliente, tray_sim):
    _falha(tray_sim, tipo="desconectar")
    with pytest.raises(requests.ConnectionError):
        cliente.get("/orders")
    assert cliente.get("/orders").status_code == 200
    ultimos = sandbox(tray_sim, "GET", "/requests").json()["requests"][-2:]
    assert ultimos[0]["falha"] == "desconectar" and ultimos[0]["status"] is None


def test_falha_lenta(cliente, tray_sim):
    _falha(tray_sim, tipo="lento", atraso_s=0.6)
    with pytest.raises(requests.Timeout):
        cliente.get("/orders", timeout=0.2)
    _falha(tray_sim, tipo="lento", atraso_s=0.3)
    resposta = cliente.get("/orders")
    assert resposta.status_code == 200 and resposta.elapsed.total_seconds() >= 0.3


def test_falha_com_prefixo(cliente, tray_sim):
    _falha(tray_sim, tipo="500", prefixo="/orders", quantidade=1)
    assert cliente.get("/products").status_code == 200
    assert cliente.get("/customers").status_code == 200
    assert cliente.get("/orders/1001/complete").status_code == 500
    assert cliente.get("/orders/1001/complete").status_code == 200
    assert sandbox(tray_sim, "POST", "/falhas", json={"tipo": "explodir"}).status_code == 400


def test_registro_de_requisicoes(cliente, tray_sim):
    cliente.get("/orders", {"limit": 2})
    ultimo = sandbox(tray_sim, "GET", "/requests").json()["requests"][-1]
    assert ultimo["method"] == "GET" and ultimo["path"] == "/web_api/orders" and ultimo["status"] == 200
    assert ultimo["query"]["limit"] == "2" and len(ultimo["time"]) == 19
