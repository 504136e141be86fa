"""XML-DSig e certificado como a SEFAZ confere, com código próprio do simulador (nada do produto): um erro na
canonicalização ou na leitura do certificado do produto aparece nos testes em vez de se repetir aqui."""
import copy
import re

from cryptography import x509
from cryptography.x509.oid import NameOID
from lxml import etree

DS = "http://www.w3.org/2000/09/xmldsig#"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
RSA_SHA1 = DS + "rsa-sha1"
SHA1 = DS + "sha1"
ENVELOPED = DS + "enveloped-signature"
OID_CNPJ = x509.ObjectIdentifier("2.16.76.1.3.3")
_CNPJ = re.compile(rb"[0-9A-Z]{12}[0-9]{2}")


def c14n(elemento: etree._Element) -> bytes:
    """C14N 1.0 inclusiva, sem comentários; um elemento que não é raiz é copiado para uma árvore própria
    (a cópia leva as declarações de namespace em uso herdadas dos ancestrais)."""
    if elemento.getroottree().getroot() is not elemento:
        elemento = copy.deepcopy(elemento)
    return etree.tostring(elemento, method="c14n", exclusive=False, with_comments=False)


def cnpj_do_certificado(certificado: x509.Certificate) -> str:
    """CNPJ do titular: otherName 2.16.76.1.3.3 (ICP-Brasil) ou o que vem depois de ':' no CN."""
    try:
        nomes = certificado.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        nomes = []
    for nome in nomes:
        if isinstance(nome, x509.OtherName) and nome.type_id == OID_CNPJ:
            achado = _CNPJ.search(nome.value)
            if achado:
                return achado[0].decode()
    for atributo in certificado.subject.get_attributes_for_oid(NameOID.COMMON_NAME):
        achado = _CNPJ.fullmatch(atributo.value.rsplit(":", 1)[-1].strip().encode())
        if ":" in atributo.value and achado:
            return achado[0].decode()
    return ""


def digito_verificador(base43: str) -> int:
    """DV da chave de acesso (módulo 11, pesos 2 a 9 da direita; letras do CNPJ alfanumérico por ASCII−48)."""
    soma, peso = 0, 2
    for caractere in reversed(base43):
        soma += (ord(caractere) - 48) * peso
        peso = 2 if peso == 9 else peso + 1
    resto = soma % 11
    return 0 if resto < 2 else 11 - resto
