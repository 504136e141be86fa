"""Regras de "Impostos" de docs/fiscal.md no núcleo fiscal puro: cada teste tem o nome da regra e, quando
gera XML, passa pelo XSD do leiaute 4.00 (com o DFeTiposBasicos da NT 2025.002)."""
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from lxml import etree

from erp.nfe.fiscal import TABELA_ICMS_PADRAO, Endereco, Tributacao, calcular_nota, gerar_nfe
from erp.nfe.fiscal import tabelas
from erp.nfe.fiscal.documento import CargaTributaria
from erp.nfe.fiscal.erros import DadosIncompletos
from erp.nfe.fiscal.xsd import erros_schema
from tests.nfe import fabrica as f

NS = {"n": "http://www.portalfiscal.inf.br/nfe"}


def um_item(valor="100.00", quantidade="1", **campos):
    return [f.item(quantidade=D(quantidade), valor_unitario=D(valor), **campos)]


def calc(itens=None, **campos):
    return calcular_nota(f.nota(itens=itens or um_item(), pagamentos=(), **campos))


def xml(nota) -> etree._Element:
    gerada = gerar_nfe(nota, f.certificado())
    raiz = etree.fromstring(gerada.xml)
    assert erros_schema(raiz) == []
    return raiz.find("n:infNFe", NS)


def txt(no, caminho):
    return no.findtext(caminho, namespaces=NS)


def endereco_em(uf: str) -> Endereco:
    if uf in f.MUNICIPIOS:
        return f.endereco(uf)
    return Endereco(logradouro="Rua Central", numero="10", bairro="Centro", municipio="Capital", uf=uf,
                    codigo_municipio=tabelas.CODIGOS_UF[uf] + "00108", cep="69000000")


CEST = "0300700"
RETIDA = dict(st_retido_base_unitaria=D("12.50"), st_retido_aliquota=D("18"), st_retido_valor_unitario=D("0.95"))


# --- ST já retida (CST 60 / CSOSN 500) ------------------------------------------------------------------

def test_st_retida_cst_60_leva_vbcstret_pst_vicmsstret_da_ultima_compra():
    nota = f.nota(itens=um_item("10.00", "4", cest=CEST, tributacao=f.st(**RETIDA)), emit=f.emitente(ibs_cbs_ativo=False))
    item = calcular_nota(nota).itens[0]
    assert (item.icms.cst, item.icms.st_retido.base, item.icms.st_retido.valor) == ("60", D("50.00"), D("3.80"))
    icms = xml(nota).find("n:det/n:imposto/n:ICMS/n:ICMS60", NS)
    assert [etree.QName(e).localname for e in icms] == ["orig", "CST", "vBCSTRet", "pST", "vICMSSTRet"]
    assert (txt(icms, "n:vBCSTRet"), txt(icms, "n:pST"), txt(icms, "n:vICMSSTRet")) == ("50.00", "18.00", "3.80")


def test_st_retida_csosn_500_no_simples():
    nota = f.nota(itens=um_item("10.00", "2", cest=CEST, tributacao=f.st(**RETIDA)), emit=f.emitente(crt=1))
    icms = xml(nota).find("n:det/n:imposto/n:ICMS/n:ICMSSN500", NS)
    assert (txt(icms, "n:CSOSN"), txt(icms, "n:vBCSTRet"), txt(icms, "n:vICMSSTRet")) == ("500", "25.00", "1.90")


def test_st_retida_sem_dados_da_compra_nao_informa_os_campos():
    icms = xml(f.nota(itens=um_item(cest=CEST, tributacao=f.st()), emit=f.emitente(crt=1))).find(
        "n:det/n:imposto/n:ICMS/n:ICMSSN500", NS)
    assert icms.find("n:vBCSTRet", NS) is None


# --- ST calculada pelo emitente (CST 10 / CSOSN 201, 202) --------------------------------------------------

