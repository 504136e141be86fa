"""Cifra de segredos em repouso (tokens da Tray, certificados A1 e suas senhas) e as chaves da instalação."""
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from sqlalchemy.types import LargeBinary, TypeDecorator


class SegredoIlegivel(Exception):
    """O segredo foi cifrado com outra chave."""


def chave_da_instancia(pasta, nome: str, gerar=lambda: secrets.token_urlsafe(48)) -> str:
    """A chave guardada em `pasta/nome`, criada uma vez (modo 0600, sem corrida entre processos)."""
    arquivo = Path(pasta) / nome
    arquivo.parent.mkdir(parents=True, exist_ok=True)
    try:
        descritor = os.open(arquivo, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descritor, "w") as saida:
            saida.write(gerar())
    texto = arquivo.read_text().strip()
    if not texto:  # outro processo ainda está escrevendo
        import time

        time.sleep(0.1)
        texto = arquivo.read_text().strip()
    return texto


def _chave() -> bytes:
    cfg = current_app.config
    if not cfg.get("ERP_CHAVE_SEGREDOS"):
        cfg["ERP_CHAVE_SEGREDOS"] = chave_da_instancia(
            current_app.instance_path, "segredos.key", lambda: Fernet.generate_key().decode())
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
