"""Formas de pagamento da Tray → meio de pagamento da NF-e (tPag), parcelas e os dados do cartão.

O meio de pagamento sai do nome da forma de pagamento: primeiro o mapeamento que a loja editou
(FormaPagamentoLoja, tela Formas de pagamento), senão as palavras da tabela abaixo (códigos do MOC 7.0, Anexo I,
campo YA02 tPag; docs/fiscal.md, "O pedido no documento").
"""
from decimal import Decimal

from erp.comum.documentos import limpar
from erp.comum.ibge import normalizar
from erp.comum.texto import texto_limpo
from erp.lojas_virtuais.tray import valores as tv

DINHEIRO, CREDITO, DEBITO, CREDITO_LOJA, VALE_PRESENTE = "01", "03", "04", "05", "12"
BOLETO, DEPOSITO, PIX, CARTEIRA, FIDELIDADE, OUTROS = "15", "16", "17", "18", "19", "99"
CARTOES = frozenset({CREDITO, DEBITO})
# Meios de pagamento da NF-e (MOC 7.0, Anexo I, campo YA02 tPag, com a NT 2020.006): os que a loja pode escolher.
MEIOS_PAGAMENTO = {
    "01": "Dinheiro", "02": "Cheque", "03": "Cartão de crédito", "04": "Cartão de débito", "05": "Crédito loja",
    "10": "Vale alimentação", "11": "Vale refeição", "12": "Vale presente", "13": "Vale combustível",
    "15": "Boleto bancário", "16": "Depósito bancário", "17": "PIX", "18": "Transferência bancária, carteira digital",
    "19": "Programa de fidelidade, cashback, crédito virtual", "90": "Sem pagamento", "99": "Outros",
}

# Ordem importa: "cartão de débito" antes de "cartão"; PIX e boleto antes dos nomes de gateways; carteira digital
# antes de "crédito" ("saldo em conta" não é cartão).
_PALAVRAS = [
    (PIX, ("pix",)),
    (BOLETO, ("boleto", "bank_billet", "billet", "bankslip")),
    (DEBITO, ("debito", "debit")),
    (VALE_PRESENTE, ("vale presente", "vale-presente", "gift card", "giftcard", "cartao presente")),
    (CARTEIRA, ("carteira", "wallet", "saldo mercado pago", "saldo em conta", "picpay", "paypal", "ame digital",
                "transferencia")),
    (FIDELIDADE, ("cashback", "pontos", "fidelidade")),
    (CREDITO_LOJA, ("credito loja", "credito na loja", "credito em loja", "vale troca")),
    (DEPOSITO, ("deposito",)),
    (CREDITO, ("credito", "credit", "cartao", "card", "visa", "master", "elo", "amex", "american express",
               "hipercard", "diners")),
    (DINHEIRO, ("dinheiro", "cash", "especie")),
]

# Bandeiras do cartão (tBand, MOC 7.0 Anexo I, campo YA06): pelo nome da forma de pagamento ou da bandeira.
_BANDEIRAS = [
    ("03", ("american express", "amex")), ("05", ("diners",)), ("07", ("hipercard", "hiper")),
    ("06", ("elo",)), ("01", ("visa",)), ("02", ("master",)), ("04", ("sorocred",)), ("08", ("aura",)),
    ("09", ("cabal",)),
]
# Campos do cartão que a Tray pode trazer em Payment ou em OrderTransactions (nomes lidos com leniência:
# docs/fiscal.md).
_CAMPOS_BANDEIRA = ("card_brand", "brand", "flag", "bandeira")
_CAMPOS_AUTORIZACAO = ("authorization_code", "authorization", "auth_code", "cAut")
_CAMPOS_CREDENCIADORA = ("acquirer_document", "acquirer_cnpj", "cnpj_acquirer")


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