def test_st_calculada_cst_10_pelo_mva_com_reducao_e_fcp_st_soma_no_vnf():
    trib = Tributacao(cst_icms="10", mva_st=D("40"), aliquota_st=D("18"), reducao_base_st=D("10"),
                      aliquota_fcp_st=D("2"))
    nota = f.nota(itens=um_item(tributacao=trib), dest=f.pessoa_juridica("SP"), emit=f.emitente(ibs_cbs_ativo=False))
    c = calcular_nota(nota)
    st = c.itens[0].icms.st
    # base = 100 × 1,40 × 0,90 = 126,00; ST = 126 × 18% − ICMS próprio 18,00 = 4,68; FCP-ST = 2,52
    assert (st.base, st.valor, st.valor_fcp) == (D("126.00"), D("4.68"), D("2.52"))
    assert (c.totais.base_st, c.totais.st, c.totais.fcp_st, c.totais.nota) == (D("126.00"), D("4.68"), D("2.52"),
                                                                                D("107.20"))
    inf = xml(nota)
    icms = inf.find("n:det/n:imposto/n:ICMS/n:ICMS10", NS)
    assert (txt(icms, "n:modBCST"), txt(icms, "n:pMVAST"), txt(icms, "n:pRedBCST")) == ("4", "40.00", "10.00")
    assert (txt(icms, "n:vBCST"), txt(icms, "n:vICMSST"), txt(icms, "n:vFCPST")) == ("126.00", "4.68", "2.52")
    assert txt(inf, "n:det/n:prod/n:CFOP") == "5403"  # contribuinte substituto
    assert (txt(inf, "n:total/n:ICMSTot/n:vST"), txt(inf, "n:total/n:ICMSTot/n:vNF")) == ("4.68", "107.20")


def test_st_calculada_sem_aliquota_no_produto_usa_a_interna_do_destino():
    trib = Tributacao(cst_icms="10", mva_st=D("50"))
    st = calc(um_item(tributacao=trib), dest=f.pessoa_juridica("MG")).itens[0].icms.st
    # interestadual SP→MG 12%: próprio 12,00; base 150,00 × 18% (interna de MG) − 12,00 = 15,00
    assert (st.aliquota, st.base, st.valor) == (D("18"), D("150.00"), D("15.00"))
    assert calc(um_item(tributacao=trib), dest=f.pessoa_juridica("MG")).itens[0].cfop == "6403"


def test_st_calculada_csosn_201_com_credito_e_202_sem():
    trib = Tributacao(csosn="201", mva_st=D("40"), aliquota_st=D("18"))
    emit = f.emitente(crt=1, aliquota_credito_sn=D("2.5"))
    nota = f.nota(itens=um_item(tributacao=trib), emit=emit, dest=f.pessoa_juridica("SP"))
    icms = xml(nota).find("n:det/n:imposto/n:ICMS/n:ICMSSN201", NS)
    # base 140,00 × 18% = 25,20 − próprio presumido 18,00 (18% de 100) = 7,20
    assert (txt(icms, "n:vBCST"), txt(icms, "n:vICMSST"), txt(icms, "n:pCredSN")) == ("140.00", "7.20", "2.50")
    nota = f.nota(itens=um_item(tributacao=replace(trib, csosn="202")), emit=emit, dest=f.pessoa_juridica("SP"))
    icms = xml(nota).find("n:det/n:imposto/n:ICMS/n:ICMSSN202", NS)
    assert txt(icms, "n:vICMSST") == "7.20" and icms.find("n:pCredSN", NS) is None


# --- FCP, cBenef, nFCI, CEST -------------------------------------------------------------------------

def test_fcp_interno_do_produto_na_venda_interna():
    nota = f.nota(itens=um_item(tributacao=Tributacao(aliquota_fcp=D("2"))), emit=f.emitente(ibs_cbs_ativo=False))
    icms = xml(nota).find("n:det/n:imposto/n:ICMS/n:ICMS00", NS)
    assert (txt(icms, "n:pFCP"), txt(icms, "n:vFCP")) == ("2.00", "2.00")


def test_fcp_do_destino_do_produto_sobrepoe_o_da_uf_no_difal():
    d = calc(um_item(tributacao=Tributacao(aliquota_fcp_destino=D("4"))), dest=f.pessoa_fisica("RJ")).itens[0].difal
    assert (d.aliquota_fcp, d.valor_fcp) == (D("4"), D("4.00"))


def test_cbenef_cest_e_nfci_no_produto():
    fci = "B01F70AF-10BF-4B1F-848C-65FF57F616FE"
    itens = um_item(cest="0300700", origem=5, fci=fci, tributacao=Tributacao(beneficio_fiscal="SP123456"))
    prod = xml(f.nota(itens=itens)).find("n:det/n:prod", NS)
    assert (txt(prod, "n:CEST"), txt(prod, "n:cBenef"), txt(prod, "n:nFCI")) == ("0300700", "SP123456", fci)


def test_nfci_so_nas_origens_3_5_e_8():
    prod = xml(f.nota(itens=um_item(origem=0, fci="B01F70AF-10BF-4B1F-848C-65FF57F616FE"))).find("n:det/n:prod", NS)
    assert prod.find("n:nFCI", NS) is None


# --- DIFAL: tabela das 27 UFs, base dupla, FCP do destino, partilha 100% -------------------------------

