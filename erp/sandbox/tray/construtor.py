"""Montagem de sementes pequenas para testes, e de pedidos que respeitam a identidade de valores."""
from datetime import date, timedelta
from decimal import Decimal

STATUS_PADRAO = [
    ("1", "AGUARDANDO PAGAMENTO", "open", "Aguardando pagamento", "#f39c12"),
    ("4", "A ENVIAR", "open", "A enviar", "#3c8dbc"),
    ("5", "ENVIADO", "open", "Enviado", "#00a65a"),
    ("6", "FINALIZADO", "closed", "Finalizado", "#222d32"),
    ("9", "CANCELADO", "canceled", "Cancelado", "#dd4b39"),
]


def status_padrao() -> list[dict]:
    return [{"OrderStatus": {"id": i, "status": nome, "type": tipo, "default": "1", "description": desc,
                             "show_backoffice": "1", "allow_edit_order": "1", "show_status_central": "1",
                             "background": cor}} for i, nome, tipo, desc, cor in STATUS_PADRAO]


def montar_pedido(ident: str, cliente: dict, itens: list[dict], status: tuple[str, str], data: str,
                  hora: str = "10:00:00", desconto="0.00", frete="0.00", taxas="0.00", tarifa="0.00",
                  juros="0.00", cupom: tuple[str, str] | None = None, progressivo="0.00", progressivo_frete="0.00",
                  adicionais_desconto="0.00", adicionais_acrescimo="0.00", **extras) -> dict:
    """Pedido no formato da semente; partial_total e total calculados para fechar a identidade de valores.

    `itens`: dicionários com product_id, variant_id, name, reference, ncm, price, quantity (e opcionais).
    `desconto` vai em `discount`; `cupom` (código, valor) fica fora dele, em `coupon` e `discount_coupon`,
    como a Tray mostra; `progressivo`/`progressivo_frete` são os descontos progressivos e
    `adicionais_desconto`/`adicionais_acrescimo` os valores adicionais do carrinho.
    """
    vendidos, parcial = [], Decimal("0")
    for n, item in enumerate(itens, 1):
        preco, qtd = Decimal(str(item["price"])), int(item["quantity"])
        parcial += preco * qtd
        vendidos.append({"ProductsSold": {
            "id": item.get("id", f"{ident}{n:02d}"), "order_id": ident, "product_id": item["product_id"],
            "variant_id": item.get("variant_id", "0"), "name": item["name"], "original_name": item["name"],
            "reference": item.get("reference", ""), "ean": item.get("ean", ""), "ncm": item.get("ncm", ""),
            "quantity": str(qtd), "price": f"{preco:.2f}",
            "original_price": str(item.get("original_price", f"{preco:.2f}")), "Sku": item.get("Sku", []),
            **({"weight": str(item["weight"])} if item.get("weight") else {}),  # gramas, como a Tray
        }})
    valores = {c: Decimal(str(v)) for c, v in
               (("discount", desconto), ("progressive_discount", progressivo),
                ("shipping_progressive_discount", progressivo_frete),
                ("cart_additional_values_discount", adicionais_desconto), ("shipment_value", frete),
                ("taxes", taxas), ("payment_method_rate", tarifa), ("interest", juros),
                ("cart_additional_values_increase", adicionais_acrescimo))}
    valor_cupom = Decimal(str(cupom[1])) if cupom else Decimal("0")
    total = (parcial - valores["discount"] - valores["progressive_discount"]
             - valores["shipping_progressive_discount"] - valores["cart_additional_values_discount"] - valor_cupom
             + valores["shipment_value"] + valores["taxes"] + valores["payment_method_rate"] + valores["interest"]
             + valores["cart_additional_values_increase"])
    pedido = {
        "id": ident, "status": status[1], "date": data, "hour": hora, "customer_id": cliente["id"],
        "partial_total": f"{parcial:.2f}", **{c: f"{v:.2f}" for c, v in valores.items()},
        "total": f"{total:.2f}", "point_sale": "LOJA VIRTUAL", "shipment": "SEDEX",
        "payment_form": "PIX", "payment_method": "PIX", "has_payment": "0", "has_invoice": "0",
        "payment_date": "0000-00-00", "modified": f"{data} {hora}",
        "OrderStatus": {"id": status[0], "status": status[1]},
        "Customer": cliente, "ProductsSold": vendidos, "Payment": [], "MarketplaceOrder": [], "OrderInvoice": [],
    }
    if cupom:
        pedido.update(coupon={"code": cupom[0], "discount": f"{valor_cupom:.2f}"},
                      discount_coupon=f"{cupom[0]}/{valor_cupom:.2f}")
    pedido.update(extras)
    return {"Order": pedido}


