"""Validação e normalização de um pedido no formato da semente (tray-api.md §13).

Usada ao carregar a semente e nas rotas /_sandbox/orders. Confere referências (cliente, produto,
variação, status) e a identidade de valores do pedido (tray-api.md §4.4 e §12; docs/tray.md).
"""
from dataclasses import dataclass, field
from decimal import Decimal

from erp.sandbox.tray.documentos import motivo_chave_invalida
from erp.sandbox.tray.modelos import desembrulhar
from erp.sandbox.tray.valores import data_valida, dinheiro, dinheiro_decimal, inteiro_texto, texto

# Valores do pedido (tray-api.md §4.3/§4.4 e docs/tray.md, "Valores do pedido").
DESCONTOS = ("discount", "progressive_discount", "shipping_progressive_discount", "cart_additional_values_discount")
ACRESCIMOS = ("shipment_value", "taxes", "payment_method_rate", "interest", "cart_additional_values_increase")
CAMPOS_DINHEIRO = ("partial_total", *DESCONTOS, *ACRESCIMOS, "total")
CENTAVO = Decimal("0.01")


class ErroSemente(ValueError):
    """Semente recusada; a mensagem nomeia a entidade e o id."""


@dataclass
class Referencias:
    clientes: set = field(default_factory=set)
    produtos: set = field(default_factory=set)
    variacoes: dict = field(default_factory=dict)  # id -> product_id
    status_por_id: dict = field(default_factory=dict)  # id -> nome
    chaves_notas: set = field(default_factory=set)

    def status_por_nome(self) -> dict:
        return {nome: ident for ident, nome in self.status_por_id.items()}


def cupom(pedido: dict) -> Decimal:
    """O valor do cupom: `coupon.discount`, ou o que vem depois da barra em `discount_coupon` ("codigo/valor")."""
    objeto = pedido.get("coupon")
    if isinstance(objeto, dict) and objeto.get("code"):
        return dinheiro_decimal(objeto.get("discount"))
    texto_cupom = str(pedido.get("discount_coupon") or "")
    return dinheiro_decimal(texto_cupom.rsplit("/", 1)[1]) if "/" in texto_cupom else Decimal("0.00")


def total_sem_cupom(pedido: dict) -> Decimal:
    """partial_total − descontos + acréscimos, sem o cupom."""
    v = {c: dinheiro_decimal(pedido.get(c, "0")) for c in CAMPOS_DINHEIRO}
    return v["partial_total"] - sum(v[c] for c in DESCONTOS) + sum(v[c] for c in ACRESCIMOS)


def total_esperado(pedido: dict) -> Decimal:
    """O total pela identidade; o cupom entra à parte quando o pedido o deixa fora de `discount`."""
    return total_sem_cupom(pedido) - (cupom(pedido) if pedido.get("_cupom_fora") else Decimal("0.00"))


def identidade_valores(pedido: dict) -> str | None:
    """None se partial_total e total fecham com os itens e com a identidade de valores; senão o motivo.

    Marca `_cupom_fora` quando o total só fecha tirando o cupom à parte (como a Tray mostra), e não dentro
    de `discount` (como o §12 decidiu antes): as duas formas são aceitas.
    """
    itens = pedido.get("ProductsSold", [])
    soma = sum((dinheiro_decimal(i.get("price")) * Decimal(i.get("quantity", "1")) for i in itens), Decimal(0))
    parcial = dinheiro_decimal(pedido.get("partial_total"))
    if soma.quantize(CENTAVO) != parcial:
        return f"partial_total {parcial} difere da soma preço × quantidade dos itens ({soma:.2f})"
    total, base, valor_cupom = dinheiro_decimal(pedido.get("total")), total_sem_cupom(pedido), cupom(pedido)
    pedido["_cupom_fora"] = bool(valor_cupom) and total == base - valor_cupom
    if pedido["_cupom_fora"]:
        return None
    if total == base:
        desconto = dinheiro_decimal(pedido.get("discount"))
        if valor_cupom <= desconto:
            return None
        return (f"o total só fecha com o cupom dentro de discount, mas o cupom {valor_cupom} é maior que "
                f"discount {desconto}")
    formula = ("partial_total − discount − progressive_discount − shipping_progressive_discount − "
               "cart_additional_values_discount + shipment_value + taxes + payment_method_rate + interest + "
               "cart_additional_values_increase")
    if valor_cupom:
        return (f"total {total} difere de {formula} − cupom = {base - valor_cupom} (cupom fora de discount) "
                f"e de {base} (cupom dentro de discount)")
    return f"total {total} difere de {formula} = {base}"


def _normalizar_cupom(pedido: dict, rotulo: str) -> None:
    """`coupon` {code, discount} e `discount_coupon` "codigo/valor" dizem o mesmo; um completa o outro."""
    objeto = pedido.get("coupon") if isinstance(pedido.get("coupon"), dict) else {}
    texto_cupom = str(pedido.get("discount_coupon") or "")
    codigo_texto, _, valor_texto = texto_cupom.rpartition("/") if "/" in texto_cupom else (texto_cupom, "", "")
    try:
        valor_objeto = dinheiro(objeto.get("discount")) if objeto.get("code") else None
        valor_texto = dinheiro(valor_texto) if codigo_texto else None
    except ValueError as erro:
        raise ErroSemente(f"{rotulo}: cupom com valor inválido ({erro})") from None
    if objeto.get("code") and codigo_texto and (objeto["code"], valor_objeto) != (codigo_texto, valor_texto):
        raise ErroSemente(f"{rotulo}: coupon {objeto['code']}/{valor_objeto} difere de discount_coupon "
                          f"{texto_cupom}")
    codigo = objeto.get("code") or codigo_texto
    valor = valor_objeto if objeto.get("code") else (valor_texto or "0.00")
    pedido["coupon"] = {"code": codigo, "discount": valor if codigo else "0.00"}
    pedido["discount_coupon"] = f"{codigo}/{valor}" if codigo else ""


