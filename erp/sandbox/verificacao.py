"""Conferência independente das assinaturas que o produto faz (testes e simuladores): o signxml puro e o
xmlsec1 do sistema — nenhum dos dois usa a canonicalização do produto."""
import shutil
import subprocess  # nosec B404 — só para chamar o xmlsec1 do sistema, sem shell
import tempfile
from pathlib import Path

from cryptography import x509
from lxml import etree
from signxml import SignatureConfiguration, XMLVerifier
from signxml.algorithms import DigestAlgorithm, SignatureMethod

from erp.sandbox.sefaz.xmldsig import C14N, c14n


class AssinaturaRecusada(Exception):
    """A assinatura não confere."""


class _Verificador(XMLVerifier):
    """O signxml, com a C14N 1.0 inclusiva do simulador (cada nó canonicalizado numa árvore própria: o lxml 6
    erra a C14N de um elemento que não é raiz)."""

    def _c14n(self, nodes, algorithm, inclusive_ns_prefixes=None):
        if algorithm.value != C14N:
            return super()._c14n(nodes, algorithm, inclusive_ns_prefixes)
        return b"".join(c14n(no) for no in (nodes if isinstance(nodes, list) else [nodes]))


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
