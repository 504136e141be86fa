"""Sementes do simulador para os testes de importação: a mínima mais clientes, produtos e pedidos sob medida."""
from erp.sandbox.tray.construtor import montar_pedido, semente_minima

A_ENVIAR = ("4", "A ENVIAR")
ENVIADO = ("5", "ENVIADO")
CANCELADO = ("9", "CANCELADO")


def cliente(ident: str, nome: str, cpf: str = "", cnpj: str = "", cidade: str = "São Paulo", uf: str = "SP",
            ie: str = "", email: str | None = None, **extras) -> dict:
    endereco = {"address": "Rua das Flores", "number": "10", "complement": "", "neighborhood": "Centro",
                "city": cidade, "state": uf, "zip_code": "01001-000", "country": "Brasil"}
    return {"id": ident, "name": nome, "cpf": cpf, "cnpj": cnpj, "type": "1" if cnpj else "0",
            "company_name": nome if cnpj else "", "state_inscription": ie,
            "email": email or f"cliente{ident}@example.com", **endereco, **extras,
            "CustomerAddresses": [{"CustomerAddress": {"id": f"{ident}1", "customer_id": ident, "type": "1",
                                                       "type_delivery": "1", **endereco}}]}


def produto(ident: str, nome: str, referencia: str, preco: str, ncm: str = "", ean: str = "") -> dict:
    return {"Product": {"id": ident, "name": nome, "reference": referencia, "ncm": ncm, "ean": ean,
                        "price": preco, "stock": "10", "category_id": "1"}}


def item(produto_id: str, nome: str, referencia: str, preco: str, quantidade: int = 1, ncm: str = "",
         ean: str = "") -> dict:
    return {"product_id": produto_id, "name": nome, "reference": referencia, "price": preco,
            "quantity": quantidade, "ncm": ncm, "ean": ean}


CHALEIRA = item("501", "Chaleira Inox 2 L", "CHA-2L", "129.90", ncm="73239300")


def semente(clientes=(), produtos=(), pedidos=(), **opcoes) -> dict:
    """semente_minima(**opcoes) com os clientes/produtos/pedidos a mais. `pedidos`: tuplas
    (id, cliente, itens, status, extras) montadas com montar_pedido."""
    base = semente_minima(**opcoes)
    base["customers"] += [{"Customer": c} for c in clientes]
    base["products"] += list(produtos)
    for ident, dono, itens, status, extras in pedidos:
        base["orders"].append(montar_pedido(ident, dono, itens, status, "2026-11-21", "11:00:00", **extras))
    return base
