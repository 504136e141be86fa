"""Textos que vêm de fora (Tray, planilhas) antes de ir para o banco: sem caracteres de controle nem de
direção (bidi, que disfarçam o que se vê numa tela ou num XML) e com tamanho limitado. E a ordem alfabética do
português (`chave_ptbr`, `ordem_ptbr`), a mesma em toda lista."""
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


def sem_acento(texto: str | None) -> str:
    """"Ágata Conceição" → "agata conceicao": sem acentos e sem maiúsculas, para comparar e ordenar."""
    decomposto = unicodedata.normalize("NFKD", texto or "")
    return "".join(c for c in decomposto if not unicodedata.combining(c)).casefold()


def chave_ptbr(texto: str | None) -> tuple[str, str]:
    """Chave de ordenação por nome em português: acentos e maiúsculas não mudam o lugar ("Ágata" junto de
    "Agata", antes de "Bruno"); no empate, o sem acento primeiro."""
    texto = texto or ""
    return sem_acento(texto), texto.casefold()


TAMANHO_ORDEM = 250


def ordem_ptbr(texto: str | None) -> str:
    """A chave de `chave_ptbr` num texto só, para uma coluna indexada comparada byte a byte (ORDER BY dá a ordem
    do português em SQLite e PostgreSQL, qualquer que seja a collation do banco). O separador \x01 fica antes de
    qualquer letra: "Ana" vem antes de "Ana Maria"."""
    sem_acento, com_acento = chave_ptbr(texto)
    return f"{sem_acento[:200]}\x01{com_acento}"[:TAMANHO_ORDEM]


def ordenar_por_nome(itens, nome=lambda item: item.nome) -> list:
    """Os itens em ordem alfabética do português (`chave_ptbr`) pelo `nome` de cada um."""
    return sorted(itens, key=lambda item: chave_ptbr(nome(item)))
