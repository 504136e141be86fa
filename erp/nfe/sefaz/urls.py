"""Endereço do web service de cada UF e ambiente, da tabela com fontes (`autorizadores.py`, docs/sefaz.md).

Com SEFAZ_URL configurada (a SEFAZ simulada), o esquema e o host são trocados e o caminho oficial é mantido.
"""
from urllib.parse import urlsplit

from erp.nfe.sefaz import autorizadores

SERVICOS = autorizadores.SERVICOS


class EnderecoDesconhecido(Exception):
    """Não há endereço para este serviço, UF ou ambiente."""


def autorizador(uf: str) -> str:
    return autorizadores.autorizador_da_uf(uf)


def url(servico: str, uf: str, producao: bool, base: str | None = None, contingencia: bool = False) -> str:
    if servico not in SERVICOS:
        raise ValueError(f"Serviço desconhecido: {servico}")
    try:
        oficial = autorizadores.url(uf, "producao" if producao else "homologacao", servico, contingencia)
    except autorizadores.ErroEndereco as erro:
        raise EnderecoDesconhecido(str(erro)) from None
    if base:
        partes = urlsplit(oficial)
        return base.rstrip("/") + partes.path
    return oficial


def eh_https(endereco: str) -> bool:
    return urlsplit(endereco).scheme == "https"
