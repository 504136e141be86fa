"""Dias de Brasília sobre instantes em UTC: a venda das 22:30 continua sendo do dia em que foi feita."""
from datetime import date, datetime

from freezegun import freeze_time

from erp.comum import datas
from erp.comum.formatos import data, data_hora


def test_limites_do_dia_em_utc():
    assert datas.inicio_do_dia(date(2026, 12, 4)) == datetime(2026, 12, 4, 3)
    assert datas.fim_do_dia(date(2026, 12, 4)) == datetime(2026, 12, 5, 3)
    assert datas.fim_do_dia(date(2026, 12, 31)) == datetime(2027, 1, 1, 3)
    # Horário de verão antes de 2019: a meia-noite de 04/12/2018 era 02:00 UTC.
    assert datas.inicio_do_dia(date(2018, 12, 4)) == datetime(2018, 12, 4, 2)


@freeze_time("2026-12-05 01:30:00")
def test_hoje_e_o_dia_de_brasilia_depois_das_21h():
    assert datas.hoje() == date(2026, 12, 4)
    assert data_hora(datetime(2026, 12, 5, 1, 30)) == "04/12/2026 22:30"
    assert data(datetime(2026, 12, 5, 1, 30)) == "04/12/2026"
    assert data(date(2026, 12, 5)) == "05/12/2026"  # um dia já é um dia


@freeze_time("2026-12-05 03:00:00")
def test_meia_noite_de_brasilia_vira_o_dia():
    assert datas.hoje() == date(2026, 12, 5)
