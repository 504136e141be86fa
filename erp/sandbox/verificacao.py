"""Conferência independente das assinaturas que o produto faz (testes e simuladores): o signxml puro e o
xmlsec1 do sistema — nenhum dos dois usa a canonicalização do produto. E a mesma assinatura feita pelo signxml
(`assinar_com_signxml`), para comparar byte a byte com o Assinador do produto."""
import shutil
import subprocess  # nosec B404 — só para chamar o xmlsec1 do sistema, sem shell
import tempfile
from pathlib import Path

from cryptography import x509
from lxml import etree
from signxml import SignatureConfiguration, XMLSigner, XMLVerifier
from signxml.algorithms import DigestAlgorithm, SignatureMethod
from signxml.util import ds_tag

from erp.sandbox.sefaz.xmldsig import C14N, DS, RSA_SHA1, SHA1, c14n


class AssinaturaRecusada(Exception):
    """A assinatura não confere."""


class _C14NEmRaiz:
    """Mistura para o signxml: a C14N 1.0 inclusiva do simulador (cada nó canonicalizado numa árvore própria: o
    lxml 6 erra a C14N de um elemento que não é raiz)."""

    def _c14n(self, nodes, algorithm, inclusive_ns_prefixes=None):
        if algorithm.value != C14N:
            return super()._c14n(nodes, algorithm, inclusive_ns_prefixes)
        return b"".join(c14n(no) for no in (nodes if isinstance(nodes, list) else [nodes]))


class _Verificador(_C14NEmRaiz, XMLVerifier):
    pass


class _Assinador(_C14NEmRaiz, XMLSigner):
    def __init__(self):
        super().__init__(signature_algorithm=RSA_SHA1, digest_algorithm=SHA1, c14n_algorithm=C14N)
        self.namespaces = {None: DS}

    def check_deprecated_methods(self):
        """O leiaute da NF-e exige RSA-SHA1 e SHA1; o signxml 5 só os aceita com esta liberação."""

    def _ds_tag(self, tag):
        return ds_tag(tag)  # com {None: ds} o signxml 5.2 criaria elementos sem namespace


# O leiaute da NF-e 4.00 exige RSA-SHA1 com digest SHA-1 (o signxml recusa SHA-1 sem pedir).
_CONFIGURACAO_NFE = SignatureConfiguration(
    signature_methods=frozenset({SignatureMethod.RSA_SHA1}),
    digest_algorithms=frozenset({DigestAlgorithm.SHA1}),
    location="./",
)


def verificar_signxml(xml: bytes, certificado: x509.Certificate | bytes) -> etree._Element:
    """Confere a assinatura com o signxml e o certificado informado; devolve o elemento assinado."""
    if isinstance(certificado, bytes):
        certificado = x509.load_pem_x509_certificate(certificado)
    try:
        resultado = _Verificador().verify(xml, x509_cert=certificado, expect_config=_CONFIGURACAO_NFE)
    except Exception as erro:  # o signxml usa várias exceções próprias
        raise AssinaturaRecusada(f"Assinatura inválida (signxml): {erro}") from erro
    return resultado.signed_xml


def verificar_xmlsec1(xml: bytes, certificado_pem: bytes, elemento_assinado: str = "infNFe") -> None:
    """Confere a assinatura com o xmlsec1 (libxml2 do sistema, independente do lxml)."""
    programa = shutil.which("xmlsec1")
    if programa is None:
        raise FileNotFoundError("O programa xmlsec1 não está instalado (apt-get install xmlsec1).")
    with tempfile.TemporaryDirectory() as pasta:
        arquivo, cert = Path(pasta, "doc.xml"), Path(pasta, "cert.pem")
        arquivo.write_bytes(xml)
        cert.write_bytes(certificado_pem)
        saida = subprocess.run(  # nosec B603 — programa achado no PATH, argumentos sem shell
            [programa, "--verify", "--trusted-pem", str(cert), "--id-attr:Id", elemento_assinado, str(arquivo)],
            capture_output=True, text=True, timeout=60,
        )
    if saida.returncode != 0:
        raise AssinaturaRecusada(f"Assinatura inválida (xmlsec1): {saida.stderr.strip()[-500:]}")


def assinar_com_signxml(raiz: etree._Element, chave_privada, certificado_der_base64: str) -> etree._Element:
    """A assinatura da NF-e feita pelo signxml (implementação de referência, independente do produto).

    Devolve uma cópia de `raiz` com a Signature (Reference para o Id do primeiro filho). Como RSA PKCS#1 v1.5 é
    determinístico, o resultado tem de ser idêntico, byte a byte, ao do Assinador do produto.
    """
    info = etree.Element("{%s}KeyInfo" % DS)
    dados = etree.SubElement(info, "{%s}X509Data" % DS)
    etree.SubElement(dados, "{%s}X509Certificate" % DS).text = certificado_der_base64
    return _Assinador().sign(raiz, key=chave_privada, reference_uri="#" + raiz[0].get("Id"), key_info=info)
