"""Os campos da nota fiscal que vão para `POST /orders/{id}/invoices` (tray-api.md §5 e §12: sem envelope)."""
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

from erp.comum.datas import em_brasilia, hoje

NS = {"nfe": "http://www.portalfiscal.inf.br/nfe"}
# Consulta pública da NF-e no portal nacional (o usuário resolve o captcha lá).
URL_CONSULTA = {
    "producao": "https://www.nfe.fazenda.gov.br/portal/consultaRecaptcha.aspx"
                "?tipoConsulta=resumo&tipoConteudo=7PhJ+gAVw2g=&nfe={chave}",
    "homologacao": "https://hom.nfe.fazenda.gov.br/portal/consultaRecaptcha.aspx"
                   "?tipoConsulta=resumo&tipoConteudo=7PhJ+gAVw2g=&nfe={chave}",
}


def _xml(xml_proc: bytes | None):
    if not xml_proc:
        return None
    try:
        return etree.fromstring(xml_proc, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None


def data_emissao(raiz, emitida_em: datetime | None) -> str:
    """AAAA-MM-DD da emissão: a data local do dhEmi do XML; sem ele, emitida_em (UTC) no fuso de Brasília."""
    if raiz is not None:
        dh = raiz.findtext(".//nfe:ide/nfe:dhEmi", namespaces=NS)
        if dh and len(dh) >= 10:
            return dh[:10]
    if emitida_em is None:
        return hoje().isoformat()
    return em_brasilia(emitida_em).date().isoformat()


def cfops_dos_itens(raiz, itens) -> list[dict]:
    """ProductCfop: o CFOP de cada det do XML, casado com os itens da venda na mesma ordem (a NF-e tem um
    det por item da venda). Vazio quando não dá para casar com segurança (o campo é opcional)."""
    if raiz is None:
        return []
    dets = raiz.findall(".//nfe:infNFe/nfe:det", namespaces=NS)
    if not dets or len(dets) != len(itens) or any(not i.tray_produto_id for i in itens):
        return []
    vistos, saida = set(), []
    for det, item in zip(dets, itens):
        cfop = det.findtext("nfe:prod/nfe:CFOP", namespaces=NS)
        if not cfop:
            return []
        linha = (str(item.tray_produto_id), str(item.tray_variacao_id or "0"), cfop)
        if linha not in vistos:
            vistos.add(linha)
            saida.append({"product_id": linha[0], "variation_id": linha[1], "cfop": linha[2]})
    return saida


def link_consulta(chave: str, ambiente: str, modelos: dict | None = None) -> str:
    modelos = modelos or URL_CONSULTA
    modelo = modelos.get(ambiente) or modelos.get("producao") or URL_CONSULTA["producao"]
    return modelo.format(chave=chave)


def corpo_da_nota(nota, itens, url_consulta: dict | None = None) -> dict:
    """O corpo do POST (sem envelope): issue_date, number, serie, value, key, link, xml_danfe e,
    quando possível, ProductCfop."""
    raiz = _xml(nota.xml_proc)
    valor = Decimal(nota.valor_total or 0).quantize(Decimal("0.01"), ROUND_HALF_UP)
    corpo = {
        "issue_date": data_emissao(raiz, nota.emitida_em),
        "number": str(nota.numero),
        "serie": str(nota.serie),
        "value": f"{valor:.2f}",
        "key": nota.chave,
        "link": link_consulta(nota.chave, nota.ambiente, url_consulta),
    }
    if nota.xml_proc:
        corpo["xml_danfe"] = nota.xml_proc.decode("utf-8")
    cfops = cfops_dos_itens(raiz, itens)
    if cfops:
        corpo["ProductCfop"] = cfops
    return corpo
