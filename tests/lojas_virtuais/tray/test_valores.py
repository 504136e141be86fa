"""Leitura dos valores em texto da Tray."""
from datetime import date, datetime
from decimal import Decimal

import pytest

from erp.lojas_virtuais.tray import valores


@pytest.mark.parametrize("bruto,esperado", [
    ("12.30", Decimal("12.30")), ("12.3", Decimal("12.30")), ("0", Decimal("0.00")), ("", Decimal("0.00")),
    (None, Decimal("0.00")), ("62935.86", Decimal("62935.86")), ("12,345", Decimal("12.35")),
    ("abc", Decimal("0.00")), (Decimal("1.005"), Decimal("1.01")), (7, Decimal("7.00")),
])
def test_dinheiro(bruto, esperado):
    resultado = valores.dinheiro(bruto)
    assert resultado == esperado and isinstance(resultado, Decimal)
    assert resultado.as_tuple().exponent == -2


def test_dinheiro_nunca_passa_por_float():
    assert valores.dinheiro("0.1") + valores.dinheiro("0.2") == Decimal("0.30")
    assert valores.decimal("3000") == Decimal("3000") and valores.decimal("", None) is None
    assert valores.decimal("NaN", None) is None and valores.decimal("Infinity", None) is None


@pytest.mark.parametrize("bruto,esperado", [
    ("1", True), ("0", False), ("", False), (None, False), ("true", True), (True, True), (" 1 ", True),
])
def test_booleano(bruto, esperado):
    assert valores.booleano(bruto) is esperado


@pytest.mark.parametrize("bruto,esperado", [
    ("15", 15), ("15.0", 15), ("", 0), ("x", 0), ("1.5", 0), (None, 0),
])
def test_inteiro(bruto, esperado):
    assert valores.inteiro(bruto) == esperado
    assert valores.inteiro("", None) is None


def test_datas_vazias_da_tray_viram_none():
    assert valores.data("0000-00-00") is None
    assert valores.data("") is None and valores.data(None) is None
    assert valores.data_hora("0000-00-00 00:00:00") is None
    assert valores.data("2026-11-20") == date(2026, 11, 20)
    assert valores.data("2026-11-20 14:05:09") == date(2026, 11, 20)
    assert valores.data("2026-02-30") is None
    assert valores.data_hora("2026-11-20 14:05:09") == datetime(2026, 11, 20, 14, 5, 9)
    assert valores.data_hora("2026-11-20") == datetime(2026, 11, 20)


def test_data_hora_de_brasilia_para_utc():
    assert valores.data_hora_utc("2026-11-20 22:30:00") == datetime(2026, 11, 21, 1, 30)
    assert valores.data_hora_utc("0000-00-00 00:00:00") is None


def test_texto():
    assert valores.texto(None) == "" and valores.texto("") == "" and valores.texto(" a ") == "a"
    assert valores.texto(15) == "15"
