"""Rotas de controle do simulador: pedidos criados/alterados em tempo de execução, relógio, info."""
import pytest

from tests.sandbox.tray.apoio import Cliente, sandbox

NOVO = {"Order": {"id": "1500", "status": "AGUARDANDO PAGAMENTO", "date": "2026-11-22", "hour": "10:00:00",
                  "customer_id": "8", "partial_total": "259.80", "shipment_value": "10.00", "total": "269.80",
                  "ProductsSold": [{"ProductsSold": {"product_id": "501", "name": "Chaleira Inox 2 L",
                                                     "quantity": "2", "price": "129.90"}}]}}


@pytest.fixture
def cliente(tray_sim):
    return Cliente(tray_sim)


def test_criar_pedido_em_tempo_de_execucao(cliente, tray_sim):
    assert sandbox(tray_sim, "POST", "/orders", json=NOVO).status_code == 201
    pedido = cliente.get("/orders/1500/complete").json()["Order"]
    assert pedido["status"] == "AGUARDANDO PAGAMENTO" and pedido["Customer"]["id"] == "8"
    assert pedido["ProductsSold"][0]["ProductsSold"]["id"] and pedido["total"] == "269.80"
    assert sandbox(tray_sim, "POST", "/orders", json=NOVO).status_code == 400
    quebrado = {"Order": {**NOVO["Order"], "id": "1501", "total": "1.00"}}
    resposta = sandbox(tray_sim, "POST", "/orders", json=quebrado)
    assert resposta.status_code == 400 and "total" in resposta.json()["erro"]
    assert sandbox(tray_sim, "POST", "/orders", json={**quebrado, "validar": False}).status_code == 201


def test_pedido_em_tempo_de_execucao_com_cupom_fora_de_discount(cliente, tray_sim):
    pedido = {**NOVO["Order"], "id": "1600", "discount_coupon": "PROMO/9.80", "progressive_discount": "5.00",
              "cart_additional_values_increase": "7.90", "total": "262.90"}
    resposta = sandbox(tray_sim, "POST", "/orders", json={"Order": pedido})
    assert resposta.status_code == 201, resposta.text
    servido = cliente.get("/orders/1600").json()["Order"]
    assert servido["coupon"] == {"code": "PROMO", "discount": "9.80"} and servido["total"] == "262.90"
    errado = sandbox(tray_sim, "POST", "/orders", json={"Order": {**pedido, "id": "1601", "total": "270.00"}})
    assert errado.status_code == 400 and "cart_additional_values_increase" in errado.json()["erro"]


def test_alterar_pedido_em_tempo_de_execucao(cliente, tray_sim):
    resposta = sandbox(tray_sim, "PUT", "/orders/1004", json={"Order": {
        "status": "A ENVIAR", "has_payment": "1", "payment_date": "2026-11-22"}})
    assert resposta.status_code == 200
    pedido = cliente.get("/orders/1004").json()["Order"]
    assert pedido["status"] == "A ENVIAR" and pedido["has_payment"] == "1"
    assert pedido["payment_date"] == "2026-11-22" and pedido["total"] == "34.90"
    assert sandbox(tray_sim, "GET", "/emails").json()["emails"] == []
    ruim = sandbox(tray_sim, "PUT", "/orders/1004", json={"Order": {"shipment_value": "99.00"}})
    assert ruim.status_code == 400
    assert sandbox(tray_sim, "PUT", "/orders/4040", json={"Order": {"status": "A ENVIAR"}}).status_code == 404


def test_info_e_relogio(tray_sim):
    info = sandbox(tray_sim, "GET", "/info").json()
    assert info["url_api"] == tray_sim.url_api and info["store_id"] == "123456"
    antes = sandbox(tray_sim, "GET", "/clock").json()
    depois = sandbox(tray_sim, "POST", "/clock", json={"advance_s": 86400}).json()
    assert depois["deslocamento_s"] - antes["deslocamento_s"] == 86400
    assert depois["agora"][:10] > antes["agora"][:10]
    assert tray_sim.url_base.startswith("http://127.0.0.1:") and tray_sim.url_api == tray_sim.url_base + "/web_api"
