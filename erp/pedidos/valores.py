"""Valores da venda a partir dos valores do pedido da Tray (tray-api.md §12), exatos ao centavo.

Identidade da Tray: total = Σ preço × quantidade − descontos + frete + taxas + tarifa + juros + acréscimos do
carrinho (`cart_additional_values_increase`). O desconto do pedido é derivado dessa identidade e conferido com o
que a Tray informa: `discount`, com ou sem o cupom (algumas lojas o deixam fora de `discount`), os descontos
progressivos e o desconto do carrinho (`cart_additional_values_discount`), ver docs/tray.md. Na venda: total_produtos − desconto + frete +
outras_despesas = total da Tray, sempre.
"""
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from erp.comum.formatos import dinheiro
from erp.lojas_virtuais.tray import valores as tv
from erp.pedidos.erros import PedidoInvalido

CENTAVO = Decimal("0.01")
CASAS_UNITARIO = Decimal("1E-10")
ZERO = Decimal("0.00")


def rs(valor: Decimal) -> str:
    return dinheiro(valor)


def ratear(valor: Decimal, pesos: list[Decimal]) -> list[Decimal]:
    """Divide `valor` (em centavos) proporcionalmente aos pesos; a soma das partes é exatamente `valor`."""
    if not pesos:
        return []
    total_pesos = sum(pesos, Decimal(0))
    if total_pesos <= 0:
        pesos, total_pesos = [Decimal(1)] * len(pesos), Decimal(len(pesos))
    centavos = int((valor / CENTAVO).to_integral_value())
    brutas = [Decimal(centavos) * p / total_pesos for p in pesos]
    partes = [int(b.to_integral_value(rounding=ROUND_DOWN)) for b in brutas]
    sobra = centavos - sum(partes)
    ordem = sorted(range(len(pesos)), key=lambda i: (brutas[i] - partes[i], -i), reverse=True)
    for i in ordem[:sobra]:
        partes[i] += 1
    return [Decimal(p) * CENTAVO for p in partes]


@dataclass
class ValorItem:
    valor_unitario: Decimal
    total: Decimal  # quantidade × valor unitário, em centavos
    desconto: Decimal  # parte do desconto do pedido que cabe ao item


@dataclass
class TotaisDoPedido:
    total_produtos: Decimal
    desconto: Decimal
    frete: Decimal
    outras_despesas: Decimal
    total: Decimal
    itens: list[ValorItem] = field(default_factory=list)


def _cupom(pedido: dict) -> Decimal:
    cupom = pedido.get("coupon")
    if isinstance(cupom, dict) and tv.dinheiro(cupom.get("discount")) > 0:
        return tv.dinheiro(cupom.get("discount"))
    texto = tv.texto(pedido.get("discount_coupon"))
    return tv.dinheiro(texto.rsplit("/", 1)[-1]) if "/" in texto else ZERO


def _desconto_confere(derivado: Decimal, pedido: dict) -> bool:
    informado = tv.dinheiro(pedido.get("discount"))
    progressivo = tv.dinheiro(pedido.get("progressive_discount")) + tv.dinheiro(
        pedido.get("shipping_progressive_discount"))
    cupom = _cupom(pedido)
    carrinho = tv.dinheiro(pedido.get("cart_additional_values_discount"))
    partes = (cupom, progressivo, carrinho)
    combinacoes = {informado + sum((p for i, p in enumerate(partes) if mascara >> i & 1), ZERO)
                   for mascara in range(2 ** len(partes))}
    return derivado in combinacoes


def calcular_totais(pedido: dict, itens: list[tuple[Decimal, Decimal]],
                    juros_como: str = "outras_despesas") -> TotaisDoPedido:
    """`itens`: (quantidade, preço unitário cobrado) de cada item, na ordem do pedido."""
    linhas = [(qtd * preco).quantize(CENTAVO) for qtd, preco in itens]
    soma = sum(linhas, ZERO)
    parcial = tv.dinheiro(pedido.get("partial_total"))
    if soma != parcial:
        raise PedidoInvalido(
            f"A soma dos itens ({rs(soma)}) difere do subtotal informado pela Tray ({rs(parcial)}).")
    frete, taxas = tv.dinheiro(pedido.get("shipment_value")), tv.dinheiro(pedido.get("taxes"))
    tarifa, juros = tv.dinheiro(pedido.get("payment_method_rate")), tv.dinheiro(pedido.get("interest"))
    aumento = tv.dinheiro(pedido.get("cart_additional_values_increase"))
    total = tv.dinheiro(pedido.get("total"))
    desconto = soma + frete + taxas + tarifa + juros + aumento - total
    if desconto < 0 or not _desconto_confere(desconto, pedido):
        raise PedidoInvalido(
            f"O total do pedido não fecha: produtos {rs(soma)} − desconto "
            f"{rs(tv.dinheiro(pedido.get('discount')))} + frete {rs(frete)} + taxas {rs(taxas)} + "
            f"tarifa {rs(tarifa)} + juros {rs(juros)} + acréscimos {rs(aumento)} ≠ total {rs(total)}.")
    acrescimo = tarifa + juros
    if juros_como == "itens" and acrescimo > 0:
        linhas = [linha + extra for linha, extra in zip(linhas, ratear(acrescimo, linhas))]
        outras = taxas + aumento
    else:
        outras = taxas + aumento + tarifa + juros
    valores = []
    for (qtd, preco), linha in zip(itens, linhas):
        unitario = preco if linha == (qtd * preco).quantize(CENTAVO) else (linha / qtd).quantize(CASAS_UNITARIO)
        if (unitario * qtd).quantize(CENTAVO) != linha:
            raise PedidoInvalido("Não foi possível distribuir juros e tarifas nos itens sem diferença de centavos.")
        valores.append(ValorItem(unitario, linha, ZERO))
    for valor, parte in zip(valores, ratear(desconto, [v.total for v in valores])):
        valor.desconto = parte
    totais = TotaisDoPedido(sum((v.total for v in valores), ZERO), desconto, frete, outras, total, valores)
    if totais.total_produtos - totais.desconto + totais.frete + totais.outras_despesas != total:
        raise ArithmeticError(f"A soma das partes do pedido não fecha com o total {total}.")
    return totais
