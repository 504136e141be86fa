"""A SVC no simulador: caminho + cUF decidem se a chamada é para a SVC, conferido contra a tabela do produto."""
from urllib.parse import urlsplit

import pytest
import requests

from erp.nfe.fiscal.tabelas import CODIGOS_UF
from erp.nfe.sefaz import autorizadores
from erp.sandbox.sefaz import svc
from erp.sandbox.sefaz.servidor import iniciar_em_thread


@pytest.mark.parametrize("ambiente", autorizadores.AMBIENTES)
@pytest.mark.parametrize("uf", autorizadores.UFS)
def test_caminhos_da_autorizadora_e_da_svc_de_cada_uf(uf, ambiente):
    cuf = CODIGOS_UF[uf]
    assert svc.svc_da_uf(cuf) == autorizadores.contingencia_da_uf(uf)
    for servico in autorizadores.SERVICOS:
        assert not svc.para_a_svc(urlsplit(autorizadores.url(uf, ambiente, servico)).path, cuf), servico
    for servico in autorizadores.SERVICOS_CONTINGENCIA:
        assert svc.para_a_svc(urlsplit(autorizadores.url(uf, ambiente, servico, True)).path, cuf), servico


def test_falha_de_rejeicao_aceita_so_656_e_999():
    simulador = iniciar_em_thread()
    try:
        url = f"{simulador.url}/_sandbox/svc/falhas"
        assert requests.post(url, json={"tipo": "rejeicao", "cstat": 108}, timeout=5).status_code == 400
        resposta = requests.post(url, json={"tipo": "rejeicao", "cstat": 656}, timeout=5)
        assert resposta.status_code == 200 and resposta.json()["falhas"][0]["cstat"] == 656
        assert requests.get(f"{simulador.url}/_sandbox/falhas", timeout=5).json()["falhas"] == []  # outra base
    finally:
        simulador.parar()


def test_comando_da_demonstracao_para_e_volta_a_autorizadora(app, runner):
    simulador = iniciar_em_thread()
    try:
        saida = runner.invoke(args=["sandbox", "sefaz-servico", "--cstat", "109", "--url", simulador.url])
        assert saida.exit_code == 0 and "paralisada (109)" in saida.output
        assert simulador.estado.paralisacao == 109 and simulador.estado.svc.paralisacao is None
        saida = runner.invoke(args=["sandbox", "sefaz-servico", "--cstat", "107", "--url", simulador.url])
        assert saida.exit_code == 0 and simulador.estado.paralisacao is None
    finally:
        simulador.parar()