def test_tabela_de_aliquotas_tem_as_27_ufs_com_vigencia_e_fonte():
    internas = TABELA_ICMS_PADRAO.internas
    assert set(internas) == tabelas.UFS and len(internas) == 27
    for uf, linha in internas.items():
        assert linha.vigencia is not None and linha.vigencia <= date(2026, 1, 1), uf
        assert linha.fonte, uf
        assert D("17") <= linha.interna <= D("23"), uf
        assert ("base dupla" in linha.fonte) == linha.difal_base_dupla, uf


@pytest.mark.parametrize("uf", sorted(tabelas.UFS - {"SP"}))
def test_difal_de_sp_para_nao_contribuinte_em_cada_uf(uf):
    dest = replace(f.pessoa_fisica("SP"), endereco=endereco_em(uf))
    c = calc(dest=dest, emit=f.emitente(ibs_cbs_ativo=False))
    item, linha = c.itens[0], TABELA_ICMS_PADRAO.interna(uf)
    inter = TABELA_ICMS_PADRAO.interestadual("SP", uf, 0)
    d = item.difal
    assert (c.id_destino, item.cfop, item.icms.aliquota) == (2, "6108", inter)
    assert (d.aliquota_interna, d.aliquota_interestadual, d.percentual_partilha) == (linha.interna, inter, D("100"))
    if linha.difal_base_dupla:
        base = ((D("100") - inter) / (1 - linha.interna / 100)).quantize(D("0.01"))
        assert (d.base, d.valor_destino) == (base, (base * linha.interna / 100 - inter).quantize(D("0.01")))
    else:
        assert (d.base, d.valor_destino) == (D("100.00"), (linha.interna - inter).quantize(D("0.01")))
    assert d.valor_fcp == (d.base * linha.fcp / 100).quantize(D("0.01"))
    assert d.valor_remetente == D("0.00")


def test_difal_base_dupla_lista_das_ufs():
    assert tabelas.UFS_BASE_DUPLA == {"AL", "BA", "GO", "MA", "MG", "PA", "PB", "PE", "PI", "PR", "RS", "SC",
                                      "SE", "TO"}


@pytest.mark.parametrize("uf", ["AL", "MG", "RJ"])
def test_difal_passa_no_xsd_com_fcp_do_destino(uf):
    inf = xml(f.nota(dest=f.pessoa_fisica(uf), emit=f.emitente(ibs_cbs_ativo=False)))
    grupo = inf.find("n:det/n:imposto/n:ICMSUFDest", NS)
    assert txt(grupo, "n:pICMSInterPart") == "100.00"
    assert txt(inf, "n:total/n:ICMSTot/n:vICMSUFDest") == str(sum(
        D(g.findtext("n:vICMSUFDest", namespaces=NS)) for g in inf.iterfind("n:det/n:imposto/n:ICMSUFDest", NS)))


# --- IBS/CBS (NT 2025.002) -----------------------------------------------------------------------------

def test_ibs_cbs_automatico_no_regime_normal_a_partir_de_01_01_2026():
    antes = calc(data_emissao=datetime(2025, 12, 31, 23, 0, tzinfo=f.BRASILIA))
    depois = calc(data_emissao=datetime(2026, 1, 1, 8, 0, tzinfo=f.BRASILIA))
    assert antes.itens[0].ibs_cbs is None and antes.totais.base_ibs_cbs is None
    assert depois.itens[0].ibs_cbs is not None and depois.totais.cbs == depois.itens[0].ibs_cbs.valor_cbs


@pytest.mark.parametrize("crt", [1, 4])
def test_ibs_cbs_nunca_no_simples_nem_no_mei_mesmo_ligado(crt):
    assert calc(emit=f.emitente(crt=crt, ibs_cbs_ativo=True)).itens[0].ibs_cbs is None


def test_ibs_cbs_cst_e_cclasstrib_do_produto_sobre_o_padrao_da_empresa():
    emit = f.emitente(cst_ibs_cbs="200", classificacao_tributaria="200003")
    itens = [f.item("A"), f.item("B", tributacao=Tributacao(cst_ibs_cbs="000", classificacao_tributaria="000001"))]
    a, b = calc(itens, emit=emit).itens
    assert (a.ibs_cbs.cst, a.ibs_cbs.classificacao) == ("200", "200003")
    assert (b.ibs_cbs.cst, b.ibs_cbs.classificacao) == ("000", "000001")


def test_ibs_cbs_aliquotas_pela_tabela_na_data_da_nota():
    assert tabelas.aliquotas_ibs_cbs(date(2026, 6, 1)).cbs == D("0.90")
    assert tabelas.aliquotas_ibs_cbs(date(2027, 6, 1)).ibs_mun == D("0.05")
    with pytest.raises(DadosIncompletos, match="alíquotas de CBS"):
        calc(data_emissao=datetime(2027, 2, 1, 10, 0, tzinfo=f.BRASILIA))
    c = calc(data_emissao=datetime(2027, 2, 1, 10, 0, tzinfo=f.BRASILIA), emit=f.emitente(aliquota_cbs=D("8.7")))
    t = c.itens[0].ibs_cbs
    assert (t.aliquota_cbs, t.aliquota_ibs_uf, t.aliquota_ibs_mun) == (D("8.7"), D("0.05"), D("0.05"))


