"""Entrada do núcleo: gerar_assinada, gerar_nfe e gerar_lote."""
from decimal import Decimal as D

from lxml import etree

from erp.nfe.fiscal import (
    CnpjCertificadoDivergente, DadosIncompletos, chave_da_nota, chave_valida, gerar_assinada, gerar_lote,
    gerar_nfe,
)
from tests.nfe import fabrica as f

NS = {"n": "http://www.portalfiscal.inf.br/nfe"}


def test_gerar_assinada_devolve_xml_e_chave():
    nota = f.nota()
    xml, chave = gerar_assinada(nota, f.certificado())
    assert chave == chave_da_nota(nota) == "35260311222333000181550010000012341481516235"
    assert etree.fromstring(xml).find("n:infNFe", NS).get("Id") == "NFe" + chave


def test_sem_codigo_numerico_sorteia_um_por_emissao():
    nota = f.nota(codigo_numerico="")
    _, primeira = gerar_assinada(nota, f.certificado())
    _, segunda = gerar_assinada(nota, f.certificado())
    assert chave_valida(primeira) and chave_valida(segunda)
    assert primeira[:35] == segunda[:35] and primeira[35:43] != segunda[35:43]


def test_nfe_gerada_traz_o_calculo():
    gerada = gerar_nfe(f.nota(frete=D("5.00")), f.certificado())
    assert gerada.calculo.totais.nota == D("69.30")
    assert gerada.calculo.totais.frete == D("5.00")


def test_lote_na_ordem_com_erros_isolados():
    notas = [
        f.nota(numero=10),
        f.nota(numero=11, itens=[f.item(ncm="")]),
        f.nota(numero=12, emit=f.emitente(cnpj=f.CNPJ_CLIENTE)),
        f.nota(numero=13, dest=f.pessoa_fisica("BA")),
    ]
    resultados = gerar_lote(notas, f.certificado())
    assert [r.nota.numero for r in resultados] == [10, 11, 12, 13]
    assert isinstance(resultados[1].erro, DadosIncompletos)
    assert resultados[1].erro.mensagens == ["Produto CHA-2L sem NCM."]
    assert isinstance(resultados[2].erro, CnpjCertificadoDivergente)
    for ok in (resultados[0], resultados[3]):
        assert ok.erro is None
        assert etree.fromstring(ok.gerada.xml).findtext("n:infNFe/n:ide/n:nNF", namespaces=NS) == str(ok.nota.numero)


def test_lote_maior_que_um_bloco():
    notas = [f.nota(numero=n, codigo_numerico="") for n in range(1, 206)]
    resultados = gerar_lote(notas, f.certificado())
    assert len(resultados) == 205 and all(r.erro is None for r in resultados)
    assert len({r.gerada.chave for r in resultados}) == 205
