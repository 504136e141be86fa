"""Conferência da assinatura XML-DSig como a SEFAZ faz: padrão, certificado, digest e valor.

Recebe o elemento assinado já como raiz própria (NFe, evento ou inutNFe, copiado para fora do lote).
"""
import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from lxml import etree

from erp.sandbox.sefaz.xmldsig import C14N, DS, ENVELOPED, RSA_SHA1, SHA1, c14n, cnpj_do_certificado

_D = "{%s}" % DS


@dataclass(frozen=True)
class Conferencia:
    cstat: int | None  # None: assinatura válida
    cnpj_certificado: str = ""
    digest: str | None = None


def _texto(elemento, caminho: str) -> str:
    return (elemento.findtext(caminho) or "").strip()


def conferir(raiz: etree._Element, assinado: etree._Element, agora: datetime) -> Conferencia:
    assinatura = raiz.find(_D + "Signature")
    if assinatura is None or assinatura.getparent() is not raiz:
        return Conferencia(298)
    if any(e.prefix is not None for e in assinatura.iter() if isinstance(e.tag, str)):
        return Conferencia(404)
    info = assinatura.find(_D + "SignedInfo")
    referencia = info.find(_D + "Reference") if info is not None else None
    if referencia is None or referencia.get("URI") != "#" + (assinado.get("Id") or ""):
        return Conferencia(298)
    transformacoes = [t.get("Algorithm") for t in referencia.iter(_D + "Transform")]
    metodos = (info.find(_D + "CanonicalizationMethod").get("Algorithm"),
               info.find(_D + "SignatureMethod").get("Algorithm"),
               referencia.find(_D + "DigestMethod").get("Algorithm"))
    if metodos != (C14N, RSA_SHA1, SHA1) or transformacoes != [ENVELOPED, C14N]:
        return Conferencia(298)
    try:
        base64_der = "".join(_texto(assinatura, f"{_D}KeyInfo/{_D}X509Data/{_D}X509Certificate").split())
        der = base64.b64decode(base64_der, validate=True)
        certificado = x509.load_der_x509_certificate(der)
    except ValueError:
        return Conferencia(290)
    if not certificado.not_valid_before_utc <= agora <= certificado.not_valid_after_utc:
        return Conferencia(291)
    cnpj = cnpj_do_certificado(certificado)
    if not cnpj:
        return Conferencia(292)
    digest = _texto(referencia, _D + "DigestValue")
    if base64.b64encode(hashlib.sha1(c14n(assinado), usedforsecurity=False).digest()).decode() != digest:
        return Conferencia(297, cnpj, digest)
    try:
        certificado.public_key().verify(base64.b64decode(_texto(assinatura, _D + "SignatureValue")), c14n(info),
                                        padding.PKCS1v15(), hashes.SHA1())
    except (InvalidSignature, ValueError, TypeError):
        return Conferencia(297, cnpj, digest)
    return Conferencia(None, cnpj, digest)
