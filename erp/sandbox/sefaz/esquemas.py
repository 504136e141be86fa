"""Os XSD oficiais (pacotes do nfelib) que a SEFAZ simulada aplica às mensagens recebidas — carregados pelo
próprio simulador, independentes do cliente do produto."""
import threading
from importlib import resources

from lxml import etree

from erp.comum.esquemas import carregar_esquema

_ARQUIVOS = {
    "enviNFe": ("nfe", "v4_0", "enviNFe_v4.00.xsd"),
    "consReciNFe": ("nfe", "v4_0", "consReciNFe_v4.00.xsd"),
    "consSitNFe": ("nfe", "v4_0", "consSitNFe_v4.00.xsd"),
    "consStatServ": ("nfe", "v4_0", "consStatServ_v4.00.xsd"),
    "inutNFe": ("nfe", "v4_0", "inutNFe_v4.00.xsd"),
    "envEvento": ("nfe_evento_generico", "v1_0", "envEvento_v1.00.xsd"),
    "envEvento_110111": ("nfe_evento_cancel", "v1_0", "envEventoCancNFe_v1.00.xsd"),
    "envEvento_110110": ("nfe_evento_cce", "v1_0", "envCCe_v1.00.xsd"),
}
_esquemas: dict[str, etree.XMLSchema] = {}
# O validador do libxml2 não é reentrante e o simulador atende cada requisição numa thread.
_trava = threading.Lock()


def _esquema(nome: str) -> etree.XMLSchema:
    if nome not in _esquemas:
        pacote, versao, arquivo = _ARQUIVOS[nome]
        _esquemas[nome] = carregar_esquema(str(resources.files("nfelib") / pacote / "schemas" / versao / arquivo))
    return _esquemas[nome]


def erros(nome: str, elemento: etree._Element) -> list[str]:
    with _trava:
        esquema = _esquema(nome)
        if esquema.validate(elemento):
            return []
        return [f"{e.line}: {e.message}" for e in esquema.error_log]


def valido(nome: str, elemento: etree._Element) -> bool:
    return not erros(nome, elemento)
