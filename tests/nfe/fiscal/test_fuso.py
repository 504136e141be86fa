"""Fuso de dhEmi/dhSaiEnt pela UF do emitente (docs/fiscal.md, "Data e hora de emissão"), para as 27 UFs."""
from datetime import datetime, timedelta, timezone

import pytest

from erp.nfe.fiscal.fuso import FERNANDO_DE_NORONHA, fuso_do_emitente, hora_local
from erp.nfe.fiscal.tabelas import CODIGOS_UF

HORAS = {"AC": -5, "AM": -4, "RO": -4, "RR": -4, "MT": -4, "MS": -4}


@pytest.mark.parametrize("uf", sorted(CODIGOS_UF))
def test_deslocamento_de_cada_uf(uf):
    assert fuso_do_emitente(uf) == timezone(timedelta(hours=HORAS.get(uf, -3)))


def test_fernando_de_noronha_em_menos_duas_horas():
    assert fuso_do_emitente("PE", FERNANDO_DE_NORONHA) == timezone(timedelta(hours=-2))
    assert fuso_do_emitente("PE", "2611606") == timezone(timedelta(hours=-3))  # Recife


def test_hora_local_sem_microssegundos_e_utc_quando_sem_fuso():
    momento = hora_local(datetime(2027, 1, 15, 15, 0, 0, 123456), "AM")
    assert momento.isoformat() == "2027-01-15T11:00:00-04:00"
