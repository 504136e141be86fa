"""Notas completas: cada cenário passa no XSD oficial e a assinatura confere no signxml e no xmlsec1."""
from decimal import Decimal as D

import pytest
from lxml import etree

from erp.nfe.fiscal import gerar_nfe
from erp.nfe.fiscal.documento import Cartao, Pagamento, Transportadora, Frete, Tributacao, Volume
from erp.nfe.fiscal.tabelas import TEXTO_HOMOLOGACAO
from erp.nfe.fiscal.xsd import erros_schema
from erp.sandbox.verificacao import verificar_signxml, verificar_xmlsec1
from tests.nfe import fabrica as f

NS = {"n": "http://www.portalfiscal.inf.br/nfe"}


def emitir(nota, cnpj_certificado=f.CNPJ_EMITENTE):
    """Gera, confere XSD + assinatura nos dois verificadores e devolve o infNFe relido dos bytes."""
    cert = f.certificado(cnpj_certificado)
    gerada = gerar_nfe(nota, cert)
    raiz = etree.fromstring(gerada.xml)
    assert erros_schema(raiz) == []
    assert verificar_signxml(gerada.xml, cert.pem).get("Id") == "NFe" + gerada.chave
    verificar_xmlsec1(gerada.xml, cert.pem)
    return raiz.find("n:infNFe", NS)


def txt(elemento, caminho):
    return elemento.findtext(caminho, namespaces=NS)


def test_pessoa_fisica_mesma_uf_regime_normal():
    inf = emitir(f.nota())
    assert (txt(inf, "n:ide/n:idDest"), txt(inf, "n:ide/n:indFinal"), txt(inf, "n:ide/n:indPres")) == ("1", "1", "2")
    assert txt(inf, "n:ide/n:indIntermed") == "0"
    assert txt(inf, "n:dest/n:CPF") == f.CPF_CLIENTE
    assert txt(inf, "n:dest/n:xNome") == TEXTO_HOMOLOGACAO
    assert txt(inf, "n:dest/n:indIEDest") == "9"
    assert txt(inf, "n:det/n:prod/n:CFOP") == "5102"
    assert txt(inf, "n:det/n:imposto/n:ICMS/n:ICMS00/n:pICMS") == "18.00"
    assert txt(inf, "n:total/n:ICMSTot/n:vNF") == "64.30"
    assert txt(inf, "n:infRespTec/n:CNPJ") == f.CNPJ_SOFTWARE


def test_pessoa_juridica_contribuinte_em_outra_uf():
    inf = emitir(f.nota(dest=f.pessoa_juridica("PR")))
    assert (txt(inf, "n:ide/n:idDest"), txt(inf, "n:ide/n:indFinal")) == ("2", "0")
    assert (txt(inf, "n:dest/n:CNPJ"), txt(inf, "n:dest/n:IE"), txt(inf, "n:dest/n:indIEDest")) == (
        f.CNPJ_CLIENTE, "123456789012", "1")
    assert txt(inf, "n:det/n:prod/n:CFOP") == "6102"
    assert txt(inf, "n:det/n:imposto/n:ICMS/n:ICMS00/n:pICMS") == "12.00"
    assert inf.find("n:det/n:imposto/n:ICMSUFDest", NS) is None


def test_nao_contribuinte_de_outra_uf_com_difal_e_fcp():
    inf = emitir(f.nota(dest=f.pessoa_fisica("RJ")))
    assert txt(inf, "n:det/n:prod/n:CFOP") == "6108"
    difal = inf.find("n:det/n:imposto/n:ICMSUFDest", NS)
    assert [etree.QName(e).localname for e in difal] == [
        "vBCUFDest", "vBCFCPUFDest", "pFCPUFDest", "pICMSUFDest", "pICMSInter", "pICMSInterPart", "vFCPUFDest",
        "vICMSUFDest", "vICMSUFRemet"]
    assert (txt(difal, "n:pICMSInter"), txt(difal, "n:pICMSInterPart"), txt(difal, "n:vICMSUFDest")) == (
        "12.00", "100.00", "2.54")
    assert txt(inf, "n:total/n:ICMSTot/n:vICMSUFDest") == "5.14"
    assert txt(inf, "n:total/n:ICMSTot/n:vFCPUFDest") == "1.29"