def montar_cliente(ident, nome, email, cpf="", cnpj="", ie="", cidade="São Paulo", uf="SP",
                   entrega: dict | None = None) -> dict:
    """Cliente no formato da semente com o endereço de cadastro e um CustomerAddress de entrega
    (`type_delivery` "1"); `entrega` (address, number, complement, neighborhood, city, state, zip_code, recipient)
    põe a entrega noutro endereço, como quando o comprador manda para outra pessoa ou cidade (tray-api.md §4.4)."""
    endereco = {"address": "Rua Harmonia", "number": "90", "complement": "", "neighborhood": "Vila Madalena",
                "city": cidade, "state": uf, "zip_code": "05435-000", "country": "Brasil"}
    cobranca = {"CustomerAddress": {"id": f"{ident}0", "customer_id": ident, "type": "0", "type_delivery": "0",
                                    **endereco}}
    destino = {"CustomerAddress": {"id": f"{ident}1", "customer_id": ident, "type": "1", "type_delivery": "1",
                                   **endereco, **(entrega or {})}}
    return {"id": ident, "name": nome, "cpf": cpf, "cnpj": cnpj, "type": "1" if cnpj else "0",
            "company_name": nome if cnpj else "", "state_inscription": ie, "email": email, **endereco,
            "CustomerAddresses": [cobranca, destino] if entrega else [destino]}


_cliente = montar_cliente


