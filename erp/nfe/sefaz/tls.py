"""TLS com a SEFAZ: o certificado de cliente (mTLS) do A1 e as ACs em que se confia no servidor.

Cliente: o requests quer arquivos PEM; eles ficam numa pasta temporária só do processo (permissão 0600) e são
apagados ao fechar.

Servidor: os web services da SEFAZ usam certificados de ACs públicas ou da ICP-Brasil (Raiz Brasileira v5, v10,
v11), que não estão no pacote da Mozilla. `pacote_de_acs()` junta as raízes públicas atuais (`certifi`) com a
cadeia da ICP-Brasil do pacote `certifi-icpbr` (só os certificados de O=ICP-Brasil: as raízes públicas de lá são
de 2023 e algumas já saíram do pacote da Mozilla). Fontes em docs/sefaz.md.
"""
import hashlib
import os
import re
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path

import certifi
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from erp.nfe.fiscal.certificado import CertificadoA1


class ParPem:
    """(certificado.pem, chave.pem) para `requests.post(..., cert=par.tupla)`; use com `with`."""

    def __init__(self, certificado: CertificadoA1):
        self._pasta = tempfile.TemporaryDirectory(prefix="erp-a1-")
        pasta = Path(self._pasta.name)
        os.chmod(pasta, 0o700)
        self.certificado = pasta / "certificado.pem"
        self.chave = pasta / "chave.pem"
        cadeia = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificado.cadeia)
        self._gravar(self.certificado, certificado.pem + cadeia)
        self._gravar(self.chave, certificado.chave_privada.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption()))

    @staticmethod
    def _gravar(caminho: Path, conteudo: bytes) -> None:
        descritor = os.open(caminho, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descritor, "wb") as arquivo:
            arquivo.write(conteudo)

    @property
    def tupla(self) -> tuple[str, str]:
        return str(self.certificado), str(self.chave)

    def fechar(self) -> None:
        self._pasta.cleanup()

    def __enter__(self) -> "ParPem":
        return self

    def __exit__(self, *_) -> None:
        self.fechar()


_PEM = re.compile(rb"-----BEGIN CERTIFICATE-----\r?\n.+?\r?\n-----END CERTIFICATE-----", re.S)
_ICP_BRASIL = x509.NameAttribute(x509.oid.NameOID.ORGANIZATION_NAME, "ICP-Brasil")


def _da_icp_brasil(pem: bytes) -> bool:
    try:
        with warnings.catch_warnings():  # há certificados antigos com número de série negativo (RFC 5280)
            warnings.simplefilter("ignore")
            certificado = x509.load_pem_x509_certificate(pem)
    except ValueError:  # um que esta versão da cryptography recuse fica de fora
        return False
    return _ICP_BRASIL in certificado.subject


def acs_icp_brasil() -> list[bytes]:
    """Os certificados (PEM) das ACs da ICP-Brasil, raízes e intermediárias, do pacote certifi-icpbr."""
    import certifi_icpbr

    return [pem for pem in _PEM.findall(Path(certifi_icpbr.where()).read_bytes()) if _da_icp_brasil(pem)]


def acs_publicas() -> bytes:
    return Path(certifi.where()).read_bytes()


def conteudo_do_pacote() -> bytes:
    """Raízes públicas + ICP-Brasil, num PEM só."""
    icp = b"\n".join(acs_icp_brasil())
    return acs_publicas().rstrip() + b"\n\n# ICP-Brasil (certifi-icpbr)\n" + icp + b"\n"


@lru_cache(maxsize=8)
def _pacote(pasta: str) -> str:
    conteudo = conteudo_do_pacote()
    destino = Path(pasta) / f"acs-sefaz-{hashlib.sha256(conteudo).hexdigest()[:16]}.pem"
    Path(pasta).mkdir(parents=True, exist_ok=True)
    descritor, temporario = tempfile.mkstemp(dir=pasta, prefix=".acs-")
    with os.fdopen(descritor, "wb") as arquivo:
        arquivo.write(conteudo)
    os.replace(temporario, destino)
    return str(destino)


_PASTA_DO_PROCESSO: list[str] = []


def pacote_de_acs(pasta: str | Path | None = None) -> str:
    """O caminho de um PEM com as raízes públicas e a cadeia ICP-Brasil, para `verify=` do requests.

    Gravado uma vez por processo em `pasta` (a da instalação, só do usuário da aplicação) ou, sem ela, numa
    pasta temporária criada pelo processo (0700): nunca num lugar que outro usuário possa ter preparado."""
    if pasta is None:
        if not _PASTA_DO_PROCESSO:
            _PASTA_DO_PROCESSO.append(tempfile.mkdtemp(prefix="erp-acs-"))
        pasta = _PASTA_DO_PROCESSO[0]
    return _pacote(str(pasta))


def esquecer_pacote() -> None:
    """O próximo `pacote_de_acs()` monta o pacote de novo (depois de trocar as fontes)."""
    _pacote.cache_clear()
