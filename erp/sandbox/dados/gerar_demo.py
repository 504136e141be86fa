"""Gera erp/sandbox/dados/demo.json, a semente de demonstração da loja Tray (determinística).

Uso: python -m erp.sandbox.dados.gerar_demo [saida.json]
"""
import json
import random
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from erp.sandbox.dados import tabelas as t
from erp.sandbox.dados.clientes_demo import gerar_clientes
from erp.sandbox.tray.construtor import montar_pedido, status_padrao
from erp.sandbox.tray.documentos import dv_chave, dv_gtin
from erp.sandbox.tray.valores import slug

SEMENTE_ALEATORIA = 20261123
DATA_FINAL = date(2026, 11, 23)
DIAS = 60
CNPJ_LOJA = "45723174000110"
SAIDA = Path(__file__).with_name("demo.json")
STATUS = {s["OrderStatus"]["status"]: s["OrderStatus"]["id"] for s in status_padrao()}
CENTAVO = Decimal("0.01")


def _q(valor: Decimal) -> Decimal:
    return valor.quantize(CENTAVO, rounding=ROUND_HALF_UP)


def _ean(rnd: random.Random) -> str:
    base = "789" + "".join(str(rnd.randint(0, 9)) for _ in range(9))
    return base + str(dv_gtin(base))


def gerar_catalogo(rnd: random.Random):
    categorias = [{"Category": {"id": i, "parent_id": p, "name": n, "slug": ""}} for i, p, n in t.CATEGORIAS]
    produtos, variacoes, vid = [], [], 2001
    for n, (nome, cat, ncm, preco, custo, eixos) in enumerate(t.PRODUTOS):
        pid = str(601 + n)
        palavras = [p for p in slug(nome).split("-") if len(p) > 2 and p.isalpha()][:2]
        ref = "-".join(p[:3].upper() for p in palavras) + f"-{pid}"
        produto = {"id": pid, "name": nome, "reference": ref, "ean": _ean(rnd) if n % 3 else "", "ncm": ncm,
                   "price": preco, "cost_price": custo, "stock": str(rnd.randint(0, 80)), "category_id": cat,
                   "available": "1", "weight": str(rnd.randint(1, 40) * 100), "brand": "Casa Demo",
                   "created": "2026-06-01 09:00:00", "modified": "2026-09-01 09:00:00", "Variant": []}
        if eixos:
            valores = []
            for eixo in eixos:
                if eixo == "Tamanho" and cat == "10":
                    valores.append(t.TAMANHOS_CALCADO)
                elif eixo == "Tamanho" and cat == "6":
                    valores.append(t.TAMANHOS_CAMA)
                else:
                    valores.append(t.VALORES_EIXO[eixo][:3])
            combinacoes = [(a,) for a in valores[0]] if len(valores) == 1 else \
                [(a, b) for a in valores[0][:2] for b in valores[1]]
            for combinacao in combinacoes:
                sku = [{"type": e, "value": v} for e, v in zip(eixos, combinacao)]
                sufixo = "-".join(slug(v).replace("-", "")[:3].upper() for v in combinacao)
                variacoes.append({"Variant": {"id": str(vid), "product_id": pid, "reference": f"{ref}-{sufixo}",
                                              "ean": _ean(rnd) if n % 2 else "", "price": preco,
                                              "cost_price": custo, "stock": str(rnd.randint(0, 25)), "Sku": sku}})
                produto["Variant"].append({"id": str(vid)})
                vid += 1
        produtos.append({"Product": produto})
    return categorias, produtos, variacoes


def _descontos_e_acrescimos(rnd: random.Random, parcial: Decimal, frete: Decimal, quantidade: int) -> dict:
    """Desconto progressivo (por quantidade, no pedido e no frete) e valores adicionais do carrinho."""
    valores = {}
    if quantidade >= t.PROGRESSIVO_A_PARTIR_DE:
        valores["progressivo"] = _q(parcial * t.DESCONTO_PROGRESSIVO)
        if frete > 0 and rnd.random() < 0.6:
            valores["progressivo_frete"] = _q(frete * t.DESCONTO_PROGRESSIVO_FRETE)
    if rnd.random() < 0.06:
        valores["adicionais_acrescimo"] = t.EMBALAGEM_PRESENTE
    if parcial >= t.DESCONTO_CARRINHO_A_PARTIR_DE and rnd.random() < 0.08:
        valores["adicionais_desconto"] = t.DESCONTO_CARRINHO
    return valores


