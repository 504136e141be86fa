"""Onde o arquivo dos XML fica: uma pasta (padrão) ou um balde S3 compatível (ARQUIVO_XML_URL).

Os dois guardam bytes por um caminho relativo (`2026/12/<chave>-procNFe.xml`) e os devolvem como gravados; quem
confere o conteúdo é `services/arquivo.py`, pelo SHA-256 guardado no banco.
"""
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app

_CAMINHO = re.compile(r"^[0-9]{4}/[0-9]{2}/[A-Za-z0-9._-]+$")


class ArmazemIndisponivel(Exception):
    """O arquivo não pôde ser lido ou gravado (disco, rede, credenciais); mensagem para o usuário."""


def _conferir(caminho: str) -> str:
    if not _CAMINHO.match(caminho):
        raise ValueError(f"Caminho de arquivo inválido: {caminho!r}")
    return caminho


class Pasta:
    """Arquivo numa pasta local: grava num temporário e troca de nome (nunca fica meio arquivo)."""

    def __init__(self, raiz: str | Path):
        self.raiz = Path(raiz)

    @property
    def descricao(self) -> str:
        return str(self.raiz)

    def gravar(self, caminho: str, dados: bytes) -> None:
        destino = self.raiz / _conferir(caminho)
        try:
            destino.parent.mkdir(parents=True, exist_ok=True)
            descritor, temporario = tempfile.mkstemp(dir=destino.parent, prefix=".gravando-")
            with os.fdopen(descritor, "wb") as arquivo:
                arquivo.write(dados)
                arquivo.flush()
                os.fsync(arquivo.fileno())
            os.replace(temporario, destino)
        except OSError as erro:
            raise ArmazemIndisponivel(f"Não foi possível gravar {destino}: {erro}") from erro

    def ler(self, caminho: str) -> bytes | None:
        try:
            return (self.raiz / _conferir(caminho)).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as erro:
            raise ArmazemIndisponivel(f"Não foi possível ler {self.raiz / caminho}: {erro}") from erro


class BaldeS3:
    """Arquivo num balde S3 compatível (AWS, MinIO...): `s3://[chave:segredo@]balde[/prefixo]?endpoint=…&regiao=…`."""

    def __init__(self, url: str):
        partes = urlsplit(url)
        if partes.scheme != "s3" or not partes.hostname:
            raise ValueError("ARQUIVO_XML_URL deve ser s3://balde/prefixo?endpoint=https://...")
        opcoes = {k: v[-1] for k, v in parse_qs(partes.query).items()}
        self.balde = partes.hostname
        self.prefixo = partes.path.strip("/")
        self.endpoint = opcoes.get("endpoint")
        import boto3
        from botocore.config import Config as ConfigBoto

        self._s3 = boto3.client(
            "s3", endpoint_url=self.endpoint, region_name=opcoes.get("regiao", "us-east-1"),
            aws_access_key_id=unquote(partes.username) if partes.username else None,
            aws_secret_access_key=unquote(partes.password) if partes.password else None,
            config=ConfigBoto(connect_timeout=10, read_timeout=30, retries={"max_attempts": 3}))

    @property
    def descricao(self) -> str:
        return f"s3://{self.balde}/{self.prefixo}" + (f" em {self.endpoint}" if self.endpoint else "")

    def _chave(self, caminho: str) -> str:
        return f"{self.prefixo}/{_conferir(caminho)}" if self.prefixo else _conferir(caminho)

    def gravar(self, caminho: str, dados: bytes) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self._s3.put_object(Bucket=self.balde, Key=self._chave(caminho), Body=dados,
                                ContentType="application/xml")
        except (BotoCoreError, ClientError) as erro:
            raise ArmazemIndisponivel(f"Não foi possível gravar {caminho} no S3: {erro}") from erro

    def ler(self, caminho: str) -> bytes | None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return self._s3.get_object(Bucket=self.balde, Key=self._chave(caminho))["Body"].read()
        except ClientError as erro:
            if erro.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise ArmazemIndisponivel(f"Não foi possível ler {caminho} do S3: {erro}") from erro
        except BotoCoreError as erro:
            raise ArmazemIndisponivel(f"Não foi possível ler {caminho} do S3: {erro}") from erro


def do_app() -> Pasta | BaldeS3:
    """O armazém configurado: S3 com ARQUIVO_XML_URL, senão a pasta ARQUIVO_XML_PASTA."""
    url = current_app.config.get("ARQUIVO_XML_URL")
    if url:
        return BaldeS3(url)
    return Pasta(current_app.config["ARQUIVO_XML_PASTA"])
