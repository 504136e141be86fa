"""SOAP 1.2 dos web services da NF-e: envelope com lxml, POST com requests, erros tipados.

A mensagem (enviNFe, consSitNFe...) vai dentro de nfeDadosMsg, no namespace do serviço; a resposta
vem em nfeResultMsg. Não há cabeçalho nfeCabecMsg na versão 4.00 (nfe.md §4.2).
"""
import requests
from lxml import etree
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from erp.nfe.sefaz.erros import RespostaInvalida, SefazIndisponivel, TempoEsgotado

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSD = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://www.portalfiscal.inf.br/nfe/wsdl/"
METODOS = {
    "NFeAutorizacao4": "nfeAutorizacaoLote",
    "NFeRetAutorizacao4": "nfeRetAutorizacaoLote",
    "NFeConsultaProtocolo4": "nfeConsultaNF",
    "NFeStatusServico4": "nfeStatusServicoNF",
    "NFeInutilizacao4": "nfeInutilizacaoNF",
    "NFeRecepcaoEvento4": "nfeRecepcaoEvento",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_NAO_ENVIADO = (NewConnectionError, ConnectTimeoutError, NameResolutionError, ConnectionRefusedError)


def envelope(servico: str, mensagem: etree._Element) -> bytes:
    """O envelope SOAP 1.2 completo, compacto e em UTF-8 (a mensagem assinada não é reformatada)."""
    raiz = etree.Element(f"{{{SOAP12}}}Envelope", nsmap={"soap": SOAP12, "xsi": XSI, "xsd": XSD})
    corpo = etree.SubElement(raiz, f"{{{SOAP12}}}Body")
    dados = etree.SubElement(corpo, f"{{{WSDL}{servico}}}nfeDadosMsg", nsmap={None: WSDL + servico})
    dados.append(mensagem)
    return etree.tostring(raiz, encoding="utf-8", xml_declaration=True)


def tipo_conteudo(servico: str) -> str:
    return f'application/soap+xml; charset=utf-8; action="{WSDL}{servico}/{METODOS[servico]}"'


def _nao_enviado(erro: BaseException) -> bool:
    """A conexão nem se abriu (recusada, sem DNS, tempo de conexão): a mensagem não saiu."""
    pendentes, vistos = [erro], set()
    while pendentes:
        atual = pendentes.pop()
        if id(atual) in vistos:
            continue
        vistos.add(id(atual))
        if isinstance(atual, _NAO_ENVIADO):
            return True
        pendentes.extend(a for a in getattr(atual, "args", ()) if isinstance(a, BaseException))
        for nome in ("reason", "__cause__", "__context__"):
            ligado = getattr(atual, nome, None)
            if isinstance(ligado, BaseException):
                pendentes.append(ligado)
    return False


def ler_resposta(servico: str, status: int, corpo: bytes) -> etree._Element:
    """O retorno (retEnviNFe, retConsSitNFe...) de dentro de nfeResultMsg."""
    try:
        raiz = etree.fromstring(corpo, _PARSER)
    except etree.XMLSyntaxError:
        raise RespostaInvalida(f"A SEFAZ respondeu HTTP {status} com um conteúdo que não é XML.",
                               status, corpo) from None
    falha = raiz.find(f"{{{SOAP12}}}Body/{{{SOAP12}}}Fault")
    if falha is not None:
        razao = " ".join(falha.itertext()).strip()
        raise RespostaInvalida(f"A SEFAZ recusou a mensagem (SOAP Fault, HTTP {status}): {razao}", status, corpo)
    resultado = raiz.find(f"{{{SOAP12}}}Body/{{{WSDL}{servico}}}nfeResultMsg")
    if status >= 400 or resultado is None or len(resultado) == 0:
        raise RespostaInvalida(f"A SEFAZ respondeu HTTP {status} sem o retorno do serviço {servico}.",
                               status, corpo)
    return resultado[0]


def chamar(sessao: requests.Session, url: str, servico: str, mensagem: etree._Element,
           tempo: tuple[float, float], certificado: tuple[str, str] | None = None,
           verificar: bool | str = True) -> etree._Element:
    """POST da mensagem; devolve o elemento de retorno ou levanta um ErroSefaz."""
    try:
        resposta = sessao.post(url, data=envelope(servico, mensagem), timeout=tempo, cert=certificado,
                               verify=verificar, headers={"Content-Type": tipo_conteudo(servico)})
    except requests.exceptions.ConnectTimeout:
        raise SefazIndisponivel("A SEFAZ não aceitou a conexão a tempo; nada foi enviado.", enviado=False) from None
    except requests.exceptions.ReadTimeout:
        raise TempoEsgotado("A SEFAZ não respondeu a tempo; a mensagem pode ter sido processada.") from None
    except requests.exceptions.SSLError as erro:
        raise SefazIndisponivel(f"Falha na conexão segura com a SEFAZ (certificado/TLS): {erro}",
                                enviado=False) from None
    except requests.exceptions.ConnectionError as erro:
        if _nao_enviado(erro):
            raise SefazIndisponivel("Não foi possível conectar à SEFAZ; nada foi enviado.", enviado=False) from None
        raise SefazIndisponivel("A conexão com a SEFAZ caiu durante o envio; a mensagem pode ter sido "
                                "processada.", enviado=True) from None
    except requests.exceptions.RequestException as erro:
        raise SefazIndisponivel(f"Falha na comunicação com a SEFAZ: {erro}", enviado=False) from None
    return ler_resposta(servico, resposta.status_code, resposta.content)
