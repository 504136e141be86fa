"""Notificações da loja: formulário, novas tentativas com intervalos crescentes e entrega duplicada."""
from datetime import datetime

import pytest

from tests.sandbox.tray.apoio import Cliente, sandbox
from tests.sandbox.servidores import ServidorLocal


@pytest.fixture
def receptor():
    servidor = ServidorLocal()
    yield servidor
    servidor.parar()


def test_mudanca_de_pedido_notifica_por_formulario(tray_sim_factory, receptor):
    sim = tray_sim_factory(webhook_url=f"{receptor.url}/tray/webhook")
    Cliente(sim).put("/orders/1001", data={"Order[status_id]": "5"})
    recebido = receptor.esperar(1)[0]
    assert recebido["path"] == "/tray/webhook"
    assert recebido["tipo"].startswith("application/x-www-form-urlencoded")
    assert recebido["form"] == {"seller_id": "123456", "scope_id": "1001", "scope_name": "order", "act": "update",
                                "app_code": "718", "url_notification": f"{receptor.url}/tray/webhook"}


def test_escopos_de_produto_variacao_cliente_e_pedido_novo(tray_sim_factory, receptor):
    sim = tray_sim_factory(webhook_url=receptor.url)
    cliente = Cliente(sim)
    produto = cliente.post("/products", json={"Product": {"name": "Cuia", "price": "10"}}).json()["id"]
    cliente.put("/products/variants/880", json={"Variant": {"stock": "1"}})
    cliente.put("/customers/7", json={"Customer": {"phone": "1"}})
    resposta = sandbox(sim, "POST", "/orders", json={"Order": {
        "id": "1500", "status": "A ENVIAR", "date": "2026-11-22", "customer_id": "7", "partial_total": "19.90",
        "total": "19.90", "ProductsSold": [{"ProductsSold": {"product_id": "502", "variant_id": "880",
                                                             "name": "Pano", "quantity": "1", "price": "19.90"}}]}})
    assert resposta.status_code == 201
    recebidos = receptor.esperar(5)
    # Estoque mudado: a notificação da variação e a do escopo variant_stock (docs/tray.md, notificações).
    assert [(r["form"]["scope_name"], r["form"]["scope_id"], r["form"]["act"]) for r in recebidos] == [
        ("product", produto, "insert"), ("variant", "880", "update"), ("variant_stock", "880", "update"),
        ("customer", "7", "update"), ("order", "1500", "insert")]


def test_novas_tentativas_ate_200(tray_sim_factory):
    receptor = ServidorLocal(respostas_post=[500, 503])
    try:
        sim = tray_sim_factory(webhook_url=receptor.url, webhook_intervalos_s=(0.05, 0.2))
        Cliente(sim).put("/orders/cancel/1004")
        recebidos = receptor.esperar(3)
        assert [r["status"] for r in recebidos] == [500, 503, 200]
        assert sim.estado.notificador.aguardar(2)
        entregas = sandbox(sim, "GET", "/webhooks").json()["entregas"]
        assert [(e["tentativa"], e["status"], e["entregue"]) for e in entregas] == [
            (1, 500, False), (2, 503, False), (3, 200, True)]
        assert len({e["entrega"] for e in entregas}) == 1
    finally:
        receptor.parar()


def test_intervalos_crescentes_e_desistencia(tray_sim_factory):
    receptor = ServidorLocal(respostas_post=[500] * 10)
    try:
        sim = tray_sim_factory(webhook_url=receptor.url, webhook_intervalos_s=(0.05, 0.25),
                               webhook_max_tentativas=3)
        Cliente(sim).put("/orders/1001", json={"Order": {"sending_code": "X"}})
        assert sim.estado.notificador.aguardar(3)
        entregas = sandbox(sim, "GET", "/webhooks").json()["entregas"]
        assert [e["tentativa"] for e in entregas] == [1, 2, 3] and not any(e["entregue"] for e in entregas)
        horas = [datetime.fromisoformat(e["hora"]) for e in entregas]
        primeiro, segundo = [(b - a).total_seconds() for a, b in zip(horas, horas[1:])]
        assert primeiro >= 0.05 and segundo >= 0.25  # segundo intervalo maior que o primeiro
        assert len(receptor.recebidos) == 3
    finally:
        receptor.parar()


def test_entrega_duplicada(tray_sim_factory, receptor):
    sim = tray_sim_factory(webhook_url=receptor.url, webhook_duplicado=True)
    Cliente(sim).put("/orders/1002", data={"Order[status_id]": "5"})
    recebidos = receptor.esperar(2)
    assert len(recebidos) == 2 and recebidos[0]["form"] == recebidos[1]["form"]
    assert sim.estado.notificador.aguardar(2)
    assert len(receptor.recebidos) == 2


def test_sem_url_nada_e_enviado(tray_sim):
    Cliente(tray_sim).put("/orders/1002", data={"Order[status_id]": "5"})
    assert sandbox(tray_sim, "GET", "/webhooks").json()["entregas"] == []


def test_estoque_mudado_notifica_product_stock_e_preco_nao(tray_sim_factory, receptor):
    sim = tray_sim_factory(webhook_url=receptor.url)
    cliente = Cliente(sim)
    cliente.put("/products/501", json={"Product": {"price": "99.90"}})
    cliente.put("/products/501", json={"Product": {"stock": "3"}})
    cliente.put("/products/501", json={"Product": {"stock": "3"}})  # o mesmo número: não mudou
    recebidos = receptor.esperar(4)
    assert [(r["form"]["scope_name"], r["form"]["scope_id"]) for r in recebidos] == [
        ("product", "501"), ("product", "501"), ("product_stock", "501"), ("product", "501")]
