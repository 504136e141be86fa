"""Produtos e variações: escrita por JSON e por formulário, regras dos dois eixos, estoque absoluto."""
import pytest

from tests.sandbox.tray.apoio import Cliente


@pytest.fixture
def cliente(tray_sim):
    return Cliente(tray_sim)


def test_crud_de_produto_por_json(cliente):
    criado = cliente.post("/products", json={"Product": {"name": "Açucareiro Inox", "price": 39.9, "stock": 5,
                                                         "reference": "ACU-1", "ncm": "73239300",
                                                         "category_id": "1"}})
    assert criado.status_code == 201
    assert criado.json()["message"] == "Created" and criado.json()["code"] == 201
    ident = criado.json()["id"]
    assert isinstance(ident, str)
    produto = cliente.get(f"/products/{ident}").json()["Product"]
    assert produto["price"] == "39.90" and produto["stock"] == "5" and produto["category_name"] == "Cozinha"
    assert produto["Variant"] == [] and produto["has_variation"] == "0" and produto["ProductImage"] == []
    salvo = cliente.put(f"/products/{ident}", json={"Product": {"stock": "2", "price": "41.5"}})
    assert salvo.json() == {"message": "Saved", "id": ident, "code": 200}
    produto = cliente.get(f"/products/{ident}").json()["Product"]
    assert produto["stock"] == "2" and produto["price"] == "41.50" and produto["name"] == "Açucareiro Inox"
    excluido = cliente.delete(f"/products/{ident}")
    assert excluido.json() == {"message": "Deleted", "id": ident, "code": 200}
    assert cliente.get(f"/products/{ident}").status_code == 404


def test_produto_por_formulario_e_referencia_repetida(cliente):
    dados = {"Product[name]": "Chaleira Inox 2 L", "Product[price]": "129.90", "Product[reference]": "CHA-2L"}
    resposta = cliente.post("/products", data=dados)
    assert resposta.status_code == 201
    mesma_ref = cliente.get("/products", {"reference": "CHA-2L"}).json()
    assert mesma_ref["paging"]["total"] == 2
    assert {p["Product"]["id"] for p in mesma_ref["Products"]} == {"501", resposta.json()["id"]}


def test_validacao_de_produto(cliente):
    sem_nada = cliente.post("/products", json={"Product": {"stock": "1"}})
    assert sem_nada.status_code == 400
    assert set(sem_nada.json()["causes"]) == {"name: campo obrigatório", "price: campo obrigatório"}
    preco_ruim = cliente.post("/products", json={"Product": {"name": "X", "price": "dez"}})
    assert preco_ruim.json()["causes"] == ["price: valor numérico inválido"]
    ncm_ruim = cliente.post("/products", json={"Product": {"name": "X", "price": "1", "ncm": "7323"}})
    assert ncm_ruim.json()["causes"] == ["ncm: deve ter 8 dígitos"]
    sem_envelope = cliente.post("/products", json={"name": "X", "price": "1"})
    assert sem_envelope.status_code == 400 and sem_envelope.json()["causes"][0].startswith("Product:")
    assert cliente.put("/products/999", json={"Product": {"stock": "1"}}).status_code == 404


def test_filtros_de_produto(cliente):
    assert [p["Product"]["id"] for p in cliente.get("/products", {"name": "panela"}).json()["Products"]] == ["503"]
    assert cliente.get("/products", {"ean": "7891234567895"}).json()["Products"][0]["Product"]["id"] == "503"
    assert cliente.get("/products", {"category_id": "1"}).json()["paging"]["total"] == 2


def test_variacao_com_dois_eixos(cliente):
    criada = cliente.post("/products/variants", data={
        "Variant[product_id]": "502", "Variant[type_1]": "Cor", "Variant[value_1]": "Vermelho",
        "Variant[type_2]": "Tamanho", "Variant[value_2]": "G", "Variant[stock]": "3", "Variant[price]": "21.90"})
    assert criada.status_code == 201
    ident = criada.json()["id"]
    variacao = cliente.get(f"/products/variants/{ident}").json()["Variant"]
    assert variacao["Sku"] == [{"type": "Cor", "value": "Vermelho"}, {"type": "Tamanho", "value": "G"}]
    assert "type_1" not in variacao and variacao["stock"] == "3" and variacao["price"] == "21.90"
    assert cliente.put(f"/products/variants/{ident}", json={"Variant": {"stock": "9"}}).status_code == 200
    assert cliente.get(f"/products/variants/{ident}").json()["Variant"]["stock"] == "9"
    produto = cliente.get("/products/502").json()["Product"]
    assert {"id": ident} in produto["Variant"] and produto["has_variation"] == "1"
    filtradas = cliente.get("/products/variants", {"product_id": "502", "value_1": "Vermelho"}).json()
    assert [v["Variant"]["id"] for v in filtradas["Variants"]] == [ident]
    assert cliente.delete(f"/products/variants/{ident}").json()["message"] == "Deleted"
    assert cliente.get(f"/products/variants/{ident}").status_code == 404


def test_regras_dos_eixos(cliente):
    sem_tipo = cliente.post("/products/variants", json={"Variant": {"product_id": "502", "value_1": "Azul"}})
    assert sem_tipo.status_code == 400 and "type_1: campo obrigatório" in sem_tipo.json()["causes"]
    so_tipo2 = cliente.post("/products/variants", json={"Variant": {
        "product_id": "502", "type_1": "Cor", "value_1": "Rosa", "type_2": "Tamanho"}})
    assert so_tipo2.status_code == 400 and so_tipo2.json()["causes"][0].startswith("value_2:")
    so_valor2 = cliente.post("/products/variants", json={"Variant": {
        "product_id": "502", "type_1": "Cor", "value_1": "Rosa", "value_2": "M"}})
    assert so_valor2.json()["causes"][0].startswith("type_2:")
    com_values = cliente.post("/products/variants", json={"Variant": {
        "product_id": "502", "type_1": "Cor", "value_1": "Rosa", "values": [{"type": "Cor", "value": "Rosa"}]}})
    assert com_values.status_code == 400 and com_values.json()["causes"][0].startswith("values:")
    produto_inexistente = cliente.post("/products/variants", json={"Variant": {
        "product_id": "999", "type_1": "Cor", "value_1": "Rosa"}})
    assert produto_inexistente.json()["causes"] == ["product_id: produto 999 não existe"]
    repetida = cliente.post("/products/variants", json={"Variant": {
        "product_id": "502", "type_1": "Cor", "value_1": "Azul"}})
    assert repetida.status_code == 400
    meia = cliente.put("/products/variants/880", json={"Variant": {"type_2": "Tamanho"}})
    assert meia.status_code == 400 and meia.json()["causes"][0].startswith("value_2:")
    completa = cliente.put("/products/variants/880", json={"Variant": {"type_2": "Tamanho", "value_2": "P"}})
    assert completa.status_code == 200
    assert cliente.get("/products/variants/880").json()["Variant"]["Sku"][1] == {"type": "Tamanho", "value": "P"}


def test_excluir_produto_remove_variacoes(cliente):
    assert cliente.delete("/products/502").status_code == 200
    assert cliente.get("/products/variants", {"product_id": "502"}).json()["Variants"] == []