def test_simples_nacional_com_credito_st_e_pessoa_juridica():
    emit = f.emitente(crt=1, aliquota_credito_sn=D("1.25"))
    itens = [f.item(), f.item("REF-1", descricao="Refrigerante", ncm="22021000", cest="0300700",
                                tributacao=f.st())]
    inf = emitir(f.nota(itens=itens, emit=emit, dest=f.pessoa_juridica()))
    dets = inf.findall("n:det", NS)
    assert txt(dets[0], "n:imposto/n:ICMS/n:ICMSSN101/n:vCredICMSSN") == "0.40"
    assert txt(dets[1], "n:imposto/n:ICMS/n:ICMSSN500/n:CSOSN") == "500"
    assert txt(dets[1], "n:prod/n:CFOP") == "5405"
    assert txt(dets[1], "n:prod/n:CEST") == "0300700"
    assert txt(dets[0], "n:imposto/n:PIS/n:PISOutr/n:CST") == "49"
    assert txt(inf, "n:emit/n:CRT") == "1"


def test_pessoa_fisica_no_simples():
    inf = emitir(f.nota(emit=f.emitente(crt=1)))
    assert txt(inf, "n:det/n:imposto/n:ICMS/n:ICMSSN102/n:CSOSN") == "102"
    assert txt(inf, "n:total/n:ICMSTot/n:vICMS") == "0.00"


def test_venda_em_marketplace():
    inf = emitir(f.nota(intermediador=f.marketplace()))
    assert txt(inf, "n:ide/n:indIntermed") == "1"
    assert (txt(inf, "n:infIntermed/n:CNPJ"), txt(inf, "n:infIntermed/n:idCadIntTran")) == (
        f.CNPJ_MARKETPLACE, "loja-exemplo-oficial")


def test_presencial_nao_leva_indicador_de_intermediador():
    inf = emitir(f.nota(presenca=1))
    assert inf.find("n:ide/n:indIntermed", NS) is None


def test_descontos_frete_seguro_e_juros_como_outras_despesas():
    itens = [f.item(quantidade=D("3"), valor_unitario=D("19.99"), desconto=D("1.97")),
             f.item("CAF-500", quantidade=D("1.5"), valor_unitario=D("33.333"), gtin="")]
    nota = f.nota(itens=itens, frete=D("23.45"), seguro=D("2.00"), desconto=D("10.00"),
                  outras_despesas=D("7.89"), informacoes_complementares="Juros do parcelamento em 3x: R$ 7,89",
                  transporte=Frete(1, Transportadora("Transportes Rápidos Ltda", f.cnpj("667778880001"),
                                                          "", "Rua A, 1", "São Paulo", "SP"),
                                        (Volume(2, "Caixa", peso_liquido=D("3.2"), peso_bruto=D("3.5")),)))
    inf = emitir(nota)
    dets = inf.findall("n:det", NS)
    assert txt(dets[1], "n:prod/n:vUnCom") == "33.333"
    assert txt(dets[1], "n:prod/n:vProd") == "50.00"
    totais = {etree.QName(e).localname: e.text for e in inf.find("n:total/n:ICMSTot", NS)}
    assert (totais["vFrete"], totais["vSeg"], totais["vDesc"], totais["vOutro"]) == ("23.45", "2.00", "11.97", "7.89")
    soma = {campo: sum(D(txt(d, f"n:prod/n:{campo}") or "0") for d in dets) for campo in ("vFrete", "vDesc", "vOutro")}
    assert soma == {"vFrete": D("23.45"), "vDesc": D("11.97"), "vOutro": D("7.89")}
    assert totais["vNF"] == str(D("59.97") + D("50.00") - D("11.97") + D("23.45") + D("2.00") + D("7.89"))
    assert txt(inf, "n:transp/n:modFrete") == "1"
    assert txt(inf, "n:transp/n:vol/n:pesoB") == "3.500"


def test_caracteres_acentuados_e_especiais_do_xml():
    nome = "Açúcar & Cia <Ltda> \"Estrela\" D'Ávila — 1ª linha\nsegunda  linha 😀"
    itens = [f.item(descricao=nome), f.item("X&Y", descricao="Pão de queijo <congelado> 1kg ±")]
    nota = f.nota(itens=itens, ambiente=1, dest=f.pessoa_fisica(nome=nome),
                  informacoes_complementares="Observação: entregar após 18h & ligar antes.")
    inf = emitir(nota)
    esperado = "Açúcar & Cia <Ltda> \"Estrela\" D'Ávila - 1ª linha segunda linha"
    assert txt(inf, "n:dest/n:xNome") == esperado[:60]
    assert txt(inf, "n:det/n:prod/n:xProd") == esperado
    assert txt(inf, "n:det[2]/n:prod/n:cProd") == "X&Y"
    assert txt(inf, "n:infAdic/n:infCpl") == "Observação: entregar após 18h & ligar antes."


