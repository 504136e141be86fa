"""Validação da semente (§13) e a semente de demonstração."""
import copy
import json
from decimal import Decimal

import pytest

from erp.sandbox.dados import gerar_demo
from erp.sandbox.tray import ErroSemente, carregar_semente, semente_minima
from erp.sandbox.tray.documentos import cnpj_valido, cpf_valido, gtin_valido
from erp.sandbox.tray.semente import DEMO
from tests.sandbox.tray.apoio import Cliente, confere_valores


def _pedido(semente, ident):
    return next(o["Order"] for o in semente["orders"] if o["Order"]["id"] == ident)


@pytest.mark.parametrize("alterar, trechos", [
    (lambda s: _pedido(s, "1001").update(customer_id="99"), ["Pedido 1001", "cliente 99"]),
    (lambda s: _pedido(s, "1001")["ProductsSold"][0]["ProductsSold"].update(product_id="777"),
     ["Pedido 1001", "produto 777"]),
    (lambda s: _pedido(s, "1004")["ProductsSold"][0]["ProductsSold"].update(variant_id="555"),
     ["Pedido 1004", "variação 555"]),
    (lambda s: _pedido(s, "1002").update(status="EM TRÂNSITO", OrderStatus={}), ["Pedido 1002", "EM TRÂNSITO"]),
    (lambda s: _pedido(s, "1002").update(OrderStatus={"id": "42"}), ["Pedido 1002", "status 42"]),
    (lambda s: _pedido(s, "1001").update(total="999.99"), ["Pedido 1001", "total"]),
    (lambda s: _pedido(s, "1001").update(partial_total="1.00"), ["Pedido 1001", "partial_total"]),
    (lambda s: _pedido(s, "1001").update(discount_coupon="BEMVINDO/9.00"), ["Pedido 1001", "discount_coupon"]),
    (lambda s: _pedido(s, "1001").update(discount="5.00", total="279.80"), ["Pedido 1001", "maior que discount"]),
    (lambda s: _pedido(s, "1002").update(cart_additional_values_increase="7.90"),
     ["Pedido 1002", "cart_additional_values_increase"]),
    (lambda s: s["variants"][0]["Variant"].update(product_id="404"), ["Variação 880", "produto 404"]),
    (lambda s: s["products"][0]["Product"].update(category_id="31"), ["Produto 501", "categoria 31"]),
    (lambda s: s["products"][1]["Product"]["Variant"].append({"id": "999"}), ["Produto 502", "variação 999"]),
    (lambda s: s["orders"].append(copy.deepcopy(s["orders"][0])), ["Pedido 1001", "repetido"]),
    (lambda s: s["app"].pop("consumer_secret"), ["consumer_secret"]),
    (lambda s: s["store"].update(image_processing="talvez"), ["store.image_processing"]),
    (lambda s: s["store"].update(max_image_slots=0), ["store.max_image_slots"]),
])
def test_semente_invalida_e_recusada_nomeando_entidade_e_id(alterar, trechos):
    semente = semente_minima()
    alterar(semente)
    with pytest.raises(ErroSemente) as erro:
        carregar_semente(semente)
    for trecho in trechos:
        assert trecho in str(erro.value)


def test_semente_minima_e_valida_e_respeita_opcoes():
    semente = carregar_semente(semente_minima(pedidos_extras=5, rate_limit_per_minute=7))
    assert len(semente["orders"]) == 9 and semente["store"]["rate_limit_per_minute"] == 7
    pontos = {o["Order"]["point_sale"] for o in semente["orders"]}
    assert "MERCADO LIVRE" in pontos
    documentos = {(bool(c["Customer"]["cpf"]), bool(c["Customer"]["cnpj"])) for c in semente["customers"]}
    assert documentos == {(True, False), (False, True)}


def test_cupom_fora_ou_dentro_de_discount():
    semente = semente_minima()
    fora = _pedido(semente, "1001")
    fora.update(discount="0.00", coupon={}, discount_coupon="BEMVINDO/10.00")
    pedido = next(o["Order"] for o in carregar_semente(semente)["orders"] if o["Order"]["id"] == "1001")
    assert pedido["total"] == "274.80"
    from erp.sandbox.tray.semente import normalizar_semente

    normalizado = next(p for p in normalizar_semente(semente)["orders"] if p["id"] == "1001")
    assert normalizado["coupon"] == {"code": "BEMVINDO", "discount": "10.00"} and normalizado["_cupom_fora"]


def test_semente_recusada_nao_sobe_servidor(tray_sim_factory):
    semente = semente_minima()
    _pedido(semente, "1003").update(shipment_value="5.00")
    with pytest.raises(ErroSemente):
        tray_sim_factory(semente)


@pytest.fixture(scope="module")
def demo():
    return carregar_semente(DEMO)


def test_demo_carrega_e_fecha_a_identidade_de_valores(demo):
    assert DEMO.stat().st_size < 2 * 1024 * 1024
    assert demo["app"] == {"consumer_key": "ck-demo", "consumer_secret": "cs-demo", "app_code": "718"}
    assert (demo["store"]["id"], demo["store"]["name"], demo["store"]["code"]) == ("391250", "Loja Demo", "code-demo")
    assert 280 <= len(demo["orders"]) <= 320
    formas = set()
    for embrulho in demo["orders"]:
        o = embrulho["Order"]
        assert 1 <= len(o["ProductsSold"]) <= 5
        formas.add(confere_valores({"coupon": {}, **o}))
        assert "2026-09-24" <= o["date"] <= "2026-11-22"
    assert formas == {"fora", "dentro"}  # "dentro": sem cupom


