"""Download das imagens de picture_source_N, como a Tray faz ao salvar produto ou variação."""
import hashlib

import requests

LIMITE_BYTES = 2 * 1024 * 1024
MAX_SLOTS = 15
ASSINATURAS = {b"\xff\xd8\xff": ("jpg", "image/jpeg"), b"\x89PNG\r\n\x1a\n": ("png", "image/png")}


def _formato(dados: bytes):
    for assinatura, formato in ASSINATURAS.items():
        if dados.startswith(assinatura):
            return formato
    return None


def baixar(url: str, timeout_s: float = 3.0, limite: int = LIMITE_BYTES) -> dict:
    """{"ok": True, "dados", "size", "sha256", "ext", "content_type"} ou {"ok": False, "motivo"}."""
    if not url.lower().startswith(("http://", "https://")):
        return {"ok": False, "motivo": "URL inválida: use http:// ou https://"}
    try:
        with requests.get(url, timeout=timeout_s, stream=True) as resposta:
            if resposta.status_code != 200:
                return {"ok": False, "motivo": f"download falhou: HTTP {resposta.status_code}"}
            partes, tamanho = [], 0
            for parte in resposta.iter_content(65536):
                tamanho += len(parte)
                if tamanho > limite:
                    return {"ok": False, "motivo": f"imagem maior que {limite // (1024 * 1024)} MB"}
                partes.append(parte)
    except requests.RequestException as erro:
        return {"ok": False, "motivo": f"URL inacessível: {erro.__class__.__name__}"}
    dados = b"".join(partes)
    formato = _formato(dados)
    if formato is None:
        return {"ok": False, "motivo": "o arquivo não é uma imagem JPEG ou PNG"}
    return {"ok": True, "dados": dados, "size": len(dados), "sha256": hashlib.sha256(dados).hexdigest(),
            "ext": formato[0], "content_type": formato[1]}


def slots_informados(dados: dict) -> dict[int, str]:
    """{n: url} para cada picture_source_n presente (1..15); " " significa remover."""
    slots = {}
    for n in range(1, MAX_SLOTS + 1):
        chave = f"picture_source_{n}"
        if chave in dados:
            slots[n] = str(dados[chave])
    return slots


def baixar_slots(slots: dict[int, str], timeout_s: float) -> dict[int, dict]:
    """Baixa fora de qualquer trava; slot com texto em branco vira {"remover": True}."""
    resultado = {}
    for n, url in slots.items():
        if url == "":
            continue
        if url.strip() == "":
            resultado[n] = {"remover": True, "url": url}
        else:
            resultado[n] = {**baixar(url.strip(), timeout_s), "url": url.strip()}
    return resultado
