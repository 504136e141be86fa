"""Certificado de cliente (mTLS) a partir do PKCS#12 do A1: o requests quer arquivos PEM.

Os arquivos ficam numa pasta temporária só do processo (permissão 0600) e são apagados ao fechar.
"""
import os
import tempfile
from pathlib import Path

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
