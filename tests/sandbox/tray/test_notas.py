"""Notas fiscais dos pedidos: corpo sem envelope, chave com DV válido e única (tray-api.md §12)."""
import pytest

from erp.sandbox.tray.documentos import dv_chave
from tests.sandbox.tray.apoio import Cliente, corpo_de_erro


def chave(numero: int, cnpj: str = "45723174000110") -> str:
    k43 = f"352611{cnpj}55001{numero:09d}1{12345678 + numero:08d}"
    return k43 + str(dv_chave(k43))


def nota(numero: int, **extras) -> dict:
    return {"issue_date": "2026-11-21", "number": str(numero), "serie": "1", "value": "274.80",
            "key": chave(numero), **extras}


@pytest.fixture
def cliente(tray_sim):
    return Cliente(tray_sim)


def test_nota_valida_por_form(cliente):
    assert cliente.get("/orders/1001").json()["Order"]["has_invoice"] == "0"
    resposta = cliente.post("/orders/1001/invoices", data=nota(10, link="https://danfe/10"))
    assert resposta.status_code == 201
    assert resposta.json()["message"] == "Created" and resposta.json()["code"] == 201
    ident = resposta.json()["id"]
    pedido = cliente.get("/orders/1001").json()["Order"]
    assert pedido["has_invoice"] == "1"
    assert pedido["OrderInvoice"] == [{"id": ident, "link": "https://danfe/10"}]
    lista = cliente.get("/orders/1001/invoices").json()
    item = lista["OrderInvoices"][0]
    assert item["OrderInvoice"]["key"] == chave(10) and item["OrderInvoice"]["serie"] == "1"
    assert item["ProductCfop"] == []
    completo = cliente.get("/orders/1001/complete").json()["Order"]["OrderInvoice"][0]["OrderInvoice"]
    assert completo["number"] == "10" and completo["value"] == "274.80"


def test_nota_por_json_com_cfop_e_lista_geral(cliente):
    corpo = nota(11, ProductCfop=[{"product_id": "503", "variation_id": "0", "cfop": "5102"}])
    resposta = cliente.post("/orders/1002/invoices", json=corpo)
    assert resposta.status_code == 201
    cliente.post("/orders/1001/invoices", data=nota(12))
    todas = cliente.get("/orders/invoices").json()
    assert todas["sort"] == [{"id": "desc"}]
    numeros = [n["OrderInvoice"]["number"] for n in todas["OrderInvoices"]]
    assert numeros == ["12", "11"]
    assert todas["OrderInvoices"][1]["OrderInvoice"]["ProductCfop"][0]["cfop"] == "5102"


def test_chave_repetida_em_outro_pedido(cliente):
    assert cliente.post("/orders/1001/invoices", data=nota(20)).status_code == 201
    repetida = cliente.post("/orders/1002/invoices", data=nota(20))
    assert repetida.status_code == 400
    assert repetida.json() == corpo_de_erro(400, "//orders/1002/invoices", ["key: nota fiscal já cadastrada"])
    assert cliente.get("/orders/1002").json()["Order"]["has_invoice"] == "0"
    assert cliente.post("/orders/1001/invoices", data=nota(21)).status_code == 201
    assert len(cliente.get("/orders/1001/invoices").json()["OrderInvoices"]) == 2


def test_chave_com_dv_errado_ou_tamanho_errado(cliente):
    boa = chave(30)
    ruim = boa[:43] + str((int(boa[43]) + 1) % 10)
    resposta = cliente.post("/orders/1001/invoices", data=nota(30, key=ruim))
    assert resposta.status_code == 400
    assert len(resposta.json()["causes"]) == 1 and resposta.json()["causes"][0].startswith("key: ")
    curta = cliente.post("/orders/1001/invoices", data=nota(30, key=boa[:40]))
    assert curta.status_code == 400 and curta.json()["causes"][0].startswith("key: ")


def test_chave_com_cnpj_alfanumerico(cliente):
    alfanumerica = chave(40, cnpj="12ABC34501DE35")
    assert cliente.post("/orders/1001/invoices", data=nota(40, key=alfanumerica)).status_code == 201
    real = "3526050X0J92JY000196570010000006041448679011"
    assert cliente.post("/orders/1002/invoices", data=nota(41, key=real)).status_code == 201


def test_campos_obrigatorios_e_corpo_envelopado(cliente):
    resposta = cliente.post("/orders/1001/invoices", data={"number": "5"})
    assert resposta.status_code == 400
    causas = resposta.json()["causes"]
    for campo in ("issue_date", "serie", "value", "key"):
        assert f"{campo}: campo obrigatório" in causas
    envelopado = cliente.post("/orders/1001/invoices", json={"OrderInvoice": nota(50)})
    assert envelopado.status_code == 400
    data_ruim = cliente.post("/orders/1001/invoices", data=nota(51, issue_date="21/11/2026"))
    assert data_ruim.json()["causes"] == ["issue_date: data inválida (use AAAA-MM-DD)"]
    assert cliente.post("/orders/999/invoices", data=nota(52)).status_code == 404
