"""Pedidos: forma da lista e do /complete, mudança de status, cancelamento e catálogo de status."""
import pytest

from erp.sandbox.tray import semente_minima
from tests.sandbox.tray.apoio import Cliente, confere_valores, folhas, sandbox


@pytest.fixture
def cliente(tray_sim):
    return Cliente(tray_sim)


def test_lista_traz_so_ids_dos_filhos(cliente):
    pedido = cliente.get("/orders", {"id": "1002"}).json()["Orders"][0]["Order"]
    assert pedido["ProductsSold"] == [{"id": "100201"}, {"id": "100202"}]
    assert "Customer" not in pedido
    assert pedido["OrderStatus"]["status"] == pedido["status"] == "A ENVIAR"
    assert cliente.get("/orders/1002").json() == {"Order": pedido}


def test_pedido_completo(cliente):
    corpo = cliente.get("/orders/1003/complete").json()
    assert list(corpo) == ["Order", "Extensions", "User", "Confirmation"]
    pedido = corpo["Order"]
    assert pedido["Customer"]["id"] == "9" and pedido["Customer"]["cpf"] == "11144477735"
    endereco = pedido["Customer"]["CustomerAddresses"][0]["CustomerAddress"]
    assert endereco["type_delivery"] == "1" and endereco["city"] == "Belo Horizonte"
    item = pedido["ProductsSold"][0]["ProductsSold"]
    assert item["product_id"] == "501" and item["variant_id"] == "0" and item["ncm"] == "73239300"
    marketplace = pedido["MarketplaceOrder"][0]["MarketplaceOrder"]
    assert marketplace["marketplace_name"] == "MERCADO LIVRE"
    assert marketplace["payment_responsible_document"] == "10573521000191"
    assert pedido["point_sale"] == "MERCADO LIVRE"
    for caminho, valor in folhas(pedido):
        assert isinstance(valor, str) or valor is None and caminho.endswith("children"), caminho
    assert pedido["shipment_date"] == "0000-00-00"


def test_identidade_de_valores_nos_pedidos_servidos(cliente):
    for resumo in cliente.get("/orders").json()["Orders"]:
        pedido = cliente.get(f"/orders/{resumo['Order']['id']}/complete").json()["Order"]
        assert confere_valores(pedido) == "dentro"  # a semente mínima guarda o cupom dentro de discount


def test_pedido_com_cupom_descontos_progressivos_e_valores_adicionais(tray_sim_factory):
    cliente = Cliente(tray_sim_factory(semente_minima(todos_os_valores=True)))
    resumo = cliente.get("/orders/1005").json()["Order"]
    pedido = cliente.get("/orders/1005/complete").json()["Order"]
    for campo in ("partial_total", "discount", "coupon", "discount_coupon", "progressive_discount",
                  "shipping_progressive_discount", "cart_additional_values_discount",
                  "cart_additional_values_increase", "shipment_value", "taxes", "payment_method_rate", "interest",
                  "total"):
        assert resumo[campo] == pedido[campo], campo
    assert (pedido["partial_total"], pedido["discount"], pedido["coupon"], pedido["discount_coupon"]) == (
        "319.50", "15.97", {"code": "BEMVINDO", "discount": "20.00"}, "BEMVINDO/20.00")
    assert (pedido["progressive_discount"], pedido["shipping_progressive_discount"]) == ("8.00", "5.00")
    assert (pedido["cart_additional_values_discount"], pedido["cart_additional_values_increase"]) == ("3.00", "7.90")
    assert pedido["total"] == "308.48" and confere_valores(pedido) == "fora"
    assert cliente.get("/orders/1001").json()["Order"]["cart_additional_values_increase"] == "0.00"
    assert cliente.put("/orders/1005", json={"Order": {"discount": "0"}}).status_code == 200
    assert cliente.get("/orders/1005").json()["Order"]["total"] == "324.45"  # o cupom continua fora
    assert cliente.put("/orders/1001", json={"Order": {"discount": "10.00", "shipment_value": "30"}}).status_code == 200
    assert cliente.get("/orders/1001").json()["Order"]["total"] == "279.80"  # cupom dentro de discount


def test_mudanca_de_status_por_form_registra_email(cliente, tray_sim):
    antes = cliente.get("/orders/1001").json()["Order"]["modified"]
    sandbox(tray_sim, "POST", "/clock", json={"advance_s": 120})
    resposta = cliente.put("/orders/1001", data={"Order[status_id]": "5", "Order[sending_code]": "BR999BR",
                                                 "Order[sending_date]": "2026-11-21"})
    assert resposta.status_code == 200
    assert resposta.json() == {"message": "Saved", "id": "1001", "code": 200}
    pedido = cliente.get("/orders/1001/complete").json()["Order"]
    assert pedido["status"] == "ENVIADO" and pedido["OrderStatus"]["id"] == "5"
    assert pedido["sending_code"] == "BR999BR" and pedido["sending_date"] == "2026-11-21"
    assert pedido["modified"] > antes
    emails = sandbox(tray_sim, "GET", "/emails").json()["emails"]
    assert [(e["para"], e["order_id"], e["status"]) for e in emails] == [("carla@example.com", "1001", "ENVIADO")]
    assert cliente.get("/orders", {"status": "ENVIADO"}).json()["paging"]["total"] == 2