def chave_forma(nome: str) -> str:
    """Como o nome de uma forma de pagamento é comparado no mapeamento da loja (sem acento, caixa nem espaços
    sobrando)."""
    return " ".join(normalizar(nome or "").split())


def codigo_bandeira(*textos: str) -> str:
    for texto in textos:
        texto = normalizar(texto or "")
        for codigo, palavras in _BANDEIRAS:
            if texto and any(p in texto for p in palavras):
                return codigo
    return ""


def _primeiro(fontes, campos) -> str:
    for fonte in fontes:
        for campo in campos:
            valor = tv.texto(fonte.get(campo))
            if valor:
                return valor
    return ""


def _transacoes(pedido: dict) -> list[dict]:
    saida = []
    for item in pedido.get("OrderTransactions") or []:
        if isinstance(item, dict):
            interno = item.get("OrderTransaction") or item.get("OrderTransactions")
            saida.append(interno if isinstance(interno, dict) else item)
    return saida


def dados_cartao(bruto: dict, pedido: dict, forma: str) -> dict:
    """Bandeira, CNPJ da credenciadora e autorização do cartão, do Payment ou das OrderTransactions."""
    fontes = [bruto, *_transacoes(pedido)]
    bandeira = _primeiro(fontes, _CAMPOS_BANDEIRA)
    dados = {
        "bandeira": codigo_bandeira(bandeira, forma),
        "cnpj_credenciadora": limpar(_primeiro(fontes, _CAMPOS_CREDENCIADORA))[:14],
        "autorizacao": texto_limpo(_primeiro(fontes, _CAMPOS_AUTORIZACAO), 128),
    }
    return {campo: valor for campo, valor in dados.items() if valor}


def pagamentos_do_pedido(pedido: dict, total: Decimal, mapa: dict[str, str] | None = None) -> list[dict]:
    """Lista de {forma, tpag, valor, parcelas, data} (mais bandeira, cnpj_credenciadora e autorizacao do cartão
    quando a Tray os traz); a soma dos valores é o total da venda. `mapa`: nome da forma (chave_forma) → tPag,
    o mapeamento da loja, que vale antes das palavras."""
    mapa = mapa or {}
    parcelas_pedido = max(1, tv.inteiro(pedido.get("installment"), 1) or 1)
    brutos = [p.get("Payment", p) for p in pedido.get("Payment") or [] if isinstance(p, dict)]
    geral = (tv.texto(pedido.get("payment_method")), tv.texto(pedido.get("payment_form")),
             tv.texto(pedido.get("payment_method_type")))

    def tpag(forma: str, *outros: str) -> str:
        return mapa.get(chave_forma(forma)) or codigo_tpag(forma, *outros)

    saida = []
    for bruto in brutos:
        forma = texto_limpo(tv.texto(bruto.get("method")) or geral[0] or geral[1] or "Não informado", 120)
        saida.append({"forma": forma, "tpag": tpag(forma, *geral), "valor": tv.dinheiro(bruto.get("value")),
                      "data": tv.data(bruto.get("date")) or tv.data(pedido.get("payment_date")), "_bruto": bruto})
    if not saida:
        forma = texto_limpo(geral[0] or geral[1] or "Não informado", 120)
        saida.append({"forma": forma, "tpag": tpag(forma, *geral), "valor": total,
                      "data": tv.data(pedido.get("payment_date")), "_bruto": {}})
    diferenca = total - sum((p["valor"] for p in saida), Decimal("0.00"))
    if diferenca and saida[-1]["valor"] + diferenca > 0:
        saida[-1]["valor"] += diferenca  # a Tray às vezes registra o pagamento sem juros ou tarifa
    for pagamento in saida:
        bruto = pagamento.pop("_bruto")
        pagamento["parcelas"] = parcelas_pedido if pagamento["tpag"] == CREDITO else 1
        if pagamento["tpag"] in CARTOES:
            pagamento.update(dados_cartao(bruto, pedido, pagamento["forma"]))
    return saida
