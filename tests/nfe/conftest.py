"""Fixtures dos testes da NF-e com banco: a empresa emitente e a SEFAZ simulada por HTTP de verdade."""
import pytest

from erp.sandbox.sefaz.servidor import iniciar_em_thread
from tests.nfe.services import fabrica


@pytest.fixture
def empresa(app):
    """Empresa do Simples Nacional em SP, com certificado A1 de teste."""
    return fabrica.empresa()


@pytest.fixture
def sefaz_sim(app):
    """SEFAZ simulada numa porta livre; o app passa a falar com ela (SEFAZ_URL)."""
    simulador = iniciar_em_thread()
    app.config.update(SEFAZ_URL=simulador.url, SEFAZ_INTERVALO_RECIBO=0, SEFAZ_TEMPO_RESPOSTA=5)
    yield simulador
    simulador.parar()
    for chave in ("SEFAZ_URL", "SEFAZ_INTERVALO_RECIBO", "SEFAZ_TEMPO_RESPOSTA"):
        app.config.pop(chave, None)
