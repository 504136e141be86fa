"""Imagens de picture_source_N: download e as regras da Tray para aceitar uma imagem (docs/tray.md, "Imagens").

A URL é pública e termina na extensão (jpg, jpeg ou png), sem espaços nem caracteres especiais no nome; o
arquivo é JPEG ou PNG de verdade (extensão não renomeada), com até 350 KB e até 2000×2000 pixels.
"""
import hashlib
import io
import re
import warnings
from urllib.parse import unquote, urlsplit

import requests
from PIL import Image, UnidentifiedImageError

LIMITE_BYTES = 350 * 1024
LIMITE_PX = 2000
MAX_SLOTS = 15  # campos picture_source_N aceitos; quantos a loja guarda vem da semente (max_image_slots)
ASSINATURAS = {b"\xff\xd8\xff": ("jpg", "image/jpeg"), b"\x89PNG\r\n\x1a\n": ("png", "image/png")}
EXTENSOES = {"jpg": "jpg", "jpeg": "jpg", "png": "png"}
_RE_NOME = re.compile(r"^[A-Za-z0-9._-]+$")


def _formato(dados: bytes):
    for assinatura, formato in ASSINATURAS.items():
        if dados.startswith(assinatura):
            return formato
    return None


def _kb(limite: int) -> str:
    return f"{limite // 1024} KB"


def motivo_da_url(url: str) -> str | None:
    """None se a URL segue as regras da Tray; senão o motivo da recusa."""
    partes = urlsplit(url)
    if partes.scheme not in ("http", "https") or not partes.netloc:
        return "URL inválida: use um endereço público http:// ou https://"
    nome = partes.path.rsplit("/", 1)[-1]
    if not nome or "." not in nome:
        return "a URL deve terminar com a extensão da imagem (.jpg, .jpeg ou .png)"
    if unquote(nome) != nome or not _RE_NOME.match(nome):
        return f"o nome do arquivo '{unquote(nome)}' tem espaço ou caractere especial"
    if nome.rsplit(".", 1)[1].lower() not in EXTENSOES:
        return f"extensão .{nome.rsplit('.', 1)[1]} não aceita: use JPG, JPEG ou PNG"
    return None


def baixar(url: str, timeout_s: float = 3.0, limite_bytes: int = LIMITE_BYTES) -> dict:
    """{"ok": True, "dados"} ou {"ok": False, "motivo"}; para de ler assim que passa do limite."""
    try:
        with requests.get(url, timeout=timeout_s, stream=True) as resposta:
            if resposta.status_code != 200:
                return {"ok": False, "motivo": f"download falhou: HTTP {resposta.status_code}"}
            partes, tamanho = [], 0
            for parte in resposta.iter_content(65536):
                tamanho += len(parte)
                if tamanho > limite_bytes:
                    return {"ok": False, "motivo": f"imagem maior que {_kb(limite_bytes)}"}
                partes.append(parte)
    except requests.RequestException as erro:
        return {"ok": False, "motivo": f"URL inacessível: {erro.__class__.__name__}"}
    return {"ok": True, "dados": b"".join(partes)}


def _dimensoes(dados: bytes) -> tuple[int, int] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(dados)) as imagem:
                return imagem.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError):
        return None


def avaliar(url: str, dados: bytes, limite_bytes: int = LIMITE_BYTES, limite_px: int = LIMITE_PX) -> dict:
    """O arquivo baixado passa pelas regras? {"ok": True, "size", "sha256", "ext", ...} ou {"ok": False, "motivo"}."""
    if len(dados) > limite_bytes:
        return {"ok": False, "motivo": f"imagem maior que {_kb(limite_bytes)}"}
    formato = _formato(dados)
    if formato is None:
        return {"ok": False, "motivo": "o arquivo não é uma imagem JPEG ou PNG"}
    extensao = urlsplit(url).path.rsplit(".", 1)[-1].lower()
    if EXTENSOES.get(extensao) != formato[0]:
        return {"ok": False, "motivo": f"extensão renomeada: o arquivo .{extensao} é {formato[0].upper()}"}
    dimensoes = _dimensoes(dados)
    if dimensoes is None:
        return {"ok": False, "motivo": f"o arquivo não é uma imagem {formato[0].upper()} válida"}
    largura, altura = dimensoes
    if largura > limite_px or altura > limite_px:
        return {"ok": False, "motivo": f"imagem de {largura}×{altura} px: o máximo é {limite_px}×{limite_px} px"}
    return {"ok": True, "dados": dados, "size": len(dados), "sha256": hashlib.sha256(dados).hexdigest(),
            "ext": formato[0], "content_type": formato[1], "largura": largura, "altura": altura}


def obter(url: str, timeout_s: float, limite_bytes: int = LIMITE_BYTES, limite_px: int = LIMITE_PX) -> dict:
    """Regras da URL, download e regras do arquivo, nessa ordem."""
    motivo = motivo_da_url(url)
    if motivo:
        return {"ok": False, "motivo": motivo}
    baixado = baixar(url, timeout_s, limite_bytes)
    if not baixado["ok"]:
        return baixado
    return avaliar(url, baixado["dados"], limite_bytes, limite_px)


def slots_informados(dados: dict) -> dict[int, str]:
    """{n: url} para cada picture_source_n presente (1..15); " " significa remover."""
    slots = {}
    for n in range(1, MAX_SLOTS + 1):
        chave = f"picture_source_{n}"
        if chave in dados:
            slots[n] = str(dados[chave])
    return slots


def baixar_slots(slots: dict[int, str], timeout_s: float, limite_bytes: int = LIMITE_BYTES,
                 limite_px: int = LIMITE_PX) -> dict[int, dict]:
    """Baixa fora de qualquer trava; slot com texto em branco vira {"remover": True}."""
    resultado = {}
    for n, url in slots.items():
        if url == "":
            continue
        if url.strip() == "":
            resultado[n] = {"remover": True, "url": url}
        else:
            resultado[n] = {**obter(url.strip(), timeout_s, limite_bytes, limite_px), "url": url.strip()}
    return resultado
