"""Categorias (lista, árvore, CRUD) e clientes/endereços."""
import pytest

from tests.sandbox.tray.apoio import Cliente


@pytest.fixture
def cliente(tray_sim):
    return Cliente(tray_sim)


def test_categorias(cliente):
    criada = cliente.post("/categories", data={"Category[name]": "Utensílios", "Category[parent_id]": "1"})
    assert criada.status_code == 201
    ident = criada.json()["id"]
    por_nome = cliente.get("/categories", {"name": "utensílios"}).json()
    assert [c["Category"]["id"] for c in por_nome["Categories"]] == [ident]
    filhas = cliente.get("/categories", {"parent_id": "1"}).json()["Categories"]
    assert {c["Category"]["name"] for c in filhas} == {"Panelas", "Utensílios"}
    arvore = cliente.get("/categories/tree").json()["Category"]
    raiz = arvore[0]["Category"]
    assert raiz["name"] == "Cozinha"
    assert {f["Category"]["name"] for f in raiz["children"]} == {"Panelas", "Utensílios"}
    assert cliente.put(f"/categories/{ident}", json={"Category": {"name": "Utensílios de Cozinha"}}).status_code == 200
    assert cliente.get(f"/categories/{ident}").json()["Category"]["name"] == "Utensílios de Cozinha"
    assert cliente.delete("/categories/1").status_code == 400
    assert cliente.delete(f"/categories/{ident}").json()["message"] == "Deleted"
    assert cliente.get(f"/categories/{ident}").status_code == 404
    barra = cliente.post("/categories", json={"Category": {"name": "Cama/Banho"}})
    assert barra.status_code == 400
    sem_pai = cliente.post("/categories", json={"Category": {"name": "Órfã", "parent_id": "77"}})
    assert sem_pai.json()["causes"] == ["parent_id: categoria 77 não existe"]


def test_raiz_sem_pai_nas_respostas(cliente):
    raiz = cliente.post("/categories", json={"Category": {"name": "Jardim"}})
    assert raiz.status_code == 201
    ident = raiz.json()["id"]
    assert cliente.get(f"/categories/{ident}").json()["Category"]["parent_id"] == ""
    com_zero = cliente.post("/categories", data={"Category[name]": "Pet", "Category[parent_id]": "0"}).json()["id"]
    com_vazio = cliente.post("/categories", json={"Category": {"name": "Festa", "parent_id": ""}}).json()["id"]
    lista = {c["Category"]["id"]: c["Category"] for c in cliente.get("/categories").json()["Categories"]}
    assert {i for i, c in lista.items() if c["parent_id"] == ""} == {"1", ident, com_zero, com_vazio}
    assert lista["2"]["parent_id"] == "1"
    raizes = cliente.get("/categories", {"parent_id": "0"}).json()["Categories"]
    assert {c["Category"]["id"] for c in raizes} == {"1", ident, com_zero, com_vazio}
    arvore = cliente.get("/categories/tree").json()["Category"]
    assert all(no["Category"]["parent_id"] == "" for no in arvore)
    assert arvore[0]["Category"]["children"][0]["Category"]["parent_id"] == "1"
    assert cliente.get("/categories/tree/1").json()["Category"][0]["Category"]["parent_id"] == ""
    filha = cliente.post("/categories", json={"Category": {"name": "Vasos", "parent_id": ident}}).json()["id"]
    assert cliente.put(f"/categories/{filha}", json={"Category": {"parent_id": ""}}).status_code == 200
    assert cliente.get(f"/categories/{filha}").json()["Category"]["parent_id"] == ""


def test_clientes_lista_filtros_e_detalhe(cliente):
    lista = cliente.get("/customers").json()
    assert lista["paging"]["total"] == 3
    por_cpf = cliente.get("/customers", {"cpf": "529.982.247-25"}).json()["Customers"]
    assert [c["Customer"]["id"] for c in por_cpf] == ["7"]
    por_cnpj = cliente.get("/customers", {"cnpj": "11.222.333/0001-81"}).json()["Customers"]
    assert [c["Customer"]["id"] for c in por_cnpj] == ["8"]
    # O CNPJ é filtrado como a Tray o guarda (pontuado): só os dígitos não casam.
    assert cliente.get("/customers", {"cnpj": "11222333000181"}).json()["Customers"] == []
    assert cliente.get("/customers", {"email": "JOAO@example.com"}).json()["paging"]["total"] == 1
    detalhe = cliente.get("/customers/8").json()["Customer"]
    assert detalhe["CustomerAddress"] == [{"id": "81"}] and detalhe["type"] == "1"
    assert detalhe["state_inscription"] == "110042490114"


def test_criar_e_alterar_cliente(cliente):
    invalido = cliente.post("/customers", json={"Customer": {"name": "Zé", "cpf": "12345678900"}})
    assert invalido.status_code == 400 and invalido.json()["causes"] == ["cpf: CPF inválido"]
    criado = cliente.post("/customers", data={
        "Customer[name]": "Zé Conceição", "Customer[cpf]": "39053344705", "Customer[email]": "ze@example.com",
        "Customer[CustomerAddress][0][address]": "Rua Um", "Customer[CustomerAddress][0][zip_code]": "80010-000",
        "Customer[CustomerAddress][0][city]": "Curitiba", "Customer[CustomerAddress][0][state]": "PR"})
    assert criado.status_code == 201
    ident = criado.json()["id"]
    enderecos = cliente.get("/customers/addresses", {"customer_id": ident}).json()["CustomerAddresses"]
    assert [e["CustomerAddress"]["city"] for e in enderecos] == ["Curitiba"]
    repetido = cliente.post("/customers", json={"Customer": {"name": "Outro", "email": "ze@example.com"}})
    assert repetido.json()["causes"] == ["email: e-mail já cadastrado"]
    assert cliente.put(f"/customers/{ident}", json={"Customer": {"phone": "(41) 3333-4444"}}).status_code == 200
    assert cliente.get(f"/customers/{ident}").json()["Customer"]["phone"] == "(41) 3333-4444"
    novo_end = cliente.post("/customers/addresses", json={"CustomerAddress": {
        "customer_id": ident, "address": "Rua Dois", "zip_code": "80020-000", "city": "Curitiba", "state": "PR",
        "type": "1", "type_delivery": "1"}})
    assert novo_end.status_code == 201
    assert cliente.get(f"/customers/addresses/{novo_end.json()['id']}").json()["CustomerAddress"]["address"] == \
        "Rua Dois"
    assert cliente.delete("/customers/7").status_code == 400
