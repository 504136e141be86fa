"""Notas sorteadas (hypothesis): toda nota com cadastro válido vira XML válido no XSD, com totais coerentes."""
from dataclasses import replace
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from erp.nfe.fiscal import gerar_nfe
from erp.nfe.fiscal.documento import Intermediador, Pagamento, Tributacao
from erp.nfe.fiscal.xsd import erros_schema
from erp.sandbox.verificacao import verificar_signxml
from tests.nfe import fabrica as f

NS = {"n": "http://www.portalfiscal.inf.br/nfe"}
dinheiro = st.integers(min_value=0, max_value=200_000).map(lambda c: D(c) / 100)
tributacoes = st.sampled_from([
    Tributacao(), Tributacao(substituicao_tributaria=True), Tributacao(reducao_base_icms=D("33.33")),
    Tributacao(cst_ipi="50", aliquota_ipi=D("6.5")), Tributacao(cst_ipi="53"), Tributacao(aliquota_fcp=D("2")),
    Tributacao(cst_pis="06", cst_cofins="06"), Tributacao(cst_icms="10", mva_st=D("35"), aliquota_fcp_st=D("2")),
])
itens = st.builds(
    lambda n, q, v, origem, trib, desc: f.item(
        f"P-{n}", descricao=f"Produto nº {n} & cia", quantidade=D(q) / 4, valor_unitario=v + D("0.01"),
        origem=origem, tributacao=trib, cest="1703100" if trib.substituicao_tributaria else "",
        desconto=min(desc, (D(q) / 4 * (v + D("0.01"))).quantize(D("0.01")))),
    st.integers(0, 9999), st.integers(1, 40), dinheiro, st.sampled_from([0, 1, 2, 5]), tributacoes, dinheiro,
)


@st.composite
def notas(draw):
    crt = draw(st.sampled_from([1, 3]))
    uf = draw(st.sampled_from(sorted(f.MUNICIPIOS)))
    dest = draw(st.sampled_from([f.pessoa_fisica, f.pessoa_juridica]))(uf)
    emit = f.emitente(crt=crt, ibs_cbs_ativo=draw(st.booleans()),
                      aliquota_credito_sn=draw(st.sampled_from([D("0"), D("1.86")])))
    lista = draw(st.lists(itens, min_size=1, max_size=6, unique_by=lambda i: i.codigo))
    if crt == 1:  # no Simples a ST calculada é o CSOSN 202
        lista = [replace(i, tributacao=replace(i.tributacao, cst_icms="", csosn="202"))
                 if i.tributacao.cst_icms == "10" else i for i in lista]
    nota = f.nota(itens=lista, emit=emit, dest=dest, pagamentos=(), frete=draw(dinheiro), seguro=draw(dinheiro),
                  outras_despesas=draw(dinheiro),
                  intermediador=draw(st.sampled_from([None, Intermediador(f.CNPJ_MARKETPLACE, "vendedor")])))
    bruto = sum((i.quantidade * i.valor_unitario - i.desconto for i in lista), D(0))
    desconto = (bruto * draw(st.integers(0, 100)) / 100).quantize(D("0.01"), rounding="ROUND_DOWN")
    return f.nota(itens=lista, emit=emit, dest=dest, frete=nota.frete, seguro=nota.seguro,
                  outras_despesas=nota.outras_despesas, intermediador=nota.intermediador, desconto=desconto)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notas())
def test_nota_sorteada_valida_no_xsd_com_totais_coerentes(nota):
    cert = f.certificado()
    gerada = gerar_nfe(nota, cert)
    raiz = etree.fromstring(gerada.xml)
    assert erros_schema(raiz) == []
    verificar_signxml(gerada.xml, cert.pem)
    inf = raiz.find("n:infNFe", NS)
    tot = {etree.QName(e).localname: D(e.text) for e in inf.find("n:total/n:ICMSTot", NS)}
    dets = inf.findall("n:det", NS)
    for campo in ("vProd", "vFrete", "vSeg", "vDesc", "vOutro"):
        assert tot[campo] == sum(D(d.findtext(f"n:prod/n:{campo}", "0", NS)) for d in dets)
    assert tot["vNF"] == (tot["vProd"] - tot["vDesc"] + tot["vST"] + tot["vFCPST"] + tot["vFrete"] + tot["vSeg"]
                          + tot["vOutro"] + tot["vIPI"])
    assert tot["vST"] == sum(D(d.findtext(".//n:vICMSST", "0", NS)) for d in dets)
    assert sum(D(p.findtext("n:vPag", namespaces=NS)) for p in inf.findall("n:pag/n:detPag", NS)) == tot["vNF"]
    assert nota.pagamentos == (Pagamento("17", tot["vNF"]),)
    for d in dets:  # o desconto (do item + rateio) nunca passa do valor do item
        assert D(d.findtext("n:prod/n:vDesc", "0", NS)) <= D(d.findtext("n:prod/n:vProd", namespaces=NS))