def test_ibs_cbs_grupo_e_totais_passam_no_xsd_com_st_e_difal():
    itens = [f.item("A", tributacao=Tributacao(cst_icms="10", mva_st=D("30"))), f.item("B")]
    inf = xml(f.nota(itens=itens, dest=f.pessoa_juridica("MG")))
    tot = inf.find("n:total/n:IBSCBSTot", NS)
    dets = inf.findall("n:det", NS)
    assert D(txt(tot, "n:vBCIBSCBS")) == sum(D(txt(d, "n:imposto/n:IBSCBS/n:gIBSCBS/n:vBC")) for d in dets)
    assert D(txt(tot, "n:gCBS/n:vCBS")) == sum(D(txt(d, "n:imposto/n:IBSCBS/n:gIBSCBS/n:gCBS/n:vCBS")) for d in dets)


# --- Simples Nacional: textos do infCpl ----------------------------------------------------------------

def test_simples_nacional_texto_obrigatorio_no_infcpl():
    inf = xml(f.nota(emit=f.emitente(crt=1), informacoes_complementares="Pedido 1001."))
    cpl = txt(inf, "n:infAdic/n:infCpl")
    assert cpl.startswith("Pedido 1001. DOCUMENTO EMITIDO POR ME OU EPP OPTANTE PELO SIMPLES NACIONAL.")
    assert "NAO GERA DIREITO A CREDITO FISCAL DE IPI" in cpl
    assert "SIMPLES NACIONAL" not in (txt(xml(f.nota()), "n:infAdic/n:infCpl") or "")


def test_simples_nacional_csosn_101_credito_e_texto():
    emit = f.emitente(crt=1, aliquota_credito_sn=D("1.86"))
    nota = f.nota(itens=um_item("250.00"), emit=emit, dest=f.pessoa_juridica("SP"))
    inf = xml(nota)
    icms = inf.find("n:det/n:imposto/n:ICMS/n:ICMSSN101", NS)
    assert (txt(icms, "n:pCredSN"), txt(icms, "n:vCredICMSSN")) == ("1.86", "4.65")
    assert ("PERMITE O APROVEITAMENTO DO CREDITO DE ICMS NO VALOR DE R$ 4,65; CORRESPONDENTE A ALIQUOTA DE "
            "1,86%") in txt(inf, "n:infAdic/n:infCpl")


def test_textos_legais_nunca_sao_cortados_pelo_limite_do_infcpl():
    inf = xml(f.nota(emit=f.emitente(crt=1), informacoes_complementares="x" * 6000))
    cpl = txt(inf, "n:infAdic/n:infCpl")
    assert len(cpl) <= 5000 and cpl.endswith("NAO GERA DIREITO A CREDITO FISCAL DE IPI.")


# --- vTotTrib (Lei 12.741/2012) ------------------------------------------------------------------------

def test_vtottrib_pela_carga_do_ibpt_no_item_no_total_e_no_infcpl():
    carga = CargaTributaria(D("13.45"), D("18.00"), D("0"), "IBPT 25.2.A")
    itens = [f.item("A", carga_tributaria=carga), f.item("B")]
    inf = xml(f.nota(itens=itens, emit=f.emitente(ibs_cbs_ativo=False)))
    a, b = inf.findall("n:det", NS)
    assert txt(a, "n:imposto/n:vTotTrib") == "10.00"  # 31,80 × 31,45%
    assert b.find("n:imposto/n:vTotTrib", NS) is None
    assert txt(inf, "n:total/n:ICMSTot/n:vTotTrib") == "10.00"
    assert "Valor aproximado dos tributos: R$ 10,00 (Lei 12.741/2012). Fonte: IBPT 25.2.A." in txt(
        inf, "n:infAdic/n:infCpl")


def test_vtottrib_sem_tabela_fica_de_fora():
    inf = xml(f.nota())
    assert inf.find("n:total/n:ICMSTot/n:vTotTrib", NS) is None and inf.find(".//n:vTotTrib", NS) is None


def test_cbenef_e_nfci_invalidos_sao_pendencias_do_produto():
    from erp.nfe.fiscal import validar_dados

    itens = um_item(origem=3, fci="123", tributacao=Tributacao(beneficio_fiscal="ABC"))
    campos = {p.campo for p in validar_dados(f.nota(itens=itens))}
    assert {"beneficio_fiscal", "fci"} <= campos
