"""Os filtros que `api.py` monta para a Tray: datas sempre com início e fim, CNPJ como a Tray guarda."""
from datetime import date, timedelta

from erp.lojas_virtuais.tray import api


def test_datas_sempre_com_inicio_e_fim():
    amanha = (date.today() + timedelta(days=1)).isoformat()
    assert api.filtros_de_pedidos(de=date(2026, 11, 19))["date"] == f"2026-11-19,{amanha}"
    assert api.filtros_de_pedidos(ate=date(2026, 11, 19))["date"] == "2000-01-01,2026-11-19"
    filtros = api.filtros_de_pedidos(modificado_de=date(2026, 11, 1), modificado_ate=date(2026, 11, 2))
    assert filtros == {"sort": "id_desc", "modified": "2026-11-01,2026-11-02"}
    assert "date" not in api.filtros_de_pedidos(status="A ENVIAR")


def test_cnpj_pontuado_como_a_tray_guarda():
    assert api.cnpj_como_a_tray("11222333000181") == "11.222.333/0001-81"
    assert api.cnpj_como_a_tray("11.222.333/0001-81") == "11.222.333/0001-81"
    assert api.cnpj_como_a_tray("12abc34501de35") == "12.ABC.345/01DE-35"
    assert api.cnpj_como_a_tray("123") == "123"
