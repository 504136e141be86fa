"""Rateio em centavos: soma exata, proporcional, sobra no último item."""
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from erp.nfe.fiscal.rateio import ratear

centavos = st.integers(min_value=0, max_value=10**9).map(lambda c: D(c) / 100)
pesos_positivos = st.lists(st.integers(min_value=1, max_value=10**8).map(lambda c: D(c) / 100),
                           min_size=1, max_size=40)


@given(centavos, pesos_positivos)
def test_soma_exata_sem_negativos_e_em_centavos(total, pesos):
    partes = ratear(total, pesos)
    assert len(partes) == len(pesos)
    assert sum(partes) == total
    assert all(p >= 0 for p in partes)
    assert all(p == p.quantize(D("0.01")) for p in partes)


@given(centavos, pesos_positivos)
def test_cada_item_menos_o_ultimo_fica_a_menos_de_um_centavo_da_parte_exata(total, pesos):
    partes = ratear(total, pesos)
    soma = sum(pesos)
    for parte, peso in zip(partes[:-1], pesos[:-1]):
        assert abs(parte - total * peso / soma) < D("0.01")


@given(centavos, pesos_positivos)
def test_sobra_do_arredondamento_fica_no_ultimo(total, pesos):
    partes = ratear(total, pesos)
    assert partes[-1] == total - sum(partes[:-1])


@given(centavos, st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=10**6))
def test_pesos_iguais_dividem_por_igual_ate_um_centavo(total, n, peso):
    partes = ratear(total, [D(peso)] * n)
    assert max(partes[:-1], default=partes[-1]) - min(partes[:-1], default=partes[-1]) <= D("0.01")


def test_exemplo_dez_reais_em_tres():
    assert ratear(D("10.00"), [D("1"), D("1"), D("1")]) == [D("3.33"), D("3.33"), D("3.34")]


def test_proporcional_ao_valor_do_item():
    assert ratear(D("30.00"), [D("100.00"), D("200.00")]) == [D("10.00"), D("20.00")]


def test_ultimo_item_muito_pequeno_nao_fica_negativo():
    # Arredondando ao centavo mais próximo, os três primeiros somariam 0.03 e o último ficaria com -0.01;
    # truncando, a sobra (não negativa) vai para o último.
    partes = ratear(D("0.02"), [D("1"), D("1"), D("1"), D("0.01")])
    assert partes == [D("0.00"), D("0.00"), D("0.00"), D("0.02")]


def test_total_zero_e_pesos_zero():
    assert ratear(D("0"), [D("5"), D("7")]) == [D("0.00"), D("0.00")]
    assert ratear(D("9.99"), [D("0"), D("0")]) == [D("0.00"), D("9.99")]


def test_sem_itens_ou_total_negativo():
    assert ratear(D("0"), []) == []
    with pytest.raises(ValueError):
        ratear(D("1.00"), [])
    with pytest.raises(ValueError):
        ratear(D("-1.00"), [D("1")])


@given(st.lists(st.integers(min_value=0, max_value=10**6).map(lambda c: D(c) / 100), min_size=1, max_size=30),
       st.integers(min_value=0, max_value=100))
def test_com_limites_nenhuma_parte_passa_do_limite(limites, percentual):
    total = (sum(limites) * percentual / 100).quantize(D("0.01"), rounding="ROUND_DOWN")
    partes = ratear(total, limites, limites=limites)
    assert sum(partes) == total
    assert all(D(0) <= p <= limite for p, limite in zip(partes, limites))


def test_limite_do_ultimo_devolve_a_sobra_aos_anteriores():
    limites = [D(v) for v in ("0.25", "0.14", "0.07", "0.32", "0.02", "0.25", "0.02")]
    sem_limite = ratear(D("0.78"), limites)
    assert sem_limite[-1] == D("0.03")  # a sobra do arredondamento passaria do valor do último item
    com_limite = ratear(D("0.78"), limites, limites=limites)
    assert com_limite == [D(v) for v in ("0.18", "0.10", "0.05", "0.23", "0.01", "0.19", "0.02")]


def test_total_acima_da_soma_dos_limites():
    with pytest.raises(ValueError):
        ratear(D("1.00"), [D("0.50")], limites=[D("0.50")])
