"""Auxiliares dos testes de integração da NF-e: os comandos `nfe ...` em JSON, a conferência da nota assinada e a
inspeção da SEFAZ simulada."""
import json

import requests
from lxml import etree

from erp.extensions import db
from erp.nfe.fiscal.chave import chave_valida
from erp.nfe.fiscal.xsd import erros_schema
from erp.nfe.models import NotaFiscal
from erp.sandbox.verificacao import verificar_xmlsec1
from tests.nfe.services import fabrica

NS = {"n": "http://www.portalfiscal.inf.br/nfe"}


def cli_json(runner, *argumentos):
    saida = runner.invoke(args=[*argumentos, "--json"])
    assert saida.exit_code == 0, saida.output
    return json.loads(saida.output)


def gerar_json(runner, *argumentos) -> list[dict]:
    return cli_json(runner, "nfe", "gerar", *argumentos)


def gerar_vendas(runner, *vendas) -> list[dict]:
    return gerar_json(runner, "--vendas", ",".join(str(v.id) for v in vendas))


def assinar(runner, *vendas) -> list[NotaFiscal]:
    """Gera e assina a NF-e de cada venda (como `nfe gerar`) e devolve as notas."""
    resultados = gerar_vendas(runner, *vendas)
    assert all(r["resultado"] == "assinada" for r in resultados), resultados
    return [db.session.query(NotaFiscal).filter_by(chave=r["chave"]).one() for r in resultados]


def transmitir(runner, *notas) -> list[dict]:
    return cli_json(runner, "nfe", "transmitir", "--notas", ",".join(str(n.id) for n in notas))


def sandbox(simulador, caminho: str, metodo: str = "get", **dados) -> dict:
    """As rotas de inspeção e de falhas da SEFAZ simulada (/_sandbox/...)."""
    resposta = getattr(requests, metodo)(f"{simulador.url}/_sandbox/{caminho}", json=dados or None, timeout=5)
    assert resposta.status_code == 200, resposta.text
    return resposta.json()


def xml_da_nota(chave: str) -> bytes:
    return db.session.query(NotaFiscal).filter_by(chave=chave).one().xml


def conferir(resultado: dict, cnpj_certificado: str = fabrica.CNPJ_EMPRESA) -> etree._Element:
    """A nota assinada passa no XSD oficial e a assinatura confere no xmlsec1; devolve o infNFe."""
    assert resultado["resultado"] == "assinada", resultado["motivo"]
    assert resultado["motivo"] is None
    assert chave_valida(resultado["chave"])
    xml = xml_da_nota(resultado["chave"])
    raiz = etree.fromstring(xml)
    assert erros_schema(raiz) == []
    verificar_xmlsec1(xml, fabrica.pem(cnpj_certificado))
    inf = raiz.find("n:infNFe", NS)
    assert inf.get("Id") == "NFe" + resultado["chave"]
    assert inf.findtext("n:ide/n:nNF", namespaces=NS) == str(resultado["numero"])
    return inf


def texto(elemento, caminho: str) -> str | None:
    return elemento.findtext(caminho, namespaces=NS)
