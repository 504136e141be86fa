"""Endereços dos web services da NF-e (modelo 55) por UF e ambiente.

Fontes: sped-nfe storage/wsnfe_4.00_mod55.xml e PyNFe (veja /work/shared/nfe.md §4.8). Com SEFAZ_URL
configurada (o simulador), o esquema e o host são trocados e o caminho oficial é mantido.
"""
from urllib.parse import urlsplit

SERVICOS = ("NFeAutorizacao4", "NFeRetAutorizacao4", "NFeConsultaProtocolo4", "NFeStatusServico4",
            "NFeInutilizacao4", "NFeRecepcaoEvento4")
_ASMX_SP = {s: s.lower() + ".asmx" for s in SERVICOS}
_ASMX_RS = {
    "NFeAutorizacao4": "ws/NfeAutorizacao/NFeAutorizacao4.asmx",
    "NFeRetAutorizacao4": "ws/NfeRetAutorizacao/NFeRetAutorizacao4.asmx",
    "NFeConsultaProtocolo4": "ws/NfeConsulta/NfeConsulta4.asmx",
    "NFeStatusServico4": "ws/NfeStatusServico/NfeStatusServico4.asmx",
    "NFeInutilizacao4": "ws/nfeinutilizacao/nfeinutilizacao4.asmx",
    "NFeRecepcaoEvento4": "ws/recepcaoevento/recepcaoevento4.asmx",
}
_PASTA_ASMX = {s: f"{s}/{s}.asmx" for s in SERVICOS}
_SIMPLES = {s: s for s in SERVICOS}

# autorizador: (host de homologação, host de produção ou None, prefixo do caminho, caminhos por serviço)
AUTORIZADORES = {
    "SP": ("homologacao.nfe.fazenda.sp.gov.br", "nfe.fazenda.sp.gov.br", "ws/", _ASMX_SP),
    "MG": ("hnfe.fazenda.mg.gov.br", "nfe.fazenda.mg.gov.br", "nfe2/services/",
           {**_SIMPLES, "NFeConsultaProtocolo4": "NFeConsulta4"}),
    "PR": ("homologacao.nfe.sefa.pr.gov.br", "nfe.sefa.pr.gov.br", "nfe/", _SIMPLES),
    "RS": ("nfe-homologacao.sefazrs.rs.gov.br", "nfe.sefazrs.rs.gov.br", "", _ASMX_RS),
    "SVRS": ("nfe-homologacao.svrs.rs.gov.br", "nfe.svrs.rs.gov.br", "", _ASMX_RS),
    "SVAN": ("hom.sefazvirtual.fazenda.gov.br", "www.sefazvirtual.fazenda.gov.br", "", _PASTA_ASMX),
    "BA": ("hnfe.sefaz.ba.gov.br", "nfe.sefaz.ba.gov.br", "webservices/", _PASTA_ASMX),
    "GO": ("homolog.sefaz.go.gov.br", "nfe.sefaz.go.gov.br", "nfe/services/", _SIMPLES),
    "MS": ("homologacao.nfe.ms.gov.br", None, "ws/", _SIMPLES),
    "AM": ("homnfe.sefaz.am.gov.br", None, "services2/services/",
           {**{s: s.replace("NFe", "Nfe") for s in SERVICOS}, "NFeConsultaProtocolo4": "NfeConsulta4",
            "NFeRecepcaoEvento4": "RecepcaoEvento4"}),
}
PROPRIOS = {"AM", "BA", "GO", "MG", "MS", "MT", "PE", "PR", "RS", "SP"}
SVAN = {"MA"}
# Autorizadores próprios sem endereço nesta tabela (MT, PE): configure SEFAZ_URL ou complete a tabela.


class EnderecoDesconhecido(Exception):
    """Não há endereço cadastrado para o serviço nessa UF e ambiente."""


def autorizador(uf: str) -> str:
    uf = uf.upper()
    if uf in PROPRIOS:
        return uf
    return "SVAN" if uf in SVAN else "SVRS"


def url(servico: str, uf: str, producao: bool, base: str | None = None) -> str:
    """URL do serviço para a UF do emitente; `base` (SEFAZ_URL) troca esquema e host."""
    if servico not in SERVICOS:
        raise ValueError(f"Serviço desconhecido: {servico}")
    nome = autorizador(uf)
    registro = AUTORIZADORES.get(nome)
    if registro is None:
        if base:
            return f"{base.rstrip('/')}/ws/{servico.lower()}.asmx"
        raise EnderecoDesconhecido(f"Não há endereço do web service da SEFAZ-{nome} nesta versão; "
                                   "configure SEFAZ_URL.")
    homologacao, producao_host, prefixo, caminhos = registro
    host = producao_host if producao else homologacao
    caminho = f"/{prefixo}{caminhos[servico]}"
    if base:
        return base.rstrip("/") + caminho
    if host is None:
        raise EnderecoDesconhecido(f"Não há endereço de produção da SEFAZ-{nome} nesta versão; "
                                   "configure SEFAZ_URL.")
    return f"https://{host}{caminho}"


def eh_https(endereco: str) -> bool:
    return urlsplit(endereco).scheme == "https"
