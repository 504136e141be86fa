"""Textos e números no formato do leiaute."""
import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from erp.nfe.fiscal.formato import aliquota, data_hora, quantidade, texto, unitario, valor

TSTRING = re.compile(r"[!-ÿ]{1}[ -ÿ]{0,}[!-ÿ]{1}|[!-ÿ]{1}")  # padrão do tipo TString do XSD


@given(st.text())
def test_texto_sempre_aceito_pelo_xsd(s):
    limpo = texto(s, 60)
    assert limpo == "" or TSTRING.fullmatch(limpo)
    assert len(limpo) <= 60


@pytest.mark.parametrize("entrada, saida", [
    ("  Maria   José\n da\tSilva ", "Maria José da Silva"),
    ("“Aspas” ‘simples’ — travessão…", "\"Aspas\" 'simples' - travessão..."),
    ("Ação & <Cia>", "Ação & <Cia>"),
    ("Cafe\u0301 com açúcar", "Café com açúcar"),
    ("Œuvre 😀 Ω fim", "OEuvre fim"),
    ("", ""),
])
def test_texto(entrada, saida):
    assert texto(entrada) == saida


def test_texto_cortado_sem_espaco_no_fim():
    assert texto("abc def", 4) == "abc"


@pytest.mark.parametrize("funcao, entrada, saida", [
    (valor, D("10"), "10.00"), (valor, D("0.005"), "0.01"), (valor, D("1234567.891"), "1234567.89"),
    (aliquota, D("18"), "18.00"), (aliquota, D("0.65"), "0.65"), (aliquota, D("20.5"), "20.50"),
    (aliquota, D("0.925"), "0.9250"),
    (quantidade, D("2"), "2.0000"), (quantidade, D("1.5"), "1.5000"),
    (unitario, D("9.75"), "9.75"), (unitario, D("10"), "10.00"), (unitario, D("33.333"), "33.333"),
    (unitario, D("0.3333333333"), "0.3333333333"), (unitario, D("100.10"), "100.10"),
])
def test_numeros(funcao, entrada, saida):
    assert funcao(entrada) == saida


def test_data_hora_com_fuso_em_horas_cheias():
    brasilia = timezone(timedelta(hours=-3))
    assert data_hora(datetime(2026, 3, 10, 14, 5, 7, 999, tzinfo=brasilia)) == "2026-03-10T14:05:07-03:00"
    assert data_hora(datetime(2026, 3, 10, tzinfo=timezone.utc)) == "2026-03-10T00:00:00+00:00"
    for ruim in (datetime(2026, 3, 10), datetime(2026, 3, 10, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
                 datetime(2026, 3, 10, tzinfo=timezone(timedelta(hours=-12)))):
        with pytest.raises(ValueError):
            data_hora(ruim)
