"""Códigos IBGE dos municípios, da tabela que o pacote brutils mantém (brutils/data/cities_code.json).

A tabela tem os 5.570 municípios por UF, com nomes já sem acentos e em minúsculas. A busca ignora
acentos, maiúsculas, espaços repetidos e apóstrofos tipográficos; como segunda tentativa compara só
letras e algarismos ("Embu Guaçu" = "Embu-Guaçu", "Alvorada D Oeste" = "Alvorada d'Oeste").
"""
import json
import unicodedata
from functools import lru_cache
from importlib import resources

_APOSTROFOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def normalizar(nome: str | None) -> str:
    """"  São  PAULO " → "sao paulo"."""
    texto = unicodedata.normalize("NFKD", (nome or "").translate(_APOSTROFOS))
    texto = texto.encode("ascii", "ignore").decode("ascii").casefold()
    return " ".join(texto.split())


def _so_letras(nome: str) -> str:
    return "".join(c for c in normalizar(nome) if c.isalnum())


@lru_cache(maxsize=1)
def municipios() -> dict[str, dict[str, str]]:
    """{UF: {nome normalizado: código de 7 algarismos}}."""
    arquivo = resources.files("brutils.data").joinpath("cities_code.json")
    dados = json.loads(arquivo.read_text(encoding="utf-8"))
    return {uf.upper(): {normalizar(nome): str(codigo) for nome, codigo in cidades.items()}
            for uf, cidades in dados.items()}


@lru_cache(maxsize=1)
def _indice_solto() -> dict[str, dict[str, str]]:
    indice: dict[str, dict[str, str]] = {}
    for uf, cidades in municipios().items():
        por_chave: dict[str, str | None] = {}
        for nome, codigo in cidades.items():
            chave = _so_letras(nome)
            por_chave[chave] = None if chave in por_chave else codigo  # ambíguo não vale
        indice[uf] = {k: v for k, v in por_chave.items() if v}
    return indice


def codigo_municipio(nome: str | None, uf: str | None) -> str | None:
    """Código IBGE (7 algarismos) do município na UF, ou None se não houver."""
    uf = (uf or "").strip().upper()
    cidades = municipios().get(uf)
    if not cidades or not (nome or "").strip():
        return None
    return cidades.get(normalizar(nome)) or _indice_solto()[uf].get(_so_letras(nome))


def todos_os_codigos() -> set[str]:
    return {codigo for cidades in municipios().values() for codigo in cidades.values()}
