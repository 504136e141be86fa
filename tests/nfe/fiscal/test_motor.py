"""Motor fiscal: CFOP, idDest, indFinal, indIEDest, ICMS (CST/CSOSN), DIFAL, IPI, PIS/COFINS, IBS/CBS."""
from dataclasses import replace
from decimal import Decimal as D

import pytest

from erp.nfe.fiscal import tabelas
from erp.nfe.fiscal.documento import Tributacao
from erp.nfe.fiscal.motor import calcular_nota, indicador_ie
from erp.nfe.fiscal.tabelas import (
    TABELA_ICMS_PADRAO, AliquotaInterna, TabelaIcms, tabela_de_dict, tabela_para_dict,
)
from tests.nfe import fabrica as f


def um_item(valor="100.00", **campos):
    return [f.item(quantidade=D("1"), valor_unitario=D(valor), **campos)]


def calc(itens=None, tabela=TABELA_ICMS_PADRAO, **campos):
    return calcular_nota(f.nota(itens=itens or um_item(), pagamentos=(), **campos), tabela)


# --- operação: idDest, indFinal, indIEDest, CFOP -------------------------------------------------

@pytest.mark.parametrize("dest, uf, st, cfop, id_dest", [
    (f.pessoa_fisica, "SP", False, "5102", 1),
    (f.pessoa_fisica, "SP", True, "5405", 1),
    (f.pessoa_juridica, "SP", True, "5405", 1),
    (f.pessoa_juridica, "PR", False, "6102", 2),
    (f.pessoa_juridica, "PR", True, "6404", 2),
    (f.pessoa_fisica, "BA", False, "6108", 2),
    (f.pessoa_fisica, "BA", True, "6108", 2),
])
def test_cfop_e_id_dest(dest, uf, st, cfop, id_dest):
    trib = Tributacao(substituicao_tributaria=st)
    c = calc(um_item(cest="1703100", tributacao=trib), dest=dest(uf))
    assert c.itens[0].cfop == cfop
    assert c.id_destino == id_dest


def test_cfop_informado_no_item_prevalece():
    c = calc(um_item(cfop="5101"))
    assert c.itens[0].cfop == "5101"


@pytest.mark.parametrize("dest, esperado", [
    (f.pessoa_fisica(), 9),
    (f.pessoa_juridica(), 1),
    (f.pessoa_juridica(ie="ISENTO"), 2),
    (f.pessoa_juridica(ie=""), 9),
    (f.pessoa_juridica(ind_ie_dest=9), 9),
])
def test_indicador_ie(dest, esperado):
    assert indicador_ie(dest) == esperado


def test_consumidor_final_para_nao_contribuinte_e_nao_para_contribuinte():
    assert calc(dest=f.pessoa_fisica()).consumidor_final == 1
    assert calc(dest=f.pessoa_juridica()).consumidor_final == 0
    assert calc(dest=f.pessoa_juridica(), consumidor_final=True).consumidor_final == 1


# --- ICMS no Regime Normal ------------------------------------------------------------------------

def test_cst_00_na_mesma_uf_com_aliquota_interna_da_tabela():
    icms = calc().itens[0].icms
    assert (icms.grupo, icms.cst, icms.aliquota, icms.base, icms.valor) == (
        "ICMS00", "00", D("18"), D("100.00"), D("18.00"))


def test_aliquota_do_produto_prevalece_na_operacao_interna():
    icms = calc(um_item(tributacao=Tributacao(aliquota_icms=D("12")))).itens[0].icms
    assert icms.valor == D("12.00")


@pytest.mark.parametrize("uf_emit, uf_dest, origem, aliquota", [
    ("SP", "PR", 0, D("12")),  # Sul/Sudeste entre si
    ("SP", "BA", 0, D("7")),  # Sul/Sudeste para o Nordeste
    ("SP", "DF", 0, D("7")),
    ("BA", "SP", 0, D("12")),
    ("SP", "BA", 1, D("4")),  # importado (Resolução do Senado 13/2012)
    ("SP", "PR", 8, D("4")),
])
def test_aliquota_interestadual(uf_emit, uf_dest, origem, aliquota):
    c = calc(um_item(origem=origem), emit=f.emitente(uf=uf_emit), dest=f.pessoa_juridica(uf_dest))
    assert c.itens[0].icms.aliquota == aliquota


def test_cst_20_com_reducao_de_base():
    icms = calc(um_item(tributacao=Tributacao(reducao_base_icms=D("40")))).itens[0].icms
    assert (icms.grupo, icms.cst, icms.reducao_base, icms.base, icms.valor) == (
        "ICMS20", "20", D("40"), D("60.00"), D("10.80"))


def test_cst_60_para_mercadoria_com_st():
    icms = calc(um_item(cest="1703100", tributacao=f.st())).itens[0].icms
    assert (icms.grupo, icms.cst, icms.valor) == ("ICMS60", "60", D("0.00"))


