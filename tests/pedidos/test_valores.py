"""Valores da venda a partir do pedido da Tray: identidade do §12, exata ao centavo."""
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from erp.pedidos.erros import PedidoInvalido
from erp.pedidos.valores import calcular_totais, ratear

D = Decimal


def pedido(itens, desconto="0.00", frete="0.00", taxas="0.00", tarifa="0.00", juros="0.00", **extra):
    parcial = sum((D(q) * D(p) for q, p in itens), D("0.00"))
    total = parcial - D(desconto) + D(frete) + D(taxas) + D(tarifa) + D(juros)
    return {"partial_total": f"{parcial:.2f}", "discount": desconto, "shipment_value": frete, "taxes": taxas,
            "payment_method_rate": tarifa, "interest": juros, "total": f"{total:.2f}", **extra}


def itens(lista):
    return [(D(q), D(p)) for q, p in lista]


def test_desconto_frete_e_total_exatos():
    linhas = [("2", "129.90"), ("3", "19.90")]
    t = calcular_totais(pedido(linhas, desconto="10.00", frete="25.00"), itens(linhas))
    assert (t.total_produtos, t.desconto, t.frete, t.outras_despesas, t.total) == (
        D("319.50"), D("10.00"), D("25.00"), D("0.00"), D("334.50"))
    assert [i.valor_unitario for i in t.itens] == [D("129.90"), D("19.90")]
    assert sum(i.desconto for i in t.itens) == D("10.00")
    assert [i.desconto for i in t.itens] == [D("8.13"), D("1.87")]  # proporcional a 259,80 e 59,70


def test_juros_e_tarifa_em_outras_despesas_por_padrao():
    linhas = [("3", "249.00"), ("10", "19.90")]
    t = calcular_totais(pedido(linhas, frete="48.50", tarifa="12.35", juros="30.10", taxas="1.00"), itens(linhas))
    assert t.outras_despesas == D("43.45")
    assert t.total_produtos == D("946.00")
    assert t.total == D("1037.95")


def test_juros_rateados_nos_itens_mantem_o_total():
    linhas = [("3", "249.00"), ("7", "19.90")]
    p = pedido(linhas, frete="48.50", tarifa="12.35", juros="30.10", taxas="1.00")
    t = calcular_totais(p, itens(linhas), juros_como="itens")
    assert t.outras_despesas == D("1.00")
    assert t.total_produtos == D("886.30") + D("42.45")
    assert sum(i.total for i in t.itens) == t.total_produtos
    for (qtd, _), item in zip(itens(linhas), t.itens):
        assert (item.valor_unitario * qtd).quantize(D("0.01")) == item.total
    assert t.total_produtos - t.desconto + t.frete + t.outras_despesas == D(p["total"])


def test_cupom_fora_do_discount_e_aceito():
    # Algumas lojas deixam o cupom fora de `discount`: o desconto derivado é discount + cupom.
    linhas = [("1", "100.00")]
    p = pedido(linhas, desconto="15.00")
    p["discount"] = "10.00"
    p["coupon"] = {"code": "X", "discount": "5.00"}
    t = calcular_totais(p, itens(linhas))
    assert t.desconto == D("15.00")


def test_total_que_nao_fecha_e_recusado_com_motivo():
    linhas = [("1", "100.00")]
    p = pedido(linhas, frete="10.00")
    p["total"] = "111.00"
    with pytest.raises(PedidoInvalido, match="não fecha"):
        calcular_totais(p, itens(linhas))
    p = pedido(linhas, desconto="5.00")
    p["discount"] = "3.00"
    with pytest.raises(PedidoInvalido, match="não fecha"):
        calcular_totais(p, itens(linhas))


def test_subtotal_diferente_dos_itens():
    linhas = [("2", "10.00")]
    p = pedido(linhas)
    p["partial_total"] = "21.00"
    with pytest.raises(PedidoInvalido, match="soma dos itens"):
        calcular_totais(p, itens(linhas))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**7), st.lists(st.integers(0, 10**6), min_size=1, max_size=12))
def test_ratear_soma_exata_e_proporcional(centavos, pesos):
    valor = D(centavos) / 100
    partes = ratear(valor, [D(p) for p in pesos])
    assert sum(partes, D(0)) == valor
    assert all(p >= 0 for p in partes)
    total = sum(pesos)
    if total:
        for peso, parte in zip(pesos, partes):
            assert abs(parte - valor * peso / total) < D("0.01")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 50), st.integers(1, 100000)), min_size=1, max_size=6),
       st.integers(0, 5000), st.integers(0, 5000), st.integers(0, 3000), st.sampled_from(["outras_despesas", "itens"]))
def test_identidade_sempre_fecha(linhas_int, frete, juros, desconto_pct, juros_como):
    linhas = [(str(q), f"{D(c) / 100:.2f}") for q, c in linhas_int]
    parcial = sum(D(q) * D(p) for q, p in linhas)
    desconto = (parcial * D(desconto_pct) / 10000).quantize(D("0.01"))
    p = pedido(linhas, desconto=f"{desconto:.2f}", frete=f"{D(frete) / 100:.2f}", juros=f"{D(juros) / 100:.2f}")
    t = calcular_totais(p, itens(linhas), juros_como)
    assert t.total == D(p["total"])
    assert t.total_produtos - t.desconto + t.frete + t.outras_despesas == t.total
    assert sum(i.desconto for i in t.itens) == t.desconto
    assert sum(i.total for i in t.itens) == t.total_produtos


def test_descontos_e_acrescimos_do_carrinho_fecham_com_o_total():
    """cart_additional_values_discount entra no desconto; cart_additional_values_increase em outras despesas."""
    from decimal import Decimal as D

    from erp.pedidos.valores import calcular_totais

    pedido = {"partial_total": "200.00", "discount": "10.00", "cart_additional_values_discount": "5.00",
              "cart_additional_values_increase": "7.50", "shipment_value": "20.00", "taxes": "0",
              "payment_method_rate": "0", "interest": "0", "total": "212.50"}
    totais = calcular_totais(pedido, [(D("2"), D("100.00"))])
    assert totais.desconto == D("15.00") and totais.outras_despesas == D("7.50")
    assert totais.total_produtos - totais.desconto + totais.frete + totais.outras_despesas == D("212.50")
