"""Envelope SOAP 1.2 do lado do servidor: extrai a mensagem de nfeDadosMsg e monta nfeResultMsg."""
import base64
import copy
import gzip
import re

from lxml import etree

from erp.sandbox.sefaz import wsdl

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSD = "http://www.w3.org/2001/XMLSchema"
CONTENT_TYPE = "application/soap+xml; charset=utf-8"
_ACAO = re.compile(r'action\s*=\s*"?([^";]+)"?', re.IGNORECASE)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=False)


class FalhaSoap(Exception):
    """Requisição que nem chega ao serviço: vira um SOAP Fault (Sender)."""

    def __init__(self, mensagem: str, status: int = 400, codigo: str = "soap:Sender"):
        self.status = status
        self.codigo = codigo
        super().__init__(mensagem)


def conferir_cabecalho(servico: str, content_type: str) -> None:
    """SOAP 1.2 exige application/soap+xml; a ação, quando vem, tem de ser a do WSDL."""
    if "application/soap+xml" not in (content_type or "").lower():
        raise FalhaSoap("Content-Type deve ser application/soap+xml (SOAP 1.2).", status=415)
    achada = _ACAO.search(content_type or "")
    _, acoes = wsdl.descricao(servico)
    if achada and achada.group(1).strip() not in acoes:
        raise FalhaSoap(f"Ação SOAP desconhecida para {servico}: {achada.group(1).strip()}")


def extrair(corpo: bytes, servico: str) -> etree._Element:
    """O elemento de dados (enviNFe, consSitNFe...) dentro de nfeDadosMsg, como raiz própria."""
    try:
        envelope = etree.fromstring(corpo, _PARSER)
    except etree.XMLSyntaxError as erro:
        raise FalhaSoap(f"XML mal formado: {erro}") from None
    if envelope.tag != f"{{{SOAP12}}}Envelope":
        raise FalhaSoap("A mensagem não é um envelope SOAP 1.2.")
    corpo_soap = envelope.find(f"{{{SOAP12}}}Body")
    if corpo_soap is None or len(corpo_soap) != 1:
        raise FalhaSoap("soap:Body deve conter exatamente um elemento.")
    namespace, _ = wsdl.descricao(servico)
    mensagem = corpo_soap[0]
    if mensagem.tag == f"{{{namespace}}}nfeDadosMsgZip" and servico == "NFeAutorizacao4":
        try:
            conteudo = gzip.decompress(base64.b64decode(mensagem.text or ""))
            return etree.fromstring(conteudo, _PARSER)
        except (ValueError, OSError, etree.XMLSyntaxError) as erro:
            raise FalhaSoap(f"nfeDadosMsgZip inválido: {erro}") from None
    if mensagem.tag != f"{{{namespace}}}nfeDadosMsg":
        raise FalhaSoap(f"Esperado nfeDadosMsg no namespace {namespace}.")
    dados = [filho for filho in mensagem if isinstance(filho.tag, str)]
    if len(dados) != 1:
        raise FalhaSoap("nfeDadosMsg deve conter exatamente uma mensagem.")
    # Raiz própria: a cópia leva só os namespaces usados, não os do envelope (que a C14N inclusiva
    # puxaria para a assinatura).
    return copy.deepcopy(dados[0])


def resposta(servico: str, retorno: etree._Element) -> bytes:
    namespace, _ = wsdl.descricao(servico)
    envelope = etree.Element(f"{{{SOAP12}}}Envelope", nsmap={"soap": SOAP12, "xsi": XSI, "xsd": XSD})
    corpo = etree.SubElement(envelope, f"{{{SOAP12}}}Body")
    resultado = etree.SubElement(corpo, f"{{{namespace}}}nfeResultMsg", nsmap={None: namespace})
    resultado.append(retorno)
    return etree.tostring(envelope, encoding="utf-8", xml_declaration=True)


def falha(mensagem: str, codigo: str = "soap:Receiver") -> bytes:
    envelope = etree.Element(f"{{{SOAP12}}}Envelope", nsmap={"soap": SOAP12})
    fault = etree.SubElement(etree.SubElement(envelope, f"{{{SOAP12}}}Body"), f"{{{SOAP12}}}Fault")
    etree.SubElement(etree.SubElement(fault, f"{{{SOAP12}}}Code"), f"{{{SOAP12}}}Value").text = codigo
    razao = etree.SubElement(etree.SubElement(fault, f"{{{SOAP12}}}Reason"), f"{{{SOAP12}}}Text")
    razao.set("{http://www.w3.org/XML/1998/namespace}lang", "pt-BR")
    razao.text = mensagem
    return etree.tostring(envelope, encoding="utf-8", xml_declaration=True)