@pytest.mark.parametrize("cst", ["40", "41", "50"])
def test_cst_sem_destaque(cst):
    icms = calc(um_item(tributacao=Tributacao(cst_icms=cst))).itens[0].icms
    assert (icms.grupo, icms.cst, icms.base, icms.valor) == ("ICMS40", cst, D("0.00"), D("0.00"))


def test_fcp_interno_quando_o_produto_paga():
    icms = calc(um_item(tributacao=Tributacao(aliquota_fcp=D("2")))).itens[0].icms
    assert (icms.aliquota_fcp, icms.valor_fcp) == (D("2"), D("2.00"))


# --- ICMS no Simples Nacional ---------------------------------------------------------------------

def test_csosn_102_por_padrao():
    icms = calc(emit=f.emitente(crt=1)).itens[0].icms
    assert (icms.grupo, icms.cst, icms.valor) == ("ICMSSN102", "102", D("0.00"))


def test_csosn_101_com_credito_so_para_contribuinte():
    emit = f.emitente(crt=1, aliquota_credito_sn=D("2.56"))
    icms = calc(emit=emit, dest=f.pessoa_juridica()).itens[0].icms
    assert (icms.grupo, icms.cst, icms.aliquota_credito_sn, icms.valor_credito_sn) == (
        "ICMSSN101", "101", D("2.56"), D("2.56"))
    assert calc(emit=emit, dest=f.pessoa_fisica()).itens[0].icms.cst == "102"


def test_csosn_500_para_st_e_900_para_mei():
    assert calc(um_item(cest="1703100", tributacao=f.st()), emit=f.emitente(crt=1)).itens[0].icms.cst == "500"
    assert calc(emit=f.emitente(crt=4)).itens[0].icms.grupo == "ICMSSN900"


@pytest.mark.parametrize("csosn", ["103", "300", "400"])
def test_csosn_informado(csosn):
    icms = calc(um_item(tributacao=Tributacao(csosn=csosn)), emit=f.emitente(crt=1)).itens[0].icms
    assert (icms.grupo, icms.cst) == ("ICMSSN102", csosn)


def test_crt_2_usa_cst():
    assert calc(emit=f.emitente(crt=2)).itens[0].icms.grupo == "ICMS00"


# --- DIFAL ------------------------------------------------------------------------------------------

def test_difal_para_nao_contribuinte_de_outra_uf():
    item = calc(dest=f.pessoa_fisica("DF")).itens[0]  # DF: base única
    assert (item.icms.aliquota, item.icms.valor) == (D("7"), D("7.00"))
    d = item.difal
    assert (d.base, d.aliquota_interna, d.aliquota_interestadual) == (D("100.00"), D("20"), D("7"))
    assert (d.valor_destino, d.valor_remetente, d.percentual_partilha) == (D("13.00"), D("0.00"), D("100"))
    assert (d.aliquota_fcp, d.valor_fcp) == (D("0"), D("0.00"))


def test_difal_com_fcp_do_destino():
    d = calc(dest=f.pessoa_fisica("RJ")).itens[0].difal
    assert (d.aliquota_interestadual, d.aliquota_interna, d.valor_destino) == (D("12"), D("20"), D("8.00"))
    assert (d.aliquota_fcp, d.valor_fcp) == (D("2"), D("2.00"))


def test_sem_difal_para_contribuinte_mesma_uf_ou_st_ou_simples():
    assert calc(dest=f.pessoa_juridica("BA")).itens[0].difal is None
    assert calc(dest=f.pessoa_fisica("SP")).itens[0].difal is None
    assert calc(um_item(tributacao=Tributacao(cst_icms="41")), dest=f.pessoa_fisica("BA")).itens[0].difal is None
    assert calc(emit=f.emitente(crt=1), dest=f.pessoa_fisica("BA")).itens[0].difal is None


def test_difal_no_simples_quando_a_empresa_recolhe():
    c = calc(emit=f.emitente(crt=1, difal_no_simples=True), dest=f.pessoa_fisica("DF"))
    assert c.itens[0].difal.valor_destino == D("13.00")


def test_difal_pela_tabela_editada_com_base_dupla():
    internas = dict(TABELA_ICMS_PADRAO.internas, BA=AliquotaInterna(D("20.5"), D("2"), difal_base_dupla=True))
    tabela = replace(TABELA_ICMS_PADRAO, internas=internas)
    d = calc(dest=f.pessoa_fisica("BA"), tabela=tabela).itens[0].difal
    # base = (100 − 7,00) / (1 − 0,205) = 116,98; DIFAL = 116,98 × 20,5% − 7,00 = 16,98; FCP = 2% de 116,98
    assert (d.base, d.valor_destino, d.valor_fcp) == (D("116.98"), D("16.98"), D("2.34"))