def test_mudanca_de_status_por_json_e_status_desconhecido(cliente, tray_sim):
    ok = cliente.put("/orders/1002", json={"Order": {"status_id": "6", "tracking_url": "https://rastreio/x"}})
    assert ok.status_code == 200
    assert cliente.get("/orders/1002").json()["Order"]["status"] == "FINALIZADO"
    ruim = cliente.put("/orders/1002", json={"Order": {"status_id": "77"}})
    assert ruim.status_code == 400
    assert ruim.json()["code"] == 400 and ruim.json()["message"] == "Bad Request"
    assert ruim.json()["causes"][0].startswith("status_id:")
    assert cliente.get("/orders/1002").json()["Order"]["status"] == "FINALIZADO"
    sem_envelope = cliente.put("/orders/1002", json={"status_id": "4"})
    assert sem_envelope.status_code == 400
    assert len(sandbox(tray_sim, "GET", "/emails").json()["emails"]) == 1


def test_cancelamento(cliente, tray_sim):
    resposta = cliente.put("/orders/cancel/1004")
    assert resposta.json() == {"message": "Canceled", "id": "1004", "code": 200}
    assert cliente.get("/orders/1004").json()["Order"]["status"] == "CANCELADO"
    assert sandbox(tray_sim, "GET", "/emails").json()["emails"][-1]["status"] == "CANCELADO"
    assert cliente.put("/orders/cancel/424242").status_code == 404


def test_catalogo_de_status(cliente):
    lista = cliente.get("/orders/statuses").json()
    nomes = [s["OrderStatus"]["status"] for s in lista["OrderStatuses"]]
    assert nomes == ["AGUARDANDO PAGAMENTO", "A ENVIAR", "ENVIADO", "FINALIZADO", "CANCELADO"]
    assert cliente.get("/orders/statuses/9").json()["OrderStatus"]["type"] == "canceled"
    criado = cliente.post("/orders/statuses", json={"OrderStatus": {"status": "EM PRODUÇÃO", "type": "open"}})
    assert criado.status_code == 201 and criado.json()["message"] == "Created"
    novo = criado.json()["id"]
    assert cliente.get(f"/orders/statuses/{novo}").json()["OrderStatus"]["status"] == "EM PRODUÇÃO"
    assert cliente.put("/orders/1001", data={"Order[status_id]": novo}).status_code == 200
    assert cliente.get("/orders", {"status": "EM PRODUÇÃO"}).json()["paging"]["total"] == 1
    repetido = cliente.post("/orders/statuses", data={"OrderStatus[status]": "EM PRODUÇÃO"})
    assert repetido.status_code == 400


def test_alterar_valores_recalcula_o_total(cliente):
    assert cliente.put("/orders/1001", json={"Order": {"shipment_value": "30.00", "discount": "0"}}).status_code == 200
    pedido = cliente.get("/orders/1001").json()["Order"]
    assert (pedido["shipment_value"], pedido["discount"], pedido["total"]) == ("30.00", "0.00", "289.80")
    assert cliente.put("/orders/1001", json={"Order": {"taxes": "abc"}}).json()["causes"] == ["taxes: valor inválido"]


def test_pedidos_alterados_num_intervalo_de_modified(cliente, tray_sim):
    """modified=início,fim (tray-api.md §2.3 e §4.2): intervalo fechado, por data ou por data e hora."""
    todos = {o["Order"]["id"]: o["Order"]["modified"] for o in cliente.get("/orders").json()["Orders"]}
    dias = sorted({m[:10] for m in todos.values()})
    faixa = cliente.get("/orders", {"modified": f"{dias[0]},{dias[1]}"}).json()
    assert faixa["appliedFilters"] == {"modified": f"{dias[0]},{dias[1]}"}
    assert {o["Order"]["id"] for o in faixa["Orders"]} == {i for i, m in todos.items() if m[:10] in dias[:2]}
    um_dia = cliente.get("/orders", {"modified": f"{dias[1]},{dias[1]}"}).json()["Orders"]
    assert {o["Order"]["id"] for o in um_dia} == {i for i, m in todos.items() if m[:10] == dias[1]}
    invertido = cliente.get("/orders", {"modified": f"{dias[-1]},{dias[0]}"}).json()
    assert invertido["paging"]["total"] == 0
    sandbox(tray_sim, "POST", "/clock", json={"advance_s": 5})
    inicio = sandbox(tray_sim, "GET", "/clock").json()["agora"]
    cliente.put("/orders/1003", data={"Order[status_id]": "6"})
    chave = "35261145723174000110550010000000071123456785"
    cliente.post("/orders/1004/invoices", data={"issue_date": "2026-11-21", "number": "7", "serie": "1",
                                                "value": "34.90", "key": chave})
    fim = sandbox(tray_sim, "POST", "/clock", json={"advance_s": 5}).json()["agora"]
    alterados = cliente.get("/orders", {"modified": f"{inicio},{fim}"}).json()["Orders"]
    assert sorted(o["Order"]["id"] for o in alterados) == ["1003", "1004"]
    assert all(inicio <= o["Order"]["modified"] <= fim for o in alterados)
    assert cliente.get("/orders", {"modified": f"{inicio},"}).status_code == 400
    assert cliente.get("/orders", {"modified": "ontem,hoje"}).json()["causes"][0].startswith("modified:")
