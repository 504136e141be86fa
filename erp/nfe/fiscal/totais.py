"""Totais da nota (ICMSTot e IBSCBSTot) a partir dos itens, e o grupo de pagamento (detPag, vTroco)."""
from decimal import Decimal

from erp.nfe.fiscal import tabelas
from erp.nfe.fiscal.erros import DadosIncompletos, Pendencia
from erp.nfe.fiscal.formato import ZERO
from erp.nfe.fiscal.resultado import DetalhePagamento, Totais


def calcular_totais(itens, reforma_tributaria: bool = False) -> Totais:
    """Somas dos itens e vNF pela fórmula do leiaute (rejeição 610 quando não bate):

    vNF = vProd − vDesc − vICMSDeson + vST + vFCPST + vFrete + vSeg + vOutro + vII + vIPI + vIPIDevol.
    Sem desoneração, ST ou importação, os termos correspondentes são zero. IBS e CBS não somam no vNF
    em 2026 (ano de teste). vTotTrib só quando algum item tem a carga do IBPT.
    """
    base_icms = icms = fcp = produtos = frete = seguro = desconto = ipi = pis = cofins = outras = ZERO
    difal_fcp = difal_destino = difal_remetente = ZERO
    base_ibs_cbs = ibs_uf = ibs_mun = cbs = ZERO
    base_st = st = fcp_st = tributos = ZERO
    tem_difal = tem_tributos = False
    for i in itens:
        base_icms += i.icms.base
        icms += i.icms.valor
        fcp += i.icms.valor_fcp
        produtos += i.valor_produto
        frete += i.frete
        seguro += i.seguro
        desconto += i.desconto
        outras += i.outras
        pis += i.pis.valor
        cofins += i.cofins.valor
        if i.ipi is not None:
            ipi += i.ipi.valor
        if i.icms.st is not None:
            base_st += i.icms.st.base
            st += i.icms.st.valor
            fcp_st += i.icms.st.valor_fcp
        if i.valor_tributos is not None:
            tem_tributos = True
            tributos += i.valor_tributos
        if i.difal is not None:
            tem_difal = True
            difal_fcp += i.difal.valor_fcp
            difal_destino += i.difal.valor_destino
            difal_remetente += i.difal.valor_remetente
        if i.ibs_cbs is not None:
            base_ibs_cbs += i.ibs_cbs.base
            ibs_uf += i.ibs_cbs.valor_ibs_uf
            ibs_mun += i.ibs_cbs.valor_ibs_mun
            cbs += i.ibs_cbs.valor_cbs
    nota = produtos - desconto + st + fcp_st + frete + seguro + outras + ipi
    return Totais(
        base_icms=base_icms, icms=icms, icms_desonerado=ZERO, fcp=fcp, base_st=base_st, st=st,
        fcp_st=fcp_st, fcp_st_retido=ZERO, produtos=produtos, frete=frete, seguro=seguro,
        desconto=desconto, ii=ZERO, ipi=ipi, ipi_devolvido=ZERO, pis=pis, cofins=cofins,
        outras=outras, nota=nota,
        difal_fcp=difal_fcp if tem_difal else None,
        difal_destino=difal_destino if tem_difal else None,
        difal_remetente=difal_remetente if tem_difal else None,
        base_ibs_cbs=base_ibs_cbs if reforma_tributaria else None,
        ibs_uf=ibs_uf if reforma_tributaria else None,
        ibs_mun=ibs_mun if reforma_tributaria else None,
        cbs=cbs if reforma_tributaria else None,
        tributos=tributos if tem_tributos else None,
    )


def reais(v: Decimal) -> str:
    """R$ 1.234,56"""
    return "R$ " + f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def calcular_pagamentos(pagamentos, total_nota: Decimal):
    """(detalhes, vTroco). Sem pagamentos: um detPag "90 - Sem pagamento" de valor zero.

    A soma dos pagamentos tem de cobrir o total da nota; o que passar dele só é aceito como troco
    quando há pagamento em dinheiro.
    """
    if not pagamentos:
        return (DetalhePagamento(None, tabelas.SEM_PAGAMENTO, ZERO),), None
    detalhes = tuple(
        DetalhePagamento(p, p.forma, p.valor, p.descricao or ("Outros" if p.forma == "99" else ""))
        for p in pagamentos
    )
    if any(p.forma == tabelas.SEM_PAGAMENTO for p in pagamentos):
        return detalhes, None
    soma = sum((p.valor for p in pagamentos), ZERO)
    if soma < total_nota:
        raise DadosIncompletos([Pendencia(
            "pagamentos", f"A soma dos pagamentos ({reais(soma)}) é menor que o total da nota "
                          f"({reais(total_nota)}).")])
    if soma == total_nota:
        return detalhes, None
    if not any(p.forma == tabelas.PAGAMENTO_DINHEIRO for p in pagamentos):
        raise DadosIncompletos([Pendencia(
            "pagamentos", f"A soma dos pagamentos ({reais(soma)}) passa do total da nota "
                          f"({reais(total_nota)}) sem pagamento em dinheiro para dar troco.")])
    return detalhes, soma - total_nota
