"""Namespaces e ações dos serviços lidos dos WSDL oficiais empacotados no nfelib.

O simulador não compartilha a tabela de serviços do cliente: um erro de namespace ou de ação no
cliente aparece como SOAP Fault, como na SEFAZ.
"""
from functools import lru_cache
from importlib import resources

from lxml import etree

WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP12_WSDL = "http://schemas.xmlsoap.org/wsdl/soap12/"
_ARQUIVOS = {
    "NFeAutorizacao4": "nfeautorizacao4.wsdl",
    "NFeRetAutorizacao4": "nferetautorizacao4.wsdl",
    "NFeConsultaProtocolo4": "nfeconsulta4.wsdl",
    "NFeStatusServico4": "nfestatusservico4.wsdl",
    "NFeInutilizacao4": "nfeinutilizacao4.wsdl",
    "NFeRecepcaoEvento4": "recepcaoevento4.wsdl",
}
# Último segmento do caminho (sem .asmx, minúsculo) → serviço; cobre os caminhos dos autorizadores.
CAMINHOS = {
    "nfeautorizacao4": "NFeAutorizacao4",
    "nferetautorizacao4": "NFeRetAutorizacao4",
    "nfeconsultaprotocolo4": "NFeConsultaProtocolo4",
    "nfeconsulta4": "NFeConsultaProtocolo4",
    "nfestatusservico4": "NFeStatusServico4",
    "nfeinutilizacao4": "NFeInutilizacao4",
    "nferecepcaoevento4": "NFeRecepcaoEvento4",
    "recepcaoevento4": "NFeRecepcaoEvento4",
}


@lru_cache(maxsize=None)
def descricao(servico: str) -> tuple[str, frozenset]:
    """(namespace do serviço, ações SOAP aceitas) lidos do WSDL."""
    arquivo = resources.files("nfelib") / "nfe" / "wsdl" / "v4_0" / _ARQUIVOS[servico]
    raiz = etree.parse(str(arquivo)).getroot()
    acoes = frozenset(op.get("soapAction") for op in raiz.iter(f"{{{SOAP12_WSDL}}}operation"))
    return raiz.get("targetNamespace"), acoes


def servico_do_caminho(caminho: str) -> str | None:
    ultimo = caminho.rstrip("/").rsplit("/", 1)[-1].lower()
    if ultimo.endswith(".asmx"):
        ultimo = ultimo[:-5]
    return CAMINHOS.get(ultimo)
