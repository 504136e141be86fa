"""Cifra de segredos em repouso (tokens da Tray, certificados A1 e suas senhas)."""
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from sqlalchemy.types import LargeBinary, TypeDecorator


class SegredoIlegivel(Exception):
    """O segredo foi cifrado com outra chave."""


def _chave() -> bytes:
    cfg = current_app.config
    if cfg.get("ERP_CHAVE_SEGREDOS"):
        return cfg["ERP_CHAVE_SEGREDOS"].encode()
    arquivo = Path(current_app.instance_path) / "segredos.key"
    if not arquivo.exists():
        arquivo.parent.mkdir(parents=True, exist_ok=True)
        arquivo.write_bytes(Fernet.generate_key())
        arquivo.chmod(0o600)
    cfg["ERP_CHAVE_SEGREDOS"] = arquivo.read_bytes().strip().decode()
    return cfg["ERP_CHAVE_SEGREDOS"].encode()


def cifrar(dado: bytes) -> bytes:
    return Fernet(_chave()).encrypt(dado)


def decifrar(dado: bytes) -> bytes:
    try:
        return Fernet(_chave()).decrypt(dado)
    except InvalidToken as erro:
        raise SegredoIlegivel("Segredo cifrado com outra chave (ERP_CHAVE_SEGREDOS mudou?)") from erro


class TextoCifrado(TypeDecorator):
    """Coluna de texto guardada cifrada; a aplicação vê o texto claro."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, valor, dialect):
        return None if valor is None else cifrar(valor.encode("utf-8"))

    def process_result_value(self, valor, dialect):
        return None if valor is None else decifrar(bytes(valor)).decode("utf-8")


class BytesCifrados(TypeDecorator):
    """Coluna binária guardada cifrada (ex.: o arquivo PKCS#12)."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, valor, dialect):
        return None if valor is None else cifrar(bytes(valor))

    def process_result_value(self, valor, dialect):
        return None if valor is None else decifrar(bytes(valor))
