"""Formas de pagamento da Tray → meio de pagamento da NF-e (tPag) e parcelas."""
from decimal import Decimal

from erp.comum.ibge import normalizar
from erp.comum.texto import texto_limpo
from erp.lojas_virtuais.tray import valores as tv

DINHEIRO, CREDITO, DEBITO, BOLETO, PIX, OUTROS = "01", "03", "04", "15", "17", "99"

# Ordem importa: "cartão de débito" antes de "cartão"; PIX e boleto antes dos nomes de gateways.
_PALAVRAS = [
    (PIX, ("pix",)),
    (BOLETO, ("boleto", "bank_billet", "billet", "bankslip")),
    (DEBITO, ("debito", "debit")),
    (CREDITO, ("credito", "credit", "cartao", "card", "visa", "master", "elo", "amex", "american express",
               "hipercard", "diners")),
    (DINHEIRO, ("dinheiro", "cash", "especie")),
]


def codigo_tpag(*descricoes: str) -> str:
    """O primeiro texto que se reconhece decide; nenhum reconhecido → 99 (outros)."""
    for descricao in descricoes:
        texto = normalizar(descricao or "")
        if not texto:
            continue
        for codigo, palavras in _PALAVRAS:
            if any(p in texto for p in palavras):
                return codigo
    return OUTROS


def pagamentos_do_pedido(pedido: dict, total: Decimal) -> list[dict]:
    """Lista de {forma, tpag, valor, parcelas, data}; a soma dos valores é o total da venda."""
    parcelas_pedido = max(1, tv.inteiro(pedido.get("installment"), 1) or 1)
    brutos = [p.get("Payment", p) for p in pedido.get("Payment") or [] if isinstance(p, dict)]
    geral = (tv.texto(pedido.get("payment_method")), tv.texto(pedido.get("payment_form")),
             tv.texto(pedido.get("payment_method_type")))
    saida = []
    for bruto in brutos:
        forma = texto_limpo(tv.texto(bruto.get("method")) or geral[0] or geral[1] or "Não informado", 120)
        saida.append({"forma": forma, "tpag": codigo_tpag(forma, *geral), "valor": tv.dinheiro(bruto.get("value")),
                      "data": tv.data(bruto.get("date")) or tv.data(pedido.get("payment_date"))})
    if not saida:
        forma = texto_limpo(geral[0] or geral[1] or "Não informado", 120)
        saida.append({"forma": forma, "tpag": codigo_tpag(*geral), "valor": total,
                      "data": tv.data(pedido.get("payment_date"))})
    diferenca = total - sum((p["valor"] for p in saida), Decimal("0.00"))
    if diferenca and saida[-1]["valor"] + diferenca > 0:
        saida[-1]["valor"] += diferenca  # a Tray às vezes registra o pagamento sem juros ou tarifa
    for pagamento in saida:
        pagamento["parcelas"] = parcelas_pedido if pagamento["tpag"] == CREDITO else 1
    return saida
