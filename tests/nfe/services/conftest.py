"""Auxiliares dos testes de integração da NF-e (banco, CLI, telas)."""
import json

import pytest
from lxml import etree

from erp.extensions import db
from erp.sandbox.verificacao import verificar_xmlsec1
from erp.nfe.fiscal.chave import chave_valida
from erp.nfe.fiscal.xsd import erros_schema
from erp.nfe.models import NotaFiscal
from tests.nfe.services import fabrica

NS = {"n": "http://www.portalfiscal.inf.br/nfe"}


@pytest.fixture
def empresa(app):
    """Empresa do Simples Nacional em SP, com certificado A1 de teste."""
    return fabrica.empresa()


def gerar_json(runner, *argumentos) -> list[dict]:
    saida = runner.invoke(args=["nfe", "gerar", *argumentos, "--json"])
    assert saida.exit_code == 0, saida.output
    return json.loads(saida.output)


def gerar_vendas(runner, *vendas) -> list[dict]:
    return gerar_json(runner, "--vendas", ",".join(str(v.id) for v in vendas))


def xml_da_nota(chave: str) -> bytes:
    nota = db.session.query(NotaFiscal).filter_by(chave=chave).one()
    return nota.xml


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
