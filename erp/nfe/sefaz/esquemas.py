"""Esquemas XSD oficiais das mensagens dos web services (pacotes do nfelib), carregados uma vez.

O esquema da NF-e leva dezenas de milissegundos para carregar; aqui cada um é lido uma única vez por
processo e a validação é serializada por esquema (o validador do libxml2 não é reentrante), o que serve
tanto ao cliente quanto ao simulador, que atende cada requisição numa thread nova.
"""
import threading
from importlib import resources

from lxml import etree

from erp.comum.esquemas import carregar_esquema

_PACOTES = {
    # nome: (pacote do nfelib, versão, arquivo)
    "enviNFe": ("nfe", "v4_0", "enviNFe_v4.00.xsd"),
    "retEnviNFe": ("nfe", "v4_0", "retEnviNFe_v4.00.xsd"),
    "consReciNFe": ("nfe", "v4_0", "consReciNFe_v4.00.xsd"),
    "retConsReciNFe": ("nfe", "v4_0", "retConsReciNFe_v4.00.xsd"),
    "consSitNFe": ("nfe", "v4_0", "consSitNFe_v4.00.xsd"),
    "retConsSitNFe": ("nfe", "v4_0", "retConsSitNFe_v4.00.xsd"),
    "consStatServ": ("nfe", "v4_0", "consStatServ_v4.00.xsd"),
    "retConsStatServ": ("nfe", "v4_0", "retConsStatServ_v4.00.xsd"),
    "inutNFe": ("nfe", "v4_0", "inutNFe_v4.00.xsd"),
    "retInutNFe": ("nfe", "v4_0", "retInutNFe_v4.00.xsd"),
    "procInutNFe": ("nfe", "v4_0", "procInutNFe_v4.00.xsd"),
    "nfeProc": ("nfe", "v4_0", "procNFe_v4.00.xsd"),
    "envEvento": ("nfe_evento_generico", "v1_0", "envEvento_v1.00.xsd"),
    "retEnvEvento": ("nfe_evento_generico", "v1_0", "retEnvEvento_v1.00.xsd"),
    "procEventoNFe": ("nfe_evento_generico", "v1_0", "procEventoNFe_v1.00.xsd"),
    "envEvento_110111": ("nfe_evento_cancel", "v1_0", "envEventoCancNFe_v1.00.xsd"),
    "retEnvEvento_110111": ("nfe_evento_cancel", "v1_0", "retEnvEventoCancNFe_v1.00.xsd"),
    "procEventoNFe_110111": ("nfe_evento_cancel", "v1_0", "procEventoCancNFe_v1.00.xsd"),
    "envEvento_110110": ("nfe_evento_cce", "v1_0", "envCCe_v1.00.xsd"),
    "retEnvEvento_110110": ("nfe_evento_cce", "v1_0", "retEnvCCe_v1.00.xsd"),
    "procEventoNFe_110110": ("nfe_evento_cce", "v1_0", "procCCeNFe_v1.00.xsd"),
}
NOMES = tuple(_PACOTES)
_carregados: dict[str, tuple[etree.XMLSchema, threading.Lock]] = {}
_trava = threading.Lock()


def caminho(nome: str) -> str:
    pacote, versao, arquivo = _PACOTES[nome]
    return str(resources.files("nfelib") / pacote / "schemas" / versao / arquivo)


def _obter(nome: str) -> tuple[etree.XMLSchema, threading.Lock]:
    carregado = _carregados.get(nome)
    if carregado is None:
        with _trava:
            carregado = _carregados.get(nome)
            if carregado is None:
                carregado = _carregados[nome] = (carregar_esquema(caminho(nome)), threading.Lock())
    return carregado


def erros(nome: str, elemento: etree._Element) -> list[str]:
    """Mensagens do libxml2 (linha: mensagem); lista vazia se o elemento é válido no esquema `nome`."""
    esquema, trava = _obter(nome)
    with trava:
        if esquema.validate(elemento):
            return []
        return [f"{e.line}: {e.message}" for e in esquema.error_log]


def valido(nome: str, elemento: etree._Element) -> bool:
    return not erros(nome, elemento)
