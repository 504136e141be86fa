"""Grupo det (produto e impostos de um item), na ordem do XSD do leiaute 4.00."""
from erp.nfe.fiscal.escritor import Escritor
from erp.nfe.fiscal.formato import aliquota, quantidade, texto, unitario, valor
from erp.nfe.fiscal.resultado import ItemCalculado
from erp.nfe.fiscal.tabelas import ORIGENS_COM_FCI

SEM_GTIN = "SEM GTIN"


def gtin(codigo: str) -> str:
    codigo = (codigo or "").strip()
    return codigo if codigo.isdigit() and len(codigo) in (8, 12, 13, 14) else SEM_GTIN


def det(w: Escritor, calc: ItemCalculado) -> None:
    w.abrir("det", {"nItem": str(calc.numero)})
    _prod(w, calc)
    w.abrir("imposto")
    if calc.valor_tributos is not None:
        w.e("vTotTrib", valor(calc.valor_tributos))
    _icms(w, calc.icms)
    if calc.ipi is not None:
        _ipi(w, calc.ipi)
    _contribuicao(w, "PIS", calc.pis)
    _contribuicao(w, "COFINS", calc.cofins)
    if calc.difal is not None:
        _difal(w, calc.difal)
    if calc.ibs_cbs is not None:
        _ibs_cbs(w, calc.ibs_cbs)
    w.fechar()
    adicional = texto(calc.item.informacoes_adicionais, 500)
    if adicional:
        w.e("infAdProd", adicional)
    w.fechar()


_PROD_INICIO = ("cProd", "cEAN", "xProd", "NCM")
_PROD_MEIO = ("CFOP", "uCom", "qCom", "vUnCom", "vProd", "cEANTrib", "uTrib", "qTrib", "vUnTrib")


def _prod(w: Escritor, calc: ItemCalculado) -> None:
    item = calc.item
    ean = gtin(item.gtin)
    unidade = texto(item.unidade, 6)
    qtd = quantidade(item.quantidade)
    preco = unitario(item.valor_unitario)
    w.abrir("prod")
    w.campos(_PROD_INICIO, (texto(item.codigo, 60), ean, texto(item.descricao, 120), item.ncm))
    if item.cest:
        w.e("CEST", item.cest)
    if item.tributacao.beneficio_fiscal:
        w.e("cBenef", item.tributacao.beneficio_fiscal)
    w.campos(_PROD_MEIO, (calc.cfop, unidade, qtd, preco, valor(calc.valor_produto), ean, unidade, qtd, preco))
    # vFrete, vSeg, vDesc e vOutro não aceitam 0.00 (TDec_1302Opc): sem valor, sem a tag.
    if calc.frete:
        w.e("vFrete", valor(calc.frete))
    if calc.seguro:
        w.e("vSeg", valor(calc.seguro))
    if calc.desconto:
        w.e("vDesc", valor(calc.desconto))
    if calc.outras:
        w.e("vOutro", valor(calc.outras))
    w.e("indTot", "1")
    if item.pedido:
        w.e("xPed", texto(item.pedido, 15))
    if item.item_pedido:
        w.e("nItemPed", item.item_pedido)
    if item.fci and item.origem in ORIGENS_COM_FCI:
        w.e("nFCI", item.fci.upper())
    w.fechar()


def _icms(w: Escritor, icms) -> None:
    w.abrir("ICMS")
    w.abrir(icms.grupo)
    w.e("orig", str(icms.origem))
    if icms.simples:
        w.e("CSOSN", icms.cst)
        if icms.st is not None:
            _st(w, icms.st)
        if icms.cst in ("101", "201"):
            w.e("pCredSN", aliquota(icms.aliquota_credito_sn))
            w.e("vCredICMSSN", valor(icms.valor_credito_sn))
        elif icms.cst == "900" and icms.aliquota:
            w.e("modBC", "3")
            w.e("vBC", valor(icms.base))
            w.e("pICMS", aliquota(icms.aliquota))
            w.e("vICMS", valor(icms.valor))
    else:
        w.e("CST", icms.cst)
        if icms.cst in ("00", "10", "20", "90"):
            _icms_proprio(w, icms)
        if icms.st is not None:
            _st(w, icms.st)
    if icms.st_retido is not None:
        _st_retido(w, icms.st_retido)
    w.fechar()
    w.fechar()


