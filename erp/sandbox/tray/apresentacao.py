"""Como cada entidade sai na API: campos completos, valores em texto, envelopes da Tray."""
from erp.sandbox.tray import modelos as m
from erp.sandbox.tray.valores import slug


def _links(estado, caminho: str) -> dict:
    url = f"{estado.url_base}/{caminho}"
    return {"http": url, "https": url}


def status(estado, s: dict) -> dict:
    return m.com_padroes(s, {**m.STATUS, "description": s.get("status", "").capitalize()})


def status_do_pedido(estado, pedido: dict) -> dict:
    return status(estado, estado.status[pedido["_status_id"]])


def _imagem(estado, img: dict) -> dict:
    arquivo = f"_sandbox/arquivos/{img['sha256']}.{img['ext']}"
    thumbs = {tam: _links(estado, f"{arquivo}?w={tam}") for tam in ("30", "90", "180")}
    return {**_links(estado, arquivo), "thumbs": thumbs}


def imagens(estado, alvo: str, ident: str) -> list[dict]:
    slots = estado.imagens[alvo].get(ident, {})
    return [_imagem(estado, slots[n]) for n in sorted(slots)]


def variacao(estado, v: dict) -> dict:
    saida = m.com_padroes(v, m.VARIACAO)
    saida["Sku"] = [dict(s) for s in v.get("Sku", [])]
    saida["VariantImage"] = imagens(estado, "variant", v["id"])
    saida["url"] = _links(estado, f"produto/{v['product_id']}?variacao={v['id']}")
    return saida


def produto(estado, p: dict) -> dict:
    saida = m.com_padroes(p, m.PRODUTO)
    variacoes = sorted((v["id"] for v in estado.variacoes.values() if v["product_id"] == p["id"]), key=int)
    categoria = estado.categorias.get(p.get("category_id", "0"), {})
    saida["category_name"] = categoria.get("name", "")
    saida["slug"] = p.get("slug") or slug(p.get("name", ""))
    saida["has_variation"] = "1" if variacoes else "0"
    saida["url"] = _links(estado, saida["slug"])
    saida["ProductImage"] = imagens(estado, "product", p["id"])
    saida["Variant"] = [{"id": i} for i in variacoes]
    return saida


def categoria(estado, c: dict) -> dict:
    """A raiz sai com `parent_id` vazio, como nos exemplos da Tray; por dentro ela é "0"."""
    saida = m.com_padroes(c, m.CATEGORIA)
    if saida["parent_id"] in ("", "0"):
        saida["parent_id"] = ""
    saida["slug"] = c.get("slug") or slug(c.get("name", ""))
    saida["has_product"] = "1" if any(p.get("category_id") == c["id"] for p in estado.produtos.values()) else "0"
    saida["link"] = _links(estado, saida["slug"])
    saida["Images"] = []
    return saida


def arvore(estado, pai: str) -> list[dict] | None:
    filhos = sorted((c for c in estado.categorias.values() if c.get("parent_id", "0") == pai),
                    key=lambda c: (int(c.get("order") or 0), int(c["id"])))
    if not filhos:
        return None
    return [{"Category": {**categoria(estado, c), "children": arvore(estado, c["id"])}} for c in filhos]


def endereco(estado, e: dict) -> dict:
    return m.com_padroes(e, m.ENDERECO)


def enderecos_do_cliente(estado, cliente_id: str) -> list[dict]:
    return sorted((e for e in estado.enderecos.values() if e["customer_id"] == cliente_id), key=lambda e: int(e["id"]))


def cliente(estado, c: dict, completo: bool = False) -> dict:
    saida = m.com_padroes(c, m.CLIENTE)
    saida["total_orders"] = str(sum(1 for p in estado.pedidos.values() if p["customer_id"] == c["id"]))
    enderecos = enderecos_do_cliente(estado, c["id"])
    if completo:
        saida["CustomerAddresses"] = [{"CustomerAddress": endereco(estado, e)} for e in enderecos]
    else:
        saida["CustomerAddress"] = [{"id": e["id"]} for e in enderecos]
    return saida


def nota(estado, n: dict, cfop_dentro: bool) -> dict:
    campos = m.com_padroes({k: v for k, v in n.items() if k != "ProductCfop"}, m.NOTA)
    cfops = [dict(c) for c in n.get("ProductCfop", [])]
    if cfop_dentro:
        return {"OrderInvoice": {**campos, "ProductCfop": cfops}}
    return {"OrderInvoice": campos, "ProductCfop": cfops}


def _cabecalho(estado, p: dict) -> dict:
    saida = m.com_padroes(p, m.PEDIDO)
    for filho in m.FILHOS_PEDIDO:
        saida.pop(filho, None)
    s = estado.status[p["_status_id"]]
    saida["status"] = s["status"]
    saida["OrderStatus"] = status(estado, s)
    return saida


def pedido_resumo(estado, p: dict) -> dict:
    """Lista e GET /orders/{id}: cabeçalho e apenas ids dos filhos."""
    saida = _cabecalho(estado, p)
    saida["PickupLocation"] = []
    saida["ProductsSold"] = [{"id": i["id"]} for i in p["ProductsSold"]]
    saida["Payment"] = [{"id": i["id"]} for i in p["Payment"]]
    saida["OrderInvoice"] = [{"id": n, "link": estado.notas[n].get("link", "")} for n in p["_notas"]]
    saida["MlOrder"] = []
    saida["OrderTransactions"] = []
    saida["MarketplaceOrder"] = [{"id": i["id"]} for i in p["MarketplaceOrder"]]
    saida["Extensions"] = []
    return saida


def _item(estado, item: dict) -> dict:
    saida = m.com_padroes(item, m.ITEM_VENDIDO)
    produto_item = estado.produtos.get(item["product_id"])
    saida["url"] = _links(estado, slug(item.get("name", "")))
    if produto_item and not item.get("ProductSoldImage"):
        alvo, ident = ("variant", item["variant_id"]) if item["variant_id"] != "0" else ("product", item["product_id"])
        saida["ProductSoldImage"] = imagens(estado, alvo, ident)[:1]
    return saida


def pedido_completo(estado, p: dict) -> dict:
    saida = _cabecalho(estado, p)
    saida["Customer"] = cliente(estado, estado.clientes[p["customer_id"]], completo=True)
    saida["ProductsSold"] = [{"ProductsSold": _item(estado, i)} for i in p["ProductsSold"]]
    saida["Payment"] = [{"Payment": m.com_padroes(i, m.PAGAMENTO)} for i in p["Payment"]]
    saida["OrderInvoice"] = [nota(estado, estado.notas[n], cfop_dentro=True) for n in p["_notas"]]
    saida["MarketplaceOrder"] = [{"MarketplaceOrder": m.com_padroes(i, m.MARKETPLACE)} for i in p["MarketplaceOrder"]]
    for extra in ("MlOrder", "OrderTransactions", "PickupLocation"):
        saida[extra] = p.get(extra) if isinstance(p.get(extra), list) else []
    return {"Order": saida, "Extensions": [], "User": [], "Confirmation": []}