def _status(pedido: dict, ref: Referencias, rotulo: str) -> str:
    objeto = pedido.get("OrderStatus") if isinstance(pedido.get("OrderStatus"), dict) else {}
    ident = objeto.get("id") or pedido.get("status_id") or ""
    nome = pedido.get("status") or objeto.get("status") or ""
    if ident and ident not in ref.status_por_id:
        raise ErroSemente(f"{rotulo}: status {ident} não existe")
    if nome and nome not in ref.status_por_nome():
        raise ErroSemente(f"{rotulo}: status '{nome}' não existe")
    if ident and nome and ref.status_por_id[ident] != nome:
        raise ErroSemente(f"{rotulo}: status {ident} não se chama '{nome}'")
    if not ident and not nome:
        raise ErroSemente(f"{rotulo}: sem status")
    return ident or ref.status_por_nome()[nome]


def _itens(pedido: dict, ref: Referencias, rotulo: str) -> list[dict]:
    itens = desembrulhar(pedido.get("ProductsSold"), "ProductsSold")
    if not itens:
        raise ErroSemente(f"{rotulo}: sem itens (ProductsSold)")
    for n, item in enumerate(itens, 1):
        nome_item = f"{rotulo}, item {item.get('id') or n}"
        produto = item.get("product_id", "")
        if produto not in ref.produtos:
            raise ErroSemente(f"{nome_item}: produto {produto or '(vazio)'} não existe")
        variacao = item.get("variant_id") or "0"
        if variacao != "0":
            if variacao not in ref.variacoes:
                raise ErroSemente(f"{nome_item}: variação {variacao} não existe")
            if ref.variacoes[variacao] != produto:
                raise ErroSemente(f"{nome_item}: variação {variacao} não pertence ao produto {produto}")
        try:
            item["quantity"] = inteiro_texto(item.get("quantity", "1"))
            item["price"] = dinheiro(item.get("price"))
            item["original_price"] = dinheiro(item.get("original_price") or item["price"])
        except ValueError as erro:
            raise ErroSemente(f"{nome_item}: {erro}") from None
        if int(item["quantity"]) <= 0:
            raise ErroSemente(f"{nome_item}: quantidade deve ser positiva")
        item["variant_id"] = variacao
        item.setdefault("original_name", item.get("name", ""))
    return itens


def _notas(pedido: dict, ref: Referencias, rotulo: str) -> list[dict]:
    notas = desembrulhar(pedido.get("OrderInvoice"), "OrderInvoice")
    for nota in notas:
        motivo = motivo_chave_invalida(nota.get("key", ""))
        if motivo:
            raise ErroSemente(f"{rotulo}, nota {nota.get('id') or nota.get('number')}: {motivo}")
        if nota["key"] in ref.chaves_notas:
            raise ErroSemente(f"{rotulo}: chave de nota {nota['key']} repetida")
        ref.chaves_notas.add(nota["key"])
    return notas


def normalizar_pedido(bruto: dict, ref: Referencias, validar_valores: bool = True) -> dict:
    """Devolve o pedido com filhos desembrulhados e "_status_id"; ErroSemente se algo não bate."""
    pedido = texto(bruto.get("Order", bruto) if isinstance(bruto, dict) else {})
    if not isinstance(pedido, dict) or not pedido:
        raise ErroSemente("Pedido: objeto vazio")
    ident = pedido.get("id", "")
    rotulo = f"Pedido {ident or '(novo)'}"
    cliente = pedido.get("customer_id", "")
    if cliente not in ref.clientes:
        raise ErroSemente(f"{rotulo}: cliente {cliente or '(vazio)'} não existe")
    embutido = pedido.pop("Customer", None)
    if isinstance(embutido, dict) and embutido.get("id") and embutido["id"] != cliente:
        raise ErroSemente(f"{rotulo}: Customer.id {embutido['id']} difere de customer_id {cliente}")
    pedido["_status_id"] = _status(pedido, ref, rotulo)
    pedido.pop("OrderStatus", None)
    pedido.pop("status_id", None)
    if pedido.get("date") and not data_valida(pedido["date"]):
        raise ErroSemente(f"{rotulo}: data '{pedido['date']}' inválida")
    pedido["ProductsSold"] = _itens(pedido, ref, rotulo)
    try:
        for campo in CAMPOS_DINHEIRO:
            pedido[campo] = dinheiro(pedido.get(campo, "0"))
    except ValueError as erro:
        raise ErroSemente(f"{rotulo}: {erro}") from None
    _normalizar_cupom(pedido, rotulo)
    motivo = identidade_valores(pedido)
    if motivo and validar_valores:
        raise ErroSemente(f"{rotulo}: {motivo}")
    pedido["Payment"] = desembrulhar(pedido.get("Payment"), "Payment")
    pedido["MarketplaceOrder"] = desembrulhar(pedido.get("MarketplaceOrder"), "MarketplaceOrder")
    pedido["OrderInvoice"] = _notas(pedido, ref, rotulo)
    if pedido["OrderInvoice"]:
        pedido["has_invoice"] = "1"
    return pedido