def _st(w: Escritor, st) -> None:
    """modBCST 4 (margem de valor agregado) com pMVAST, pRedBCST quando há, e o FCP-ST."""
    w.e("modBCST", "4")
    w.e("pMVAST", aliquota(st.mva))
    if st.reducao_base:
        w.e("pRedBCST", aliquota(st.reducao_base))
    w.e("vBCST", valor(st.base))
    w.e("pICMSST", aliquota(st.aliquota))
    w.e("vICMSST", valor(st.valor))
    if st.aliquota_fcp:
        w.e("vBCFCPST", valor(st.base))
        w.e("pFCPST", aliquota(st.aliquota_fcp))
        w.e("vFCPST", valor(st.valor_fcp))


def _st_retido(w: Escritor, r) -> None:
    w.e("vBCSTRet", valor(r.base))
    w.e("pST", aliquota(r.aliquota))
    w.e("vICMSSTRet", valor(r.valor))


_ICMS_PROPRIO = ("modBC", "vBC", "pICMS", "vICMS")


def _icms_proprio(w: Escritor, icms) -> None:
    if icms.cst == "00":
        w.campos(_ICMS_PROPRIO, ("3", valor(icms.base), aliquota(icms.aliquota), valor(icms.valor)))
    else:
        w.e("modBC", "3")
        if icms.cst == "20":
            w.e("pRedBC", aliquota(icms.reducao_base))
        w.e("vBC", valor(icms.base))
        if icms.cst == "90" and icms.reducao_base:
            w.e("pRedBC", aliquota(icms.reducao_base))
        w.e("pICMS", aliquota(icms.aliquota))
        w.e("vICMS", valor(icms.valor))
    if icms.aliquota_fcp:
        if icms.cst != "00":
            w.e("vBCFCP", valor(icms.base))
        w.e("pFCP", aliquota(icms.aliquota_fcp))
        w.e("vFCP", valor(icms.valor_fcp))


def _ipi(w: Escritor, ipi) -> None:
    w.abrir("IPI")
    w.e("cEnq", ipi.enquadramento)
    if ipi.tributado:
        w.abrir("IPITrib")
        w.e("CST", ipi.cst)
        w.e("vBC", valor(ipi.base))
        w.e("pIPI", aliquota(ipi.aliquota))
        w.e("vIPI", valor(ipi.valor))
    else:
        w.abrir("IPINT")
        w.e("CST", ipi.cst)
    w.fechar()
    w.fechar()


_CONTRIBUICAO = {nome: ("CST", "vBC", "p" + nome, "v" + nome) for nome in ("PIS", "COFINS")}


def _contribuicao(w: Escritor, nome: str, c) -> None:
    w.abrir(nome)
    if c.cst in ("04", "05", "06", "07", "08", "09"):
        w.abrir(nome + "NT")
        w.e("CST", c.cst)
    else:
        w.abrir(nome + ("Aliq" if c.cst in ("01", "02") else "Outr"))
        w.campos(_CONTRIBUICAO[nome], (c.cst, valor(c.base), aliquota(c.aliquota), valor(c.valor)))
    w.fechar()
    w.fechar()


def _difal(w: Escritor, difal) -> None:
    w.abrir("ICMSUFDest")
    w.e("vBCUFDest", valor(difal.base))
    if difal.aliquota_fcp:
        w.e("vBCFCPUFDest", valor(difal.base))
        w.e("pFCPUFDest", aliquota(difal.aliquota_fcp))
    w.e("pICMSUFDest", aliquota(difal.aliquota_interna))
    w.e("pICMSInter", aliquota(difal.aliquota_interestadual))
    w.e("pICMSInterPart", aliquota(difal.percentual_partilha))
    if difal.aliquota_fcp:
        w.e("vFCPUFDest", valor(difal.valor_fcp))
    w.e("vICMSUFDest", valor(difal.valor_destino))
    w.e("vICMSUFRemet", valor(difal.valor_remetente))
    w.fechar()


def _ibs_cbs(w: Escritor, t) -> None:
    w.abrir("IBSCBS")
    w.e("CST", t.cst)
    w.e("cClassTrib", t.classificacao)
    w.abrir("gIBSCBS")
    w.e("vBC", valor(t.base))
    w.abrir("gIBSUF")
    w.e("pIBSUF", aliquota(t.aliquota_ibs_uf))
    w.e("vIBSUF", valor(t.valor_ibs_uf))
    w.fechar()
    w.abrir("gIBSMun")
    w.e("pIBSMun", aliquota(t.aliquota_ibs_mun))
    w.e("vIBSMun", valor(t.valor_ibs_mun))
    w.fechar()
    w.e("vIBS", valor(t.valor_ibs))
    w.abrir("gCBS")
    w.e("pCBS", aliquota(t.aliquota_cbs))
    w.e("vCBS", valor(t.valor_cbs))
    w.fechar()
    w.fechar()
    w.fechar()
