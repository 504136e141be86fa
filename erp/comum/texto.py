"""Textos que vêm de fora (Tray, planilhas) antes de ir para o banco: sem caracteres de controle nem de
direção (bidi, que disfarçam o que se vê numa tela ou num XML) e com tamanho limitado."""
import re
import unicodedata

# Controles C0/C1 (menos tab e quebras de linha), marcas de direção e isolamentos bidi, e o BOM.
_PROIBIDOS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def texto_limpo(valor, maximo: int | None = None, uma_linha: bool = True) -> str:
    """O texto sem controles nem bidi, normalizado (NFC), sem espaços nas pontas e cortado em `maximo`."""
    if valor is None:
        return ""
    texto = unicodedata.normalize("NFC", str(valor))
    texto = _PROIBIDOS.sub("", texto)
    if uma_linha:
        texto = re.sub(r"[\t\r\n]+", " ", texto)
    texto = texto.strip()
    if maximo is not None and len(texto) > maximo:
        texto = texto[:maximo].rstrip()
    return texto
