"""Totais (ICMSTot, IBSCBSTot, vNF) e pagamentos (detPag, card, vTroco)."""
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from erp.nfe.fiscal.documento import Cartao, Pagamento, Tributacao
from erp.nfe.fiscal.erros import DadosIncompletos
from erp.nfe.fiscal.motor import calcular_nota
from erp.nfe.fiscal.totais import calcular_pagamentos
from tests.nfe import fabrica as f

DOIS_ITENS = [f.item(quantidade=D("2"), valor_unitario=D("15.90")),
              f.item("CAF-500", quantidade=D("1"), valor_unitario=D("32.50"), gtin="")]


def test_totais_com_frete_seguro_outras_despesas_e_descontos():
    itens = [DOIS_ITENS[0], f.item("CAF-500", quantidade=D("1"), valor_unitario=D("32.50"), desconto=D("2.50"))]
    c = calcular_nota(f.nota(itens=itens, pagamentos=(), frete=D("10.00"), seguro=D("1.50"),
                             outras_despesas=D("3.33"), desconto=D("6.43")))
    t = c.totais
    assert t.produtos == D("64.30")
    assert (t.frete, t.seguro, t.outras) == (D("10.00"), D("1.50"), D("3.33"))
    assert t.desconto == D("8.93")  # 6,43 rateados + 2,50 do item
    assert t.nota == D("64.30") - D("8.93") + D("10.00") + D("1.50") + D("3.33")
    assert t.frete == sum(i.frete for i in c.itens)
    assert t.desconto == sum(i.desconto for i in c.itens)
    assert [i.frete for i in c.itens] == [D("4.95"), D("5.05")]  # 31,80 e 32,50 de 64,30; sobra no último


def test_icms_pis_cofins_e_ipi_somados_dos_itens():
    itens = [f.item(quantidade=D("1"), valor_unitario=D("100.00"), tributacao=Tributacao(cst_ipi="50", aliquota_ipi=D("5"))),
             f.item("B", quantidade=D("3"), valor_unitario=D("10.00"))]
    c = calcular_nota(f.nota(itens=itens, pagamentos=()))
    t = c.totais
    assert t.ipi == D("5.00")
    assert t.base_icms == D("105.00") + D("30.00")  # IPI na base (consumidor final)
    assert t.icms == D("18.90") + D("5.40")
    assert t.pis == sum(i.pis.valor for i in c.itens)
    assert t.cofins == sum(i.cofins.valor for i in c.itens)
    assert t.nota == D("135.00")  # vProd 130 + IPI 5: PIS/COFINS/ICMS não somam no vNF


def test_totais_difal_so_quando_ha_difal():
    assert calcular_nota(f.nota(pagamentos=())).totais.difal_destino is None
    t = calcular_nota(f.nota(pagamentos=(), dest=f.pessoa_fisica("RJ"))).totais
    assert (t.difal_destino, t.difal_fcp, t.difal_remetente) == (D("5.14"), D("1.29"), D("0.00"))


def test_totais_ibs_cbs_com_a_reforma_e_fora_do_vnf():
    c = calcular_nota(f.nota(pagamentos=(), emit=f.emitente(ibs_cbs_ativo=True)))
    t = c.totais
    assert t.cbs == sum(i.ibs_cbs.valor_cbs for i in c.itens)
    assert t.ibs == sum(i.ibs_cbs.valor_ibs for i in c.itens)
    assert t.base_ibs_cbs == sum(i.ibs_cbs.base for i in c.itens)
    assert t.nota == t.produtos


valores = st.integers(min_value=1, max_value=500_000).map(lambda c: D(c) / 100)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=1, max_value=5), valores), min_size=1, max_size=8),
       valores, valores, valores)
def test_vnf_pela_formula_do_leiaute(itens, frete, seguro, outras):
    produtos = [f.item(f"P{n}", quantidade=D(q), valor_unitario=v) for n, (q, v) in enumerate(itens)]
    bruto = sum(D(q) * v for q, v in itens)
    desconto = (bruto / 3).quantize(D("0.01"))
    c = calcular_nota(f.nota(itens=produtos, pagamentos=(), frete=frete, seguro=seguro, outras_despesas=outras,
                             desconto=desconto))
    t = c.totais
    assert t.nota == t.produtos - t.desconto - t.icms_desonerado + t.st + t.fcp_st + t.frete + t.seguro \
        + t.outras + t.ii + t.ipi + t.ipi_devolvido
    assert (t.produtos, t.frete, t.seguro, t.outras, t.desconto) == (bruto, frete, seguro, outras, desconto)
    assert t.base_icms == sum(i.icms.base for i in c.itens)
    assert t.icms == sum(i.icms.valor for i in c.itens)


# --- pagamentos -----------------------------------------------------------------------------------

def test_pagamento_exato_sem_troco():
    detalhes, troco = calcular_pagamentos((Pagamento("17", D("50.00")),), D("50.00"))
    assert [(d.forma, d.valor) for d in detalhes] == [("17", D("50.00"))]
    assert troco is None


def test_troco_so_com_dinheiro():
    detalhes, troco = calcular_pagamentos((Pagamento("03", D("30.00")), Pagamento("01", D("30.00"))), D("50.00"))
    assert troco == D("10.00")
    with pytest.raises(DadosIncompletos, match="passa do total"):
        calcular_pagamentos((Pagamento("17", D("60.00")),), D("50.00"))


def test_pagamento_menor_que_a_nota():
    with pytest.raises(DadosIncompletos, match=r"menor que o total da nota \(R\$ 1\.050,00\)"):
        calcular_pagamentos((Pagamento("15", D("50.00")),), D("1050.00"))


def test_sem_pagamentos_vira_sem_pagamento():
    detalhes, troco = calcular_pagamentos((), D("50.00"))
    assert [(d.forma, d.valor, d.pagamento) for d in detalhes] == [("90", D("0.00"), None)]


def test_outros_leva_descricao():
    detalhes, _ = calcular_pagamentos((Pagamento("99", D("5.00")),), D("5.00"))
    assert detalhes[0].descricao == "Outros"
    detalhes, _ = calcular_pagamentos((Pagamento("99", D("5.00"), descricao="Cupom"), ), D("5.00"))
    assert detalhes[0].descricao == "Cupom"


def test_cartao_fica_no_pagamento():
    cartao = Cartao(1, "12345678000195", "02", "ABC123")
    detalhes, _ = calcular_pagamentos((Pagamento("03", D("5.00"), cartao=cartao),), D("5.00"))
    assert detalhes[0].pagamento.cartao == cartao


def test_desconto_do_pedido_pelo_valor_liquido_dos_itens():
    """Item já 100% descontado (brinde) não recebe parte do cupom do pedido."""
    itens = [f.item(quantidade=D("1"), valor_unitario=D("40.00")),
             f.item("BRINDE", quantidade=D("1"), valor_unitario=D("10.00"), desconto=D("10.00"))]
    c = calcular_nota(f.nota(itens=itens, pagamentos=(), desconto=D("5.00")))
    assert [i.desconto for i in c.itens] == [D("5.00"), D("10.00")]
    assert c.totais.nota == D("35.00")