def test_demo_tem_todos_os_descontos_e_acrescimos(demo):
    pedidos = [o["Order"] for o in demo["orders"]]
    loja = [p for p in pedidos if p["point_sale"] == "LOJA VIRTUAL"]
    com_cupom = [p for p in loja if p.get("coupon", {}).get("code")]
    assert com_cupom and all(p["discount_coupon"] == f"{p['coupon']['code']}/{p['coupon']['discount']}"
                             for p in com_cupom)
    assert any(Decimal(p["coupon"]["discount"]) > 0 and p["discount"] == "0.00" for p in com_cupom)
    pix = [p for p in loja if p["payment_form"] == "PIX"]
    assert pix and all(Decimal(p["discount"]) > 0 for p in pix)  # desconto do PIX vai em discount
    for campo in ("progressive_discount", "shipping_progressive_discount", "cart_additional_values_discount",
                  "cart_additional_values_increase", "interest", "payment_method_rate"):
        quantos = sum(1 for p in pedidos if Decimal(p.get(campo, "0")) > 0)
        assert 3 <= quantos <= len(pedidos) // 2, campo
    marketplace = [p for p in pedidos if p["point_sale"] != "LOJA VIRTUAL"]
    assert all(not p.get("coupon", {}).get("code") and p.get("cart_additional_values_increase", "0.00") == "0.00"
               for p in marketplace)


def test_demo_tem_variedade_de_pedidos(demo):
    pedidos = [o["Order"] for o in demo["orders"]]
    assert {p["status"] for p in pedidos} == {"AGUARDANDO PAGAMENTO", "A ENVIAR", "ENVIADO", "FINALIZADO",
                                              "CANCELADO"}
    marketplace = [p for p in pedidos if p["point_sale"] != "LOJA VIRTUAL"]
    assert 0.12 <= len(marketplace) / len(pedidos) <= 0.18
    assert {p["point_sale"] for p in marketplace} == {"MERCADO LIVRE", "SHOPEE", "AMAZON"}
    for p in marketplace:
        mp = p["MarketplaceOrder"][0]["MarketplaceOrder"]
        assert cnpj_valido(mp["marketplace_document"]) and cnpj_valido(mp["payment_responsible_document"])
        assert mp["marketplace_order_id"] and mp["marketplace_name"] == p["point_sale"]
    assert any(p.get("coupon", {}).get("code") for p in pedidos)
    assert any(p["interest"] != "0.00" for p in pedidos) and any(p["payment_method_rate"] != "0.00" for p in pedidos)
    assert {p["payment_form"] for p in pedidos} >= {"PIX", "Boleto", "Cartão de crédito"}
    assert any(int(p.get("installment", "1")) > 1 for p in pedidos)


def test_demo_clientes_produtos_e_problematicos(demo):
    clientes = [c["Customer"] for c in demo["customers"]]
    validos = [c for c in clientes if (c["cpf"] and cpf_valido(c["cpf"])) or (c["cnpj"] and cnpj_valido(c["cnpj"]))]
    problematicos = [c for c in clientes if c not in validos]
    assert len(clientes) >= 110 and 2 <= len(problematicos) <= 5
    assert any(not c["cpf"] and not c["cnpj"] for c in problematicos)
    assert any(c["cpf"] and not cpf_valido(c["cpf"]) for c in problematicos)
    assert any(c["city"] == "Vila Imaginária do Norte" for c in clientes)
    assert any(c["cnpj"] and c["state_inscription"] not in ("", "ISENTO") for c in clientes)
    assert {"São Paulo", "Belo Horizonte", "Goiânia", "Florianópolis", "Niterói"} <= {c["city"] for c in clientes}
    assert all(c["CustomerAddresses"] for c in clientes)
    ids_problematicos = {c["id"] for c in clientes if c["city"] == "Vila Imaginária do Norte" or
                         not (c["cpf"] or c["cnpj"])}
    assert {o["Order"]["customer_id"] for o in demo["orders"]} & ids_problematicos
    produtos = [p["Product"] for p in demo["products"]]
    assert 35 <= len(produtos) <= 45
    assert all(len(p["ncm"]) == 8 and p["ncm"].isdigit() for p in produtos)
    assert all(gtin_valido(p["ean"]) for p in produtos if p["ean"]) and any(p["ean"] for p in produtos)
    assert any("ã" in p["name"] or "ç" in p["name"] or "é" in p["name"] for p in produtos)
    eixos = {tuple(s["type"] for s in v["Variant"]["Sku"]) for v in demo["variants"]}
    assert ("Cor", "Tamanho") in eixos and ("Cor",) in eixos


def test_gerador_e_deterministico(tmp_path):
    saida = gerar_demo.main(str(tmp_path / "demo.json"))
    assert json.loads(saida.read_text(encoding="utf-8")) == json.loads(DEMO.read_text(encoding="utf-8"))


def test_simulador_sobe_com_a_demo(tray_sim_factory):
    sim = tray_sim_factory("demo")
    assert sim.store_id == "391250" and sim.code == "code-demo"
    
    cliente = Cliente(sim)
    assert cliente.get("/orders").json()["paging"]["total"] == len(sim.estado.pedidos)
    assert cliente.get("/orders", {"point_sale": "SHOPEE"}).json()["paging"]["total"] == 15