def semente_minima(**opcoes) -> dict:
    """Semente pequena e válida: 3 clientes (PF, PJ, comprador de marketplace), 3 produtos
    (um com 2 variações), 4 pedidos (PF com cupom, PJ com juros e tarifa, Mercado Livre, aguardando pagamento).

    As imagens são processadas antes da resposta (`image_processing` "sync"), como o simulador fazia antes;
    `image_processing="async"` faz como a Tray, que as baixa depois.

    Opções: qualquer chave de `store` (rate_limit_per_minute, access_token_ttl_s, image_processing, ...),
    `pedidos_extras=N` (N pedidos simples a mais, para paginação), `data_base` ("AAAA-MM-DD") e
    `todos_os_valores=True` (mais o pedido 1005, com cupom fora de `discount`, desconto do PIX, descontos
    progressivos e valores adicionais do carrinho).
    """
    extras = int(opcoes.pop("pedidos_extras", 0))
    todos_os_valores = bool(opcoes.pop("todos_os_valores", False))
    base = date.fromisoformat(opcoes.pop("data_base", "2026-11-20"))
    loja = {"id": "123456", "name": "Loja Teste", "code": "code-teste", "image_processing": "sync", **opcoes}
    pf = _cliente("7", "Carla Nogueira", "carla@example.com", cpf="52998224725")
    pj = _cliente("8", "Ferragens Paulista Ltda", "compras@ferragens.example.com", cnpj="11.222.333/0001-81",
                  ie="110042490114", cidade="Campinas", uf="SP")
    ml = _cliente("9", "João Araújo", "joao@example.com", cpf="11144477735", cidade="Belo Horizonte", uf="MG")
    chaleira = {"product_id": "501", "name": "Chaleira Inox 2 L", "reference": "CHA-2L", "ncm": "73239300",
                "price": "129.90"}
    pano_azul = {"product_id": "502", "variant_id": "880", "name": "Pano de Prato", "reference": "PANO-AZUL",
                 "ncm": "63026000", "price": "19.90", "Sku": [{"type": "Cor", "value": "Azul"}]}
    panela = {"product_id": "503", "name": "Panela de Pressão 4,5 L", "reference": "PAN-45", "ncm": "76151000",
              "ean": "7891234567895", "price": "249.00"}
    d = [(base - timedelta(days=n)).isoformat() for n in range(4)]
    pedidos = [
        montar_pedido("1001", pf, [{**chaleira, "quantity": 2}], ("4", "A ENVIAR"), d[0], "14:05:09",
                      desconto="10.00", frete="25.00", has_payment="1", payment_date=d[0],
                      discount_coupon="BEMVINDO/10.00", coupon={"code": "BEMVINDO", "discount": "10.00"},
                      Payment=[{"Payment": {"id": "3001", "order_id": "1001", "method": "PIX",
                                            "value": "274.80", "date": d[0]}}]),
        montar_pedido("1002", pj, [{**panela, "quantity": 3}, {**pano_azul, "quantity": 10}], ("4", "A ENVIAR"),
                      d[1], "09:30:00", frete="48.50", tarifa="12.35", juros="30.10", has_payment="1",
                      payment_date=d[1], payment_form="Cartão de crédito", payment_method="Cartão Visa",
                      installment="6"),
        montar_pedido("1003", ml, [{**chaleira, "quantity": 1}], ("5", "ENVIADO"), d[2], "20:11:42",
                      frete="0.00", point_sale="MERCADO LIVRE", has_payment="1", payment_date=d[2],
                      sending_code="BR123456789BR",
                      MarketplaceOrder=[{"MarketplaceOrder": {
                          "order_id": "1003", "marketplace_name": "MERCADO LIVRE",
                          "marketplace_seller_name": "Loja Teste", "marketplace_seller_id": "LOJATESTE9921",
                          "marketplace_document": "03007331000141",
                          "payment_responsible_document": "10573521000191",
                          "marketplace_order_id": "2000004567812345"}}]),
        montar_pedido("1004", pf, [{**pano_azul, "quantity": 1}], ("1", "AGUARDANDO PAGAMENTO"), d[3],
                      "08:00:00", frete="15.00", payment_form="Boleto", payment_method="Boleto - Yapay"),
    ]
    if todos_os_valores:
        pedidos.append(montar_pedido(
            "1005", pf, [{**chaleira, "quantity": 2}, {**pano_azul, "quantity": 3}], ("4", "A ENVIAR"), d[0],
            "16:20:00", desconto="15.97", cupom=("BEMVINDO", "20.00"), progressivo="8.00", progressivo_frete="5.00",
            adicionais_desconto="3.00", adicionais_acrescimo="7.90", frete="25.00", taxas="1.50", tarifa="2.10",
            juros="4.45", has_payment="1", payment_date=d[0]))
    for n in range(extras):
        ident = str(2001 + n)
        dia = (base - timedelta(days=4 + n % 30)).isoformat()
        pedidos.append(montar_pedido(ident, (pf, pj, ml)[n % 3], [{**chaleira, "quantity": 1 + n % 3}],
                                     STATUS_PADRAO[n % 4][:2], dia, f"{n % 24:02d}:00:00", frete="20.00"))
    return {
        "app": {"consumer_key": "ck-teste", "consumer_secret": "cs-teste", "app_code": "718"},
        "store": loja,
        "statuses": status_padrao(),
        "categories": [{"Category": {"id": "1", "parent_id": "0", "name": "Cozinha", "slug": "cozinha"}},
                       {"Category": {"id": "2", "parent_id": "1", "name": "Panelas", "slug": "panelas"}}],
        "customers": [{"Customer": c} for c in (pf, pj, ml)],
        "products": [
            {"Product": {"id": "501", "name": "Chaleira Inox 2 L", "reference": "CHA-2L", "ncm": "73239300",
                         "price": "129.90", "cost_price": "70.00", "stock": "12", "category_id": "1"}},
            {"Product": {"id": "502", "name": "Pano de Prato", "reference": "PANO", "ncm": "63026000",
                         "price": "19.90", "cost_price": "8.00", "stock": "4", "category_id": "1",
                         "Variant": [{"id": "880"}, {"id": "881"}]}},
            {"Product": {"id": "503", "name": "Panela de Pressão 4,5 L", "reference": "PAN-45",
                         "ncm": "76151000", "ean": "7891234567895", "price": "249.00", "stock": "7",
                         "category_id": "2"}},
        ],
        "variants": [
            {"Variant": {"id": "880", "product_id": "502", "reference": "PANO-AZUL", "price": "19.90",
                         "stock": "4", "Sku": [{"type": "Cor", "value": "Azul"}]}},
            {"Variant": {"id": "881", "product_id": "502", "reference": "PANO-VERDE", "price": "19.90",
                         "stock": "0", "Sku": [{"type": "Cor", "value": "Verde"}]}},
        ],
        "orders": pedidos,
    }
