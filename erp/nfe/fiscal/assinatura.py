"""Assinatura XML-DSig envelopada da NF-e (e de eventos/inutilização): C14N 1.0, RSA-SHA1, digest SHA1.

Signature sem prefixo (namespace padrão), último filho da raiz, KeyInfo só com X509Data/X509Certificate.

Cuidado com o lxml 6.1 (libxml2 2.14): a C14N de um elemento que NÃO é raiz e herda o namespace
padrão sai errada (xmlns="" nos netos). Por isso só canonicalizamos raízes: o infNFe e o SignedInfo são
montados como raízes e só depois entram no NFe; `c14n()` copia o elemento para uma raiz quando preciso.
"""
import base64
import copy
import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from lxml import etree

from erp.nfe.fiscal.certificado import CertificadoA1

DS = "http://www.w3.org/2000/09/xmldsig#"
_D = "{%s}" % DS
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
RSA_SHA1 = DS + "rsa-sha1"
SHA1 = DS + "sha1"
ENVELOPED = DS + "enveloped-signature"
_SE = etree.SubElement
_PKCS1 = PKCS1v15()
_SHA1 = hashes.SHA1()  # nosec B303 — RSA-SHA1 é o que o leiaute da NF-e 4.00 exige na assinatura


def c14n(elemento: etree._Element) -> bytes:
    """C14N 1.0 inclusiva, sem comentários, correta mesmo para elemento que não é raiz."""
    if elemento.getroottree().getroot() is elemento:
        return etree.tostring(elemento, method="c14n")
    copia = copy.deepcopy(elemento)
    copia.tail = None
    if dict(copia.nsmap) != dict(elemento.nsmap):
        # a cópia só declara os namespaces usados; a C14N inclusiva exige todos os herdados
        copia = etree.Element(elemento.tag, dict(elemento.attrib), nsmap=elemento.nsmap)
        copia.text = elemento.text
        copia.extend(copy.deepcopy(filho) for filho in elemento)
    return etree.tostring(copia, method="c14n")


@dataclass
class AssinaturaPreparada:
    """Signature com o DigestValue pronto e o SignatureValue ainda vazio (validar antes de assinar)."""

    elemento: etree._Element
    signed_info_c14n: bytes
    valor: etree._Element


class Assinador:
    """Assina com a chave já carregada; reaproveite a instância para várias notas (uma por thread)."""

    def __init__(self, certificado: CertificadoA1):
        self.certificado = certificado
        self._chave = certificado.chave_privada
        self._modelo_signed_info = _signed_info()
        self._modelo_assinatura = etree.Element(_D + "Signature", nsmap={None: DS})
        _SE(self._modelo_assinatura, _D + "SignatureValue")
        dados = _SE(_SE(self._modelo_assinatura, _D + "KeyInfo"), _D + "X509Data")
        _SE(dados, _D + "X509Certificate").text = certificado.der_base64

    def preparar(self, referenciado: etree._Element) -> AssinaturaPreparada:
        """Calcula o digest de `referenciado` (o elemento com Id) e monta a Signature sem o valor."""
        signed_info = copy.deepcopy(self._modelo_signed_info)  # raiz: a C14N abaixo sai correta
        referencia = signed_info[2]
        referencia.set("URI", "#" + referenciado.get("Id"))
        referencia[2].text = base64.b64encode(hashlib.sha1(c14n(referenciado), usedforsecurity=False).digest()).decode()
        signed_info_c14n = etree.tostring(signed_info, method="c14n")
        assinatura = copy.deepcopy(self._modelo_assinatura)
        assinatura.insert(0, signed_info)
        return AssinaturaPreparada(assinatura, signed_info_c14n, assinatura[1])

    def concluir(self, preparada: AssinaturaPreparada) -> None:
        """Assina o SignedInfo canonicalizado (RSA PKCS#1 v1.5 + SHA1) e preenche o SignatureValue."""
        bruto = self._chave.sign(preparada.signed_info_c14n, _PKCS1, _SHA1)
        preparada.valor.text = base64.b64encode(bruto).decode()

    def assinar(self, raiz: etree._Element, referenciado: etree._Element | None = None) -> etree._Element:
        """Assina `referenciado` (padrão: o primeiro filho de `raiz`) e põe a Signature no fim de `raiz`."""
        referenciado = raiz[0] if referenciado is None else referenciado
        preparada = self.preparar(referenciado)
        self.concluir(preparada)
        raiz.append(preparada.elemento)
        return raiz


def _signed_info() -> etree._Element:
    signed_info = etree.Element(_D + "SignedInfo", nsmap={None: DS})
    _SE(signed_info, _D + "CanonicalizationMethod", Algorithm=C14N)
    _SE(signed_info, _D + "SignatureMethod", Algorithm=RSA_SHA1)
    referencia = _SE(signed_info, _D + "Reference", URI="#")
    transformacoes = _SE(referencia, _D + "Transforms")
    _SE(transformacoes, _D + "Transform", Algorithm=ENVELOPED)
    _SE(transformacoes, _D + "Transform", Algorithm=C14N)
    _SE(referencia, _D + "DigestMethod", Algorithm=SHA1)
    _SE(referencia, _D + "DigestValue")
    return signed_info
