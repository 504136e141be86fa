"""Envelope, paginação, ordenação e filtros das listas; corpos de 404 e 405."""
import pytest

from erp.sandbox.tray import semente_minima
from tests.sandbox.tray.apoio import Cliente, corpo_de_erro


@pytest.fixture
def cliente(tray_sim_factory):
    return Cliente(tray_sim_factory(semente_minima(pedidos_extras=40)))


def _ids(resposta):
    return [o["Order"]["id"] for o in resposta.json()["Orders"]]


def test_envelope_e_paginacao_padrao(cliente):
    corpo = cliente.get("/orders").json()
    assert list(corpo) == ["paging", "sort", "availableFilters", "appliedFilters", "Orders"]
    assert corpo["paging"] == {"total": 44, "page": 1, "offset": 0, "limit": 30, "maxLimit": 50}
    assert corpo["sort"] == [{"id": "asc"}]
    assert corpo["appliedFilters"] == []
    assert {"status", "modified", "customer_id", "point_sale", "has_invoice"} <= set(corpo["availableFilters"])
    ids = [int(i) for i in _ids(cliente.get("/orders"))]
    assert ids == sorted(ids) and len(ids) == 30
    segunda = cliente.get("/orders", {"page": 2}).json()
    assert segunda["paging"]["offset"] == 30 and len(segunda["Orders"]) == 14
    assert set(_ids(cliente.get("/orders", {"page": 2}))).isdisjoint(ids)


def test_limite_acima_de_50_e_reduzido_e_pagina_alem_do_fim_vem_vazia(cliente):
    corpo = cliente.get("/orders", {"limit": 200}).json()
    assert corpo["paging"]["limit"] == 50 and len(corpo["Orders"]) == 44
    alem = cliente.get("/orders", {"limit": 50, "page": 3})
    assert alem.status_code == 200 and alem.json()["Orders"] == [] and alem.json()["paging"]["total"] == 44
    assert cliente.get("/orders", {"limit": "abc"}).status_code == 400


def test_ordenacao(cliente):
    desc = [int(i) for i in _ids(cliente.get("/orders", {"sort": "id_desc", "limit": 50}))]
    assert desc == sorted(desc, reverse=True)
    por_total = cliente.get("/orders", {"sort": "total_asc", "limit": 50}).json()
    totais = [float(o["Order"]["total"]) for o in por_total["Orders"]]
    assert totais == sorted(totais) and por_total["sort"] == [{"total": "asc"}]
    ruim = cliente.get("/orders", {"sort": "id-desc"})
    assert ruim.status_code == 400 and ruim.json()["causes"][0].startswith("sort:")


def test_filtros_por_igualdade(cliente):
    a_enviar = cliente.get("/orders", {"status": "A ENVIAR", "limit": 50}).json()
    assert a_enviar["appliedFilters"] == {"status": "A ENVIAR"}
    assert a_enviar["Orders"] and all(o["Order"]["status"] == "A ENVIAR" for o in a_enviar["Orders"])
    assert cliente.get("/orders", {"status": "a enviar"}).json()["paging"]["total"] == 0
    do_cliente = cliente.get("/orders", {"customer_id": "8", "limit": 50}).json()["Orders"]
    assert do_cliente and all(o["Order"]["customer_id"] == "8" for o in do_cliente)
    assert _ids(cliente.get("/orders", {"point_sale": "MERCADO LIVRE"})) == ["1003"]
    assert _ids(cliente.get("/orders", {"id": "1002"})) == ["1002"]
    assert cliente.get("/orders", {"has_invoice": "1"}).json()["paging"]["total"] == 0


def test_filtros_de_data(cliente):
    todas = cliente.get("/orders", {"limit": 50}).json()["Orders"]
    datas = sorted({o["Order"]["date"] for o in todas})
    corte = datas[len(datas) // 2]
    desde = cliente.get("/orders", {"date": corte, "limit": 50}).json()["Orders"]
    assert len(desde) == sum(1 for o in todas if o["Order"]["date"] >= corte)
    inicio, fim = datas[1], datas[3]
    faixa = cliente.get("/orders", {"date": f"{inicio},{fim}", "limit": 50}).json()["Orders"]
    assert len(faixa) == sum(1 for o in todas if inicio <= o["Order"]["date"] <= fim)
    assert {o["Order"]["date"] for o in faixa} == {d for d in datas if inicio <= d <= fim}
    pagos = cliente.get("/orders", {"payment_date": "2026-01-01", "limit": 50}).json()["Orders"]
    assert pagos and all(o["Order"]["payment_date"] != "0000-00-00" for o in pagos)
    assert len(pagos) == sum(1 for o in todas if o["Order"]["payment_date"] != "0000-00-00")
    ultimo = max(o["Order"]["modified"] for o in todas)
    assert cliente.get("/orders", {"modified": ultimo[:10]}).json()["paging"]["total"] >= 1
    assert cliente.get("/orders", {"modified": "2099-01-01"}).json()["paging"]["total"] == 0
    ruim = cliente.get("/orders", {"date": "20/11/2026"})
    assert ruim.status_code == 400 and ruim.json()["causes"][0].startswith("date:")


def test_404_e_405_no_corpo_de_erro_da_tray(tray_sim):
    cliente = Cliente(tray_sim)
    nao_achado = cliente.get("/orders/999999")
    assert nao_achado.status_code == 404
    assert nao_achado.json() == corpo_de_erro(404, "//orders/999999", ["Pedido 999999 não encontrado"])
    rota = cliente.get("/nao-existe")
    assert rota.status_code == 404 and rota.json()["name"] == rota.json()["message"] == "Not Found"
    assert rota.json()["url"] == "//nao-existe"
    verbo = cliente.delete("/orders")
    assert verbo.status_code == 405
    assert list(verbo.json()) == ["code", "url", "name", "causes", "message"]
    assert verbo.json()["code"] == 405 and verbo.json()["name"] == "Method Not Allowed"
    assert "error_code" not in verbo.json() and "access_token" not in verbo.json()["url"]


def test_barra_final_e_aceita(tray_sim):
    cliente = Cliente(tray_sim)
    assert cliente.get("/orders/").json()["paging"]["total"] == 4