def test_cnpj_alfanumerico_no_emitente_e_no_destinatario():
    emit = f.emitente(cnpj=f.CNPJ_ALFANUMERICO)
    dest = f.pessoa_juridica(cpf_cnpj=f.CNPJ_ALFANUMERICO_REAL, uf="MG")
    inf = emitir(f.nota(emit=emit, dest=dest), cnpj_certificado=f.CNPJ_ALFANUMERICO)
    assert inf.get("Id")[9:23] == f.CNPJ_ALFANUMERICO
    assert txt(inf, "n:emit/n:CNPJ") == f.CNPJ_ALFANUMERICO
    assert txt(inf, "n:dest/n:CNPJ") == f.CNPJ_ALFANUMERICO_REAL


def test_nota_com_990_itens():
    itens = [f.item(f"SKU-{n:04d}", descricao=f"Produto {n}", quantidade=D(n % 3 + 1),
                    valor_unitario=(D(n) / 7 + D("0.01")).quantize(D("0.0001"))) for n in range(1, 991)]
    inf = emitir(f.nota(itens=itens, frete=D("99.99"), desconto=D("12.34")))
    dets = inf.findall("n:det", NS)
    assert len(dets) == 990
    assert dets[-1].get("nItem") == "990"
    assert sum(D(txt(d, "n:prod/n:vFrete") or "0") for d in dets) == D("99.99")
    assert sum(D(txt(d, "n:prod/n:vDesc") or "0") for d in dets) == D("12.34")


def test_reforma_tributaria_ibs_cbs():
    inf = emitir(f.nota(emit=f.emitente(ibs_cbs_ativo=True)))
    grupo = inf.find("n:det/n:imposto/n:IBSCBS", NS)
    assert (txt(grupo, "n:CST"), txt(grupo, "n:cClassTrib")) == ("000", "000001")
    assert txt(grupo, "n:gIBSCBS/n:gCBS/n:pCBS") == "0.90"
    tot = inf.find("n:total/n:IBSCBSTot", NS)
    assert txt(tot, "n:gCBS/n:vCBS") == str(sum(D(txt(d, "n:imposto/n:IBSCBS/n:gIBSCBS/n:gCBS/n:vCBS"))
                                                 for d in inf.findall("n:det", NS)))


def test_ipi_e_cst_20_com_troco_em_dinheiro_e_cartao():
    itens = [f.item(tributacao=Tributacao(cst_ipi="50", aliquota_ipi=D("10"), reducao_base_icms=D("20"))),
             f.item("B", tributacao=Tributacao(cst_ipi="53"))]
    nota = f.nota(itens=itens, pagamentos=(Pagamento("03", D("40.00"), cartao=Cartao(1, f.CNPJ_MARKETPLACE, "01", "X9")),
                                           Pagamento("01", D("50.00"))))
    inf = emitir(nota)
    assert txt(inf, "n:det/n:imposto/n:IPI/n:IPITrib/n:vIPI") == "3.18"
    assert txt(inf, "n:det[2]/n:imposto/n:IPI/n:IPINT/n:CST") == "53"
    assert txt(inf, "n:det/n:imposto/n:ICMS/n:ICMS20/n:pRedBC") == "20.00"
    assert txt(inf, "n:pag/n:detPag/n:card/n:tBand") == "01"
    assert txt(inf, "n:pag/n:vTroco") == str(D("90.00") - D(txt(inf, "n:total/n:ICMSTot/n:vNF")))


def test_producao_usa_o_nome_real_e_contingencia_svc():
    from datetime import datetime

    nota = f.nota(ambiente=1, tipo_emissao=6, data_contingencia=datetime(2026, 3, 10, 13, 0, tzinfo=f.BRASILIA),
                  justificativa_contingencia="SEFAZ autorizadora fora do ar desde as 13h")
    inf = emitir(nota)
    assert txt(inf, "n:dest/n:xNome") == "Maria José da Silva"
    assert txt(inf, "n:ide/n:tpEmis") == "6"
    assert inf.get("Id")[37] == "6"  # tpEmis faz parte da chave
    assert txt(inf, "n:ide/n:dhCont") == "2026-03-10T13:00:00-03:00"


@pytest.mark.parametrize("crt", [2, 4])
def test_crt_2_e_mei(crt):
    inf = emitir(f.nota(emit=f.emitente(crt=crt)))
    assert txt(inf, "n:emit/n:CRT") == str(crt)