def _status_por_idade(rnd: random.Random, idade: int) -> str:
    if rnd.random() < 0.08:
        return "CANCELADO"
    if idade > 20:
        return rnd.choice(["FINALIZADO"] * 4 + ["ENVIADO"])
    if idade > 6:
        return rnd.choice(["ENVIADO", "ENVIADO", "FINALIZADO", "A ENVIAR"])
    return rnd.choice(["AGUARDANDO PAGAMENTO", "A ENVIAR", "A ENVIAR", "ENVIADO"])


def _itens(rnd: random.Random, produtos, variacoes_por_produto) -> list[dict]:
    itens = []
    for produto in rnd.sample(produtos, rnd.choice([1, 1, 1, 2, 2, 3, 4, 5])):
        p = produto["Product"]
        item = {"product_id": p["id"], "name": p["name"], "reference": p["reference"], "ean": p["ean"],
                "ncm": p["ncm"], "price": p["price"], "quantity": rnd.choice([1, 1, 1, 2, 3])}
        opcoes = variacoes_por_produto.get(p["id"])
        if opcoes:
            v = rnd.choice(opcoes)
            item.update(variant_id=v["id"], reference=v["reference"], ean=v["ean"], Sku=v["Sku"],
                        name=f"{p['name']} - " + " / ".join(s["value"] for s in v["Sku"]))
        if rnd.random() < 0.1:
            item["price"] = str(_q(Decimal(p["price"]) * Decimal("0.9")))
            item["original_price"] = p["price"]
        itens.append(item)
    return itens


def _chave(rnd: random.Random, emissao: date, numero: int) -> str:
    k43 = f"35{emissao:%y%m}{CNPJ_LOJA}55001{numero:09d}1{rnd.randint(10000000, 99999999)}"
    return k43 + str(dv_chave(k43))


def _pagamento(rnd: random.Random, parcial: Decimal):
    forma = rnd.choice(["PIX", "PIX", "Boleto", "Cartão", "Cartão", "Cartão"])
    if forma == "PIX":
        return {"payment_form": "PIX", "payment_method": "PIX", "installment": "1", "tarifa": "0", "juros": "0"}
    if forma == "Boleto":
        return {"payment_form": "Boleto", "payment_method": "Boleto - Yapay", "installment": "1",
                "payment_method_type": "bank_billet", "tarifa": "3.49" if rnd.random() < 0.5 else "0", "juros": "0"}
    parcelas = rnd.choice([1, 1, 2, 3, 6, 10])
    juros = _q(parcial * Decimal("0.0199") * (parcelas - 3)) if parcelas > 3 else Decimal(0)
    return {"payment_form": "Cartão de crédito", "payment_method": rnd.choice(["Cartão Visa", "Cartão Mastercard"]),
            "installment": str(parcelas), "tarifa": "0", "juros": str(juros)}


