"""As mensagens dos web services (enviNFe, consReciNFe, consSitNFe, consStatServ, inutNFe, envEvento).

Funções puras sobre lxml. A NF-e assinada entra no lote como foi assinada (os bytes guardados são
lidos e anexados; o conteúdo canônico não muda). Eventos e inutilização são assinados aqui (Id em
infEvento/infInut), com o mesmo Assinador da NF-e.
"""
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from erp.nfe.fiscal.assinatura import Assinador
from erp.nfe.fiscal.formato import data_hora, texto

NS = "http://www.portalfiscal.inf.br/nfe"
P = "{%s}" % NS
CANCELAMENTO, CARTA_CORRECAO = "110111", "110110"
CONDICAO_DE_USO_CCE = (
    "A Carta de Correcao e disciplinada pelo paragrafo 1o-A do art. 7o do Convenio S/N, de 15 de dezembro de "
    "1970 e pode ser utilizada para regularizacao de erro ocorrido na emissao de documento fiscal, desde que o "
    "erro nao esteja relacionado com: I - as variaveis que determinam o valor do imposto tais como: base de "
    "calculo, aliquota, diferenca de preco, quantidade, valor da operacao ou da prestacao; II - a correcao de "
    "dados cadastrais que implique mudanca do remetente ou do destinatario; III - a data de emissao ou de saida."
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _el(tag: str, *filhos, **atributos) -> etree._Element:
    raiz = etree.Element(P + tag, atributos, nsmap={None: NS})
    for filho in filhos:
        if isinstance(filho, tuple):
            etree.SubElement(raiz, P + filho[0]).text = str(filho[1])
        elif filho is not None:
            raiz.append(filho)
    return raiz


def envi_nfe(id_lote: int, nfes: list[bytes], sincrono: bool) -> etree._Element:
    lote = _el("enviNFe", ("idLote", id_lote), ("indSinc", 1 if sincrono else 0), versao="4.00")
    for xml in nfes:
        lote.append(etree.fromstring(xml, _PARSER))
    return lote


def cons_reci(ambiente: int, recibo: str) -> etree._Element:
    return _el("consReciNFe", ("tpAmb", ambiente), ("nRec", recibo), versao="4.00")


def cons_sit(ambiente: int, chave: str) -> etree._Element:
    return _el("consSitNFe", ("tpAmb", ambiente), ("xServ", "CONSULTAR"), ("chNFe", chave), versao="4.00")


def cons_stat(ambiente: int, cuf: str) -> etree._Element:
    return _el("consStatServ", ("tpAmb", ambiente), ("cUF", cuf), ("xServ", "STATUS"), versao="4.00")


@dataclass(frozen=True)
class Inutilizacao:
    ambiente: int
    cuf: str
    ano: int  # dois algarismos
    cnpj: str
    serie: int
    inicio: int
    fim: int
    justificativa: str
    modelo: int = 55

    @property
    def identificador(self) -> str:
        return (f"ID{self.cuf}{self.ano:02d}{self.cnpj}{self.modelo:02d}{self.serie:03d}"
                f"{self.inicio:09d}{self.fim:09d}")


def inut_nfe(dados: Inutilizacao, assinador: Assinador) -> etree._Element:
    inf = _el("infInut", ("tpAmb", dados.ambiente), ("xServ", "INUTILIZAR"), ("cUF", dados.cuf),
              ("ano", f"{dados.ano:02d}"), ("CNPJ", dados.cnpj), ("mod", dados.modelo), ("serie", dados.serie),
              ("nNFIni", dados.inicio), ("nNFFin", dados.fim), ("xJust", texto(dados.justificativa, 255)),
              Id=dados.identificador)
    raiz = _el("inutNFe", versao="4.00")
    return _assinar(raiz, inf, assinador)


@dataclass(frozen=True)
class Evento:
    tipo: str  # CANCELAMENTO ou CARTA_CORRECAO
    chave: str
    cnpj: str
    ambiente: int
    sequencia: int
    momento: datetime
    protocolo: str = ""  # cancelamento: o nProt da autorização
    texto: str = ""  # justificativa do cancelamento ou texto da correção

    @property
    def identificador(self) -> str:
        return f"ID{self.tipo}{self.chave}{self.sequencia:02d}"


def _detalhe(evento: Evento) -> etree._Element:
    if evento.tipo == CANCELAMENTO:
        return _el("detEvento", ("descEvento", "Cancelamento"), ("nProt", evento.protocolo),
                   ("xJust", texto(evento.texto, 255)), versao="1.00")
    return _el("detEvento", ("descEvento", "Carta de Correcao"), ("xCorrecao", texto(evento.texto, 1000)),
               ("xCondUso", CONDICAO_DE_USO_CCE), versao="1.00")


def evento(dados: Evento, assinador: Assinador) -> etree._Element:
    """O elemento evento assinado. cOrgao = UF do emitente (posições 1-2 da chave)."""
    inf = _el("infEvento", ("cOrgao", dados.chave[:2]), ("tpAmb", dados.ambiente), ("CNPJ", dados.cnpj),
              ("chNFe", dados.chave), ("dhEvento", data_hora(dados.momento)), ("tpEvento", dados.tipo),
              ("nSeqEvento", dados.sequencia), ("verEvento", "1.00"), _detalhe(dados), Id=dados.identificador)
    return _assinar(_el("evento", versao="1.00"), inf, assinador)


def env_evento(id_lote: int, eventos: list[etree._Element]) -> etree._Element:
    lote = _el("envEvento", ("idLote", id_lote), versao="1.00")
    lote.extend(eventos)
    return lote


def _assinar(raiz: etree._Element, inf: etree._Element, assinador: Assinador) -> etree._Element:
    preparada = assinador.preparar(inf)  # digest do inf enquanto ele ainda é raiz
    raiz.append(inf)
    raiz.append(preparada.elemento)
    assinador.concluir(preparada)
    return raiz
