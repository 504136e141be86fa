"""Rateio de frete, seguro, outras despesas e desconto do pedido entre os itens.

Os totais da NF-e (vFrete, vSeg, vOutro, vDesc) são conferidos contra a soma dos itens (rejeição 535 e
afins), então o valor do pedido é repartido em centavos, na proporção do valor de cada item, e a sobra
do arredondamento fica no último item: a soma bate exatamente com o total.
"""
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Sequence

from erp.nfe.fiscal.formato import Q2, ZERO

CENTAVO = Decimal("0.01")


def ratear(total: Decimal, pesos: Sequence[Decimal], limites: Sequence[Decimal] | None = None) -> list[Decimal]:
    """Reparte `total` (em centavos) proporcionalmente a `pesos`; a soma das partes é exatamente `total`.

    Cada item, menos o último, recebe a sua parte arredondada ao centavo; o último recebe o que sobra.
    Se o arredondamento deixaria o último negativo (item final muito pequeno), as partes são truncadas,
    o que garante sobra não negativa. Sem pesos positivos, tudo vai para o último item.

    Com `limites` (o desconto de um item não pode passar do valor dele), o que a sobra empurrar além do
    limite do último item volta, centavo a centavo, para os itens anteriores que ainda têm folga.
    """
    n = len(pesos)
    if not total and n:
        return [ZERO] * n
    if n == 0:
        if total:
            raise ValueError("Não há itens para ratear o valor.")
        return []
    total = Decimal(total).quantize(Q2, ROUND_HALF_UP)
    if total < 0:
        raise ValueError("O valor a ratear não pode ser negativo.")
    if limites is not None and total > sum(limites, ZERO):
        raise ValueError("O valor a ratear passa da soma dos limites dos itens.")
    soma_pesos = sum(pesos, Decimal(0))
    if not total or soma_pesos <= 0:
        partes = [ZERO] * (n - 1) + [total]
    else:
        partes = _partes(total, pesos, soma_pesos, ROUND_HALF_UP)
        if partes[-1] < 0:
            partes = _partes(total, pesos, soma_pesos, ROUND_DOWN)
    if limites is not None:
        _respeitar_limites(partes, limites)
    return partes


def _partes(total, pesos, soma_pesos, arredondamento) -> list[Decimal]:
    partes = [(total * p / soma_pesos).quantize(Q2, arredondamento) for p in pesos[:-1]]
    partes.append(total - sum(partes, ZERO))
    return partes


def _respeitar_limites(partes: list[Decimal], limites: Sequence[Decimal]) -> None:
    excesso = ZERO
    for i, (parte, limite) in enumerate(zip(partes, limites)):
        if parte > limite:
            excesso += parte - limite
            partes[i] = limite
    for i in reversed(range(len(partes))):
        if not excesso:
            break
        folga = min(limites[i] - partes[i], excesso)
        if folga > 0:
            partes[i] += folga
            excesso -= folga