def gerar_pedido(rnd, ident: int, cliente, produtos, variacoes_por_produto, marketplace=None, status=None,
                 rnd_valores=None):
    """Um pedido; `rnd_valores` sorteia descontos progressivos e valores adicionais (padrão: `rnd`)."""
    idade = rnd.randint(0, DIAS - 1)
    dia = DATA_FINAL - timedelta(days=idade + 1)
    hora = f"{rnd.randint(7, 23):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}"
    status = status or _status_por_idade(rnd, idade)
    itens = _itens(rnd, produtos, variacoes_por_produto)
    parcial = sum((Decimal(str(i["price"])) * i["quantity"] for i in itens), Decimal(0))
    loja_virtual = marketplace is None
    extras, cupom = {}, None
    if loja_virtual and rnd.random() < 0.2:
        codigo, taxa = rnd.choice(t.CUPONS)
        cupom = (codigo, str(_q(parcial * Decimal(taxa))))
    frete = Decimal(0) if parcial >= 300 or (cupom and cupom[0] == "FRETEGRATIS") \
        else Decimal(rnd.choice(["15.90", "22.40", "31.75", "48.00", "59.90"]))
    valores = _descontos_e_acrescimos(rnd_valores or rnd, parcial, frete, sum(i["quantity"] for i in itens)) \
        if loja_virtual else {}
    pagamento = _pagamento(rnd, parcial)
    if loja_virtual and pagamento["payment_form"] == "PIX":
        valores["desconto"] = _q(parcial * t.DESCONTO_PIX)
    pago = status != "AGUARDANDO PAGAMENTO"
    data_pagamento = (dia + timedelta(days=2 if pagamento["payment_form"] == "Boleto" else 0)).isoformat()
    ident_s = str(ident)
    extras.update(point_sale="LOJA VIRTUAL", shipment=rnd.choice(["SEDEX", "PAC", "Jadlog", "Transportadora"]),
                  payment_form=pagamento["payment_form"], payment_method=pagamento["payment_method"],
                  installment=pagamento["installment"], has_payment="1" if pago else "0",
                  payment_date=data_pagamento if pago else "0000-00-00",
                  modified=f"{min(dia + timedelta(days=idade // 3), DATA_FINAL - timedelta(days=1))} {hora}")
    if "payment_method_type" in pagamento:
        extras["payment_method_type"] = pagamento["payment_method_type"]
    if status in ("ENVIADO", "FINALIZADO"):
        extras.update(sending_code=f"BR{rnd.randint(100000000, 999999999)}BR",
                      sending_date=(dia + timedelta(days=1)).isoformat())
    if marketplace:
        nome, documento, responsavel = marketplace
        extras.update(point_sale=nome, MarketplaceOrder=[{"MarketplaceOrder": {
            "order_id": ident_s, "marketplace_name": nome, "marketplace_seller_name": "Loja Demo",
            "marketplace_seller_id": f"LOJADEMO-{slug(nome).upper()}",
            "marketplace_document": documento, "payment_responsible_document": responsavel,
            "marketplace_order_id": str(rnd.randint(2 * 10 ** 15, 3 * 10 ** 15)),
            "marketplace_shipping_type": rnd.choice(["me2", "fulfillment", "cross_docking"]),
            "created": f"{dia} {hora}", "updated": f"{dia} {hora}"}}])
    pedido = montar_pedido(ident_s, cliente, itens, (STATUS[status], status), dia.isoformat(), hora,
                           frete=frete, tarifa=pagamento["tarifa"], juros=pagamento["juros"], cupom=cupom,
                           **valores, **extras)
    total = pedido["Order"]["total"]
    if pago:
        pedido["Order"]["Payment"] = [{"Payment": {"id": str(ident + 70000), "order_id": ident_s,
                                                   "method": pagamento["payment_method"], "value": total,
                                                   "date": data_pagamento}}]
    return pedido


def gerar() -> dict:
    rnd = random.Random(SEMENTE_ALEATORIA)
    rnd_valores = random.Random(SEMENTE_ALEATORIA + 1)
    categorias, produtos, variacoes = gerar_catalogo(rnd)
    por_produto = {}
    for v in variacoes:
        por_produto.setdefault(v["Variant"]["product_id"], []).append(v["Variant"])
    clientes, problematicos = gerar_clientes(rnd)
    pedidos = []
    for n in range(300):
        cliente = rnd.choice(clientes)["Customer"]
        marketplace = t.MARKETPLACES[n % 3] if n % 20 in (3, 9, 16) else None
        pedidos.append(gerar_pedido(rnd, 5001 + n, cliente, produtos, por_produto, marketplace,
                                    rnd_valores=rnd_valores))
    ml_enviados = [p["Order"] for p in pedidos if p["Order"]["point_sale"] == "MERCADO LIVRE"
                   and p["Order"]["status"] in ("ENVIADO", "FINALIZADO")][:2]
    for numero, pedido in enumerate(ml_enviados, 1):
        emissao = date.fromisoformat(pedido["date"])
        pedido["has_invoice"] = "1"
        pedido["OrderInvoice"] = [{"OrderInvoice": {
            "id": str(900 + numero), "issue_date": emissao.isoformat(), "number": str(numero), "serie": "1",
            "value": pedido["total"], "key": _chave(rnd, emissao, numero), "link": ""}}]
    for n, cliente in enumerate(problematicos):
        pedidos.append(gerar_pedido(rnd, 5301 + n, cliente, produtos, por_produto, status="A ENVIAR",
                                    rnd_valores=rnd_valores))
    return {
        "app": {"consumer_key": "ck-demo", "consumer_secret": "cs-demo", "app_code": "718"},
        "store": {"id": "391250", "name": "Loja Demo", "code": "code-demo", "rate_limit_per_minute": 180,
                  "rate_limit_per_day": 10000, "access_token_ttl_s": 10800, "refresh_token_ttl_s": 2592000},
        "statuses": status_padrao(), "categories": categorias,
        "customers": clientes + [{"Customer": c} for c in problematicos],
        "products": produtos, "variants": variacoes, "orders": pedidos,
    }


def main(destino: str | None = None) -> Path:
    saida = Path(destino) if destino else SAIDA
    texto = json.dumps(gerar(), ensure_ascii=False, indent=1)
    saida.write_text(texto + "\n", encoding="utf-8")
    return saida


if __name__ == "__main__":
    print(main(sys.argv[1] if len(sys.argv) > 1 else None))
