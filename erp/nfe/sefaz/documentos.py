"""Arquivos de distribuição montados com os retornos: nfeProc (NF-e + protocolo) e procEventoNFe."""
from lxml import etree

from erp.nfe.sefaz import esquemas

NS = "http://www.portalfiscal.inf.br/nfe"
P = "{%s}" % NS
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _juntar(tag: str, versao: str, *partes: bytes) -> etree._Element:
    raiz = etree.Element(P + tag, versao=versao, nsmap={None: NS})
    for parte in partes:
        raiz.append(etree.fromstring(parte, _PARSER))
    return raiz


def nfe_proc(nfe: bytes, prot_nfe: bytes) -> bytes:
    """<nfeProc versao="4.00"><NFe>…exatamente como assinada…</NFe><protNFe>…</protNFe></nfeProc>."""
    return etree.tostring(_juntar("nfeProc", "4.00", nfe, prot_nfe), encoding="UTF-8", xml_declaration=True)


def proc_evento(evento: bytes, ret_evento: bytes) -> bytes:
    return etree.tostring(_juntar("procEventoNFe", "1.00", evento, ret_evento), encoding="UTF-8",
                          xml_declaration=True)


def proc_inut(inut: bytes, ret_inut: bytes) -> bytes:
    return etree.tostring(_juntar("procInutNFe", "4.00", inut, ret_inut), encoding="UTF-8", xml_declaration=True)


def erros_nfe_proc(proc: bytes) -> list[str]:
    """Erros do nfeProc no XSD oficial (procNFe_v4.00.xsd); lista vazia se estiver válido."""
    return esquemas.erros("nfeProc", etree.fromstring(proc, _PARSER))
