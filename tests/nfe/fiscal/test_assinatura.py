"""Assinatura XML-DSig: formato exigido pelo leiaute, C14N correta, signxml e xmlsec1."""
import base64
import copy
import hashlib

import pytest
from lxml import etree

from erp.nfe.fiscal import Assinador, c14n, gerar_nfe, montar_nfe
from erp.sandbox.verificacao import AssinaturaRecusada, assinar_com_signxml, verificar_signxml, verificar_xmlsec1
from tests.nfe import fabrica as f

DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"n": "http://www.portalfiscal.inf.br/nfe", "ds": DS}


@pytest.fixture(scope="module")
def assinada():
    return gerar_nfe(f.nota(), f.certificado())


def test_c14n_de_elemento_que_nao_e_raiz_igual_a_da_raiz():
    """lxml 6.1 escreve xmlns="" nos netos de um elemento não raiz; c14n() contorna."""
    doc = etree.fromstring(b'<R xmlns="urn:a" xmlns:p="urn:p"><A Id="x"><B><C>1</C></B></A></R>')
    esperado = b'<A xmlns="urn:a" xmlns:p="urn:p" Id="x"><B><C>1</C></B></A>'
    assert c14n(doc[0]) == esperado
    assert c14n(etree.fromstring(esperado)) == esperado


def test_formato_da_assinatura(assinada):
    nfe = etree.fromstring(assinada.xml)
    assinatura = nfe[-1]
    assert [etree.QName(e).localname for e in nfe] == ["infNFe", "Signature"]
    assert assinatura.tag == f"{{{DS}}}Signature" and assinatura.prefix is None
    assert b"ds:" not in assinada.xml and b"<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">" in assinada.xml
    info = assinatura.find("ds:SignedInfo", NS)
    algoritmos = [e.get("Algorithm") for e in info.iter() if e.get("Algorithm")]
    assert algoritmos == [
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315", DS + "rsa-sha1", DS + "enveloped-signature",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315", DS + "sha1"]
    assert info.find("ds:Reference", NS).get("URI") == "#NFe" + assinada.chave
    assert [etree.QName(e).localname for e in assinatura.find("ds:KeyInfo", NS).iter()] == [
        "KeyInfo", "X509Data", "X509Certificate"]
    assert assinatura.findtext("ds:KeyInfo/ds:X509Data/ds:X509Certificate", namespaces=NS) == \
        f.certificado().der_base64
    assert not assinada.xml.startswith(b"<?xml")


def test_digest_e_do_infnfe_canonicalizado(assinada):
    nfe = etree.fromstring(assinada.xml)
    inf = etree.fromstring(etree.tostring(nfe[0]))  # como raiz: C14N correta
    digest = base64.b64encode(hashlib.sha1(etree.tostring(inf, method="c14n")).digest()).decode()
    assert nfe.findtext("ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestValue", namespaces=NS) == digest


def test_confere_no_signxml_e_no_xmlsec1(assinada):
    cert = f.certificado()
    assert verificar_signxml(assinada.xml, cert.certificado).get("Id") == "NFe" + assinada.chave
    verificar_xmlsec1(assinada.xml, cert.pem)


def test_alteracao_depois_de_assinar_e_detectada(assinada):
    adulterado = assinada.xml.replace(b"<vNF>64.30</vNF>", b"<vNF>64.31</vNF>")
    assert adulterado != assinada.xml
    with pytest.raises(AssinaturaRecusada):
        verificar_signxml(adulterado, f.certificado().pem)
    with pytest.raises(AssinaturaRecusada):
        verificar_xmlsec1(adulterado, f.certificado().pem)


def test_outro_certificado_nao_confere(assinada):
    outro = f.certificado(f.CNPJ_ALFANUMERICO)
    with pytest.raises(AssinaturaRecusada):
        verificar_signxml(assinada.xml, outro.pem)
    with pytest.raises(AssinaturaRecusada):
        verificar_xmlsec1(assinada.xml, outro.pem)


def test_signxml_assina_igual_byte_a_byte():
    """RSA PKCS#1 v1.5 é determinístico: a implementação de referência (signxml) e a rápida coincidem."""
    cert = f.certificado()
    nfe = montar_nfe(f.nota())
    pelo_signxml = assinar_com_signxml(copy.deepcopy(nfe), cert.chave_privada, cert.der_base64)
    inf = etree.fromstring(etree.tostring(nfe[0]))  # o Assinador canonicaliza o infNFe como raiz
    rapido = Assinador(cert).assinar(etree.fromstring(etree.tostring(nfe)), inf)
    assert etree.tostring(pelo_signxml) == etree.tostring(rapido)
    verificar_xmlsec1(etree.tostring(pelo_signxml), cert.pem)


def test_assinador_generico_para_eventos():
    """O mesmo esquema assina eventos e inutilização (Reference para o Id do primeiro filho)."""
    id_evento = "ID110111" + "35260311222333000181550010000012341481516235" + "01"
    evento = etree.fromstring(
        f'<evento xmlns="http://www.portalfiscal.inf.br/nfe" versao="1.00"><infEvento Id="{id_evento}">'
        "<cOrgao>35</cOrgao><xJust>Cancelamento de teste</xJust></infEvento></evento>")
    cert = f.certificado()
    Assinador(cert).assinar(evento)
    xml = etree.tostring(evento)
    verificar_xmlsec1(xml, cert.pem, elemento_assinado="infEvento")
    verificar_signxml(xml, cert.pem)