def test_tabela_de_aliquotas_e_argumento_do_motor():
    tabela = TabelaIcms(internas={"SP": AliquotaInterna(D("25")), "BA": AliquotaInterna(D("22"))},
                        interestaduais={("SP", "BA"): D("12")})
    assert calc(tabela=tabela).itens[0].icms.valor == D("25.00")
    d = calc(dest=f.pessoa_fisica("BA"), tabela=tabela).itens[0].difal
    assert (d.aliquota_interestadual, d.valor_destino) == (D("12"), D("10.00"))


def test_tabela_vai_e_volta_de_dicionario():
    tabela = tabela_de_dict(tabela_para_dict(TABELA_ICMS_PADRAO))
    assert tabela == TABELA_ICMS_PADRAO
    assert tabela.interestadual("SP", "BA", 0) == D("7")


def test_tabela_padrao_cobre_todas_as_ufs():
    assert set(TABELA_ICMS_PADRAO.internas) == tabelas.UFS
    assert len(TABELA_ICMS_PADRAO.interestaduais) == 27 * 26


# --- IPI, PIS, COFINS -----------------------------------------------------------------------------

def test_ipi_entra_na_base_do_icms_do_consumidor_final():
    trib = Tributacao(cst_ipi="50", aliquota_ipi=D("10"))
    item = calc(um_item(tributacao=trib), dest=f.pessoa_fisica()).itens[0]
    assert (item.ipi.cst, item.ipi.base, item.ipi.valor, item.ipi.enquadramento) == ("50", D("100.00"), D("10.00"), "999")
    assert item.icms.base == D("110.00")
    contribuinte = calc(um_item(tributacao=trib), dest=f.pessoa_juridica()).itens[0]
    assert contribuinte.icms.base == D("100.00")


def test_ipi_nao_tributado():
    ipi = calc(um_item(tributacao=Tributacao(cst_ipi="53"))).itens[0].ipi
    assert (ipi.cst, ipi.tributado, ipi.valor) == ("53", False, D("0.00"))


def test_pis_cofins_cumulativo_excluindo_o_icms_da_base():
    item = calc().itens[0]  # 100,00 com ICMS 18,00
    assert (item.pis.cst, item.pis.base, item.pis.aliquota, item.pis.valor) == ("01", D("82.00"), D("0.65"), D("0.53"))
    assert (item.cofins.cst, item.cofins.aliquota, item.cofins.valor) == ("01", D("3.00"), D("2.46"))


def test_pis_cofins_nao_cumulativo_sem_excluir_icms():
    emit = f.emitente(regime_pis_cofins="nao_cumulativo", exclui_icms_base_pis_cofins=False)
    item = calc(emit=emit).itens[0]
    assert (item.pis.base, item.pis.valor, item.cofins.valor) == (D("100.00"), D("1.65"), D("7.60"))


def test_pis_cofins_do_simples_zerados_com_cst_49():
    item = calc(emit=f.emitente(crt=1)).itens[0]
    assert (item.pis.cst, item.pis.valor, item.cofins.cst, item.cofins.valor) == ("49", D("0.00"), "49", D("0.00"))


def test_pis_cofins_nao_tributado():
    item = calc(um_item(tributacao=Tributacao(cst_pis="06", cst_cofins="06"))).itens[0]
    assert (item.pis.cst, item.pis.valor, item.cofins.cst) == ("06", D("0.00"), "06")


# --- IBS/CBS ----------------------------------------------------------------------------------------

def test_ibs_cbs_desligado_pela_empresa_e_ligado_no_regime_normal_em_2026():
    assert calc(emit=f.emitente(ibs_cbs_ativo=False)).itens[0].ibs_cbs is None
    item = calc(emit=f.emitente(ibs_cbs_ativo=True)).itens[0]
    t = item.ibs_cbs
    # base = 100 − ICMS 18,00 − PIS 0,53 − COFINS 2,46 = 79,01
    assert (t.cst, t.classificacao, t.base) == ("000", "000001", D("79.01"))
    assert (t.aliquota_cbs, t.valor_cbs, t.aliquota_ibs_uf, t.valor_ibs_uf) == (D("0.90"), D("0.71"), D("0.10"), D("0.08"))
    assert (t.aliquota_ibs_mun, t.valor_ibs_mun, t.valor_ibs) == (D("0.00"), D("0.00"), D("0.08"))


def test_ibs_cbs_com_aliquotas_da_empresa():
    emit = f.emitente(crt=3, ibs_cbs_ativo=True, aliquota_cbs=D("8.8"), aliquota_ibs_uf=D("10"),
                      aliquota_ibs_mun=D("7.7"))
    t = calc(emit=emit).itens[0].ibs_cbs
    # base = 100 − ICMS 18,00 − PIS 0,53 − COFINS 2,46 = 79,01
    assert (t.base, t.valor_cbs, t.valor_ibs_uf, t.valor_ibs_mun) == (D("79.01"), D("6.95"), D("7.90"), D("6.08"))
