"""Arredondamento de valores e formatação de textos e números no formato exigido pelo leiaute 4.00."""
import re
import unicodedata
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

ZERO = Decimal("0.00")
CEM = Decimal(100)
Q2 = Decimal("0.01")
Q4 = Decimal("0.0001")
Q10 = Decimal("0.0000000001")

# O tipo TString do XSD aceita só caracteres de U+0020 a U+00FF, sem espaço nas pontas.
_TROCAS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
    "\u201e": '"', "\u2033": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...",
    "\u00a0": " ", "\u2022": "-", "\u20ac": "EUR", "\u2122": "TM", "\u0152": "OE", "\u0153": "oe",
})
_ESPACOS = re.compile(r"\s+")
_FORA_DO_LATIN1 = re.compile(r"[^\x20-\xff]")
_JA_LIMPO = re.compile(r"[!-\xff](?: ?[!-\xff])*")  # sem espaço duplo nem nas pontas, só Latin-1


def dinheiro(valor) -> Decimal:
    """Arredonda para centavos, metade para cima (como a SEFAZ confere os totais)."""
    return Decimal(valor).quantize(Q2, ROUND_HALF_UP)


def percentual_de(base: Decimal, aliquota: Decimal) -> Decimal:
    """base × alíquota% em centavos."""
    return (base * aliquota / CEM).quantize(Q2, ROUND_HALF_UP)


def valor(v: Decimal) -> str:
    """Valor monetário com 2 casas: '10.00'."""
    return str(v.quantize(Q2, ROUND_HALF_UP))


def aliquota(a: Decimal) -> str:
    """Percentual com 2 casas, ou 4 quando precisa: '18.00', '0.65', '0.9250'."""
    duas = a.quantize(Q2, ROUND_HALF_UP)
    return str(duas) if duas == a else str(a.quantize(Q4, ROUND_HALF_UP))


def quantidade(q: Decimal) -> str:
    """Quantidade com 4 casas (qCom/qTrib): '2.0000'."""
    return str(q.quantize(Q4, ROUND_HALF_UP))


def unitario(v: Decimal) -> str:
    """Valor unitário (vUnCom) com 2 a 10 casas, sem zeros sobrando: '9.75', '0.3333333333'."""
    v = v.quantize(Q10, ROUND_HALF_UP)
    duas = v.quantize(Q2)
    if duas == v:
        return str(duas)
    return str(v.normalize())  # mais de 2 casas: normalize() não gera notação científica aqui


@lru_cache(maxsize=16384)  # nomes de produtos, empresas e municípios se repetem a cada nota
def texto(s, maximo: int | None = None) -> str:
    """Texto aceito pelo XSD: sem quebras de linha, sem espaços duplos e só com caracteres Latin-1.

    Acentos do português ficam; aspas e travessões tipográficos viram os equivalentes simples; outros
    caracteres fora do Latin-1 perdem o acento (NFKD) ou são descartados. Corta em `maximo`.
    """
    if not s:
        return ""
    if _JA_LIMPO.fullmatch(s) and (maximo is None or len(s) <= maximo):
        return s  # caminho rápido: o caso comum já está no formato aceito
    s = unicodedata.normalize("NFC", str(s)).translate(_TROCAS)
    s = _ESPACOS.sub(" ", s)
    if _FORA_DO_LATIN1.search(s):
        s = _ESPACOS.sub(" ", "".join(_latin1(c) for c in s))
    s = s.strip()
    if maximo is not None and len(s) > maximo:
        s = s[:maximo].rstrip()
    return s


def _latin1(c: str) -> str:
    if "\x20" <= c <= "\xff":
        return c
    base = unicodedata.normalize("NFKD", c)
    return "".join(b for b in base if "\x20" <= b <= "\xff" and not unicodedata.combining(b))


def digitos(s) -> str:
    if not s:
        return ""
    s = str(s)
    return s if s.isdigit() else "".join(c for c in s if c.isdigit())


def data_hora(momento: datetime) -> str:
    """'2026-03-10T14:05:00-03:00' (TDateTimeUTC: fuso obrigatório, só horas cheias, sem frações)."""
    if not fuso_valido(momento):
        raise ValueError("A data e hora precisam de fuso horário em horas cheias (ex.: -03:00).")
    return momento.isoformat(timespec="seconds")


def fuso_valido(momento: datetime | None) -> bool:
    if momento is None or momento.utcoffset() is None:
        return False
    deslocamento = momento.utcoffset()
    # o XSD aceita de -11:00 a +12:00, sempre em horas cheias
    return deslocamento % timedelta(hours=1) == timedelta(0) and timedelta(hours=-11) <= deslocamento <= timedelta(hours=12)
