"""Fixtures dos testes de comunicação com a SEFAZ: o simulador por HTTP de verdade e notas assinadas."""
import json

import pytest
import requests

from erp.extensions import db
from erp.nfe.models import NotaFiscal
from erp.sandbox.sefaz.servidor import iniciar_em_thread
from tests.nfe.services import fabrica


@pytest.fixture
def sefaz_sim(app):
    """SEFAZ simulada numa porta livre; o app passa a falar com ela (SEFAZ_URL)."""
    simulador = iniciar_em_thread()
    app.config.update(SEFAZ_URL=simulador.url, SEFAZ_INTERVALO_RECIBO=0, SEFAZ_TEMPO_RESPOSTA=5)
    yield simulador
    simulador.parar()
    for chave in ("SEFAZ_URL", "SEFAZ_INTERVALO_RECIBO", "SEFAZ_TEMPO_RESPOSTA"):
        app.config.pop(chave, None)


@pytest.fixture
def empresa(app):
    return fabrica.empresa()


def sandbox(simulador, caminho: str, metodo: str = "get", **dados) -> dict:
    resposta = getattr(requests, metodo)(f"{simulador.url}/_sandbox/{caminho}", json=dados or None, timeout=5)
    assert resposta.status_code == 200, resposta.text
    return resposta.json()


def cli_json(runner, *argumentos):
    saida = runner.invoke(args=[*argumentos, "--json"])
    assert saida.exit_code == 0, saida.output
    return json.loads(saida.output)


def assinar(runner, *vendas) -> list[NotaFiscal]:
    """Gera e assina a NF-e de cada venda (como `nfe gerar`) e devolve as notas."""
    resultados = cli_json(runner, "nfe", "gerar", "--vendas", ",".join(str(v.id) for v in vendas))
    assert all(r["resultado"] == "assinada" for r in resultados), resultados
    return [db.session.query(NotaFiscal).filter_by(chave=r["chave"]).one() for r in resultados]


def transmitir(runner, *notas) -> list[dict]:
    return cli_json(runner, "nfe", "transmitir", "--notas", ",".join(str(n.id) for n in notas))
