"""Motor fiscal: dos dados da nota aos tributos de cada item, uma função por tributo.

A ordem é explícita (ORDEM_DOS_TRIBUTOS) porque cada base depende das anteriores: o IPI entra na base
do ICMS de consumidor final; o ICMS sai da base do PIS/COFINS; ICMS, DIFAL, FCP, PIS e COFINS saem da
base do IBS/CBS. As regras (CFOP, CST, alíquotas) estão em tabelas.py; a tabela de ICMS por UF vem por
argumento para que o usuário possa editá-la.
"""
from dataclasses import dataclass
from decimal import Decimal

from erp.nfe.fiscal import tabelas
from erp.nfe.fiscal.documento import Destinatario, Emitente, Item, DocumentoNFe
from erp.nfe.fiscal.erros import DadosIncompletos, Pendencia
from erp.nfe.fiscal.formato import CEM, ZERO, dinheiro, percentual_de
from erp.nfe.fiscal.rateio import ratear
from erp.nfe.fiscal.resultado import (
    Contribuicao, Difal, IbsCbs, Icms, Ipi, ItemCalculado, NotaCalculada,
)
from erp.nfe.fiscal.tabelas import TABELA_ICMS_PADRAO, TabelaIcms
from erp.nfe.fiscal.totais import calcular_pagamentos, calcular_totais

ORDEM_DOS_TRIBUTOS = ("cfop", "valores", "ipi", "icms", "difal", "pis", "cofins", "ibs_cbs")


@dataclass(frozen=True, slots=True)
class Operacao:
    """O que vale para todos os itens da nota."""

    uf_origem: str
    uf_destino: str
    interestadual: bool
    ind_ie_dest: int
    contribuinte: bool
    consumidor_final: bool
    simples: bool  # CRT 1 ou 4: ICMS por CSOSN


def indicador_ie(destinatario: Destinatario) -> int:
    """indIEDest: 1 contribuinte (tem IE), 2 contribuinte isento de inscrição, 9 não contribuinte."""
    if destinatario.ind_ie_dest is not None:
        return destinatario.ind_ie_dest
    ie = destinatario.ie.strip().upper()
    if ie == "ISENTO":
        return 2
    return 1 if ie and len(destinatario.cpf_cnpj) == 14 else 9


def uf_de_destino(nota: DocumentoNFe, ind_ie: int, consumidor_final: bool) -> str:
    """A UF de destino da operação. Para consumidor final não contribuinte vale o destino físico, a UF onde a
    mercadoria é entregue (LC 87/1996, art. 11, § 7º, incluído pela LC 190/2022): ela decide idDest, CFOP e
    DIFAL. Para contribuinte, a UF do destinatário."""
    if nota.entrega is not None and consumidor_final and ind_ie == 9:
        return nota.entrega.endereco.uf
    return nota.destinatario.endereco.uf


def identificar_operacao(nota: DocumentoNFe) -> Operacao:
    uf_origem = nota.emitente.endereco.uf
    ind_ie = indicador_ie(nota.destinatario)
    final = nota.consumidor_final if nota.consumidor_final is not None else ind_ie == 9
    uf_destino = uf_de_destino(nota, ind_ie, final)
    return Operacao(
        uf_origem=uf_origem, uf_destino=uf_destino, interestadual=uf_origem != uf_destino,
        ind_ie_dest=ind_ie, contribuinte=ind_ie == 1, consumidor_final=final,
        simples=nota.emitente.crt in tabelas.CRT_SIMPLES,
    )


def substituicao_aplicavel(item: Item, op: Operacao) -> bool:
    """ST já retida vale nas vendas internas e nas interestaduais a contribuinte; a não contribuinte
    de outra UF a venda é tributada normalmente (com DIFAL)."""
    return item.tributacao.substituicao_tributaria and (not op.interestadual or op.contribuinte)


def escolher_cfop(item: Item, op: Operacao) -> str:
    if item.cfop:
        return item.cfop
    return tabelas.CFOP_VENDA[(op.interestadual, op.contribuinte, item.tributacao.substituicao_tributaria)]


def calcular_ipi(item: Item, base: Decimal) -> Ipi | None:
    trib = item.tributacao
    if not trib.cst_ipi:
        return None
    if trib.cst_ipi in tabelas.CST_IPI_NAO_TRIBUTADO:
        return Ipi(trib.cst_ipi, trib.enquadramento_ipi)
    return Ipi(trib.cst_ipi, trib.enquadramento_ipi, base, trib.aliquota_ipi,
               percentual_de(base, trib.aliquota_ipi))


def calcular_icms(item: Item, op: Operacao, emitente: Emitente, base: Decimal, valor_ipi: Decimal,
                  tabela: TabelaIcms) -> Icms:
    if op.simples:
        return _icms_simples(item, op, emitente, base)
    trib = item.tributacao
    if trib.cst_icms:
        cst = trib.cst_icms
    elif substituicao_aplicavel(item, op):
        cst = tabelas.CST_PADRAO["st"]
    elif trib.reducao_base_icms > 0:
        cst = tabelas.CST_PADRAO["reducao"]
    else:
        cst = tabelas.CST_PADRAO["normal"]
    grupo = tabelas.GRUPO_ICMS[cst]
    if cst not in tabelas.CST_TRIBUTADOS:
        return Icms(grupo, item.origem, cst)
    if op.interestadual:
        aliquota = tabela.interestadual(op.uf_origem, op.uf_destino, item.origem)
    elif trib.aliquota_icms is not None:
        aliquota = trib.aliquota_icms
    else:
        aliquota = tabela.interna(op.uf_origem).interna
    if op.consumidor_final:
        base += valor_ipi  # IPI integra a base do ICMS quando a mercadoria vai para uso ou consumo
    reducao = trib.reducao_base_icms
    if reducao:
        base = dinheiro(base * (CEM - reducao) / CEM)
    fcp = trib.aliquota_fcp if not op.interestadual else ZERO
    return Icms(grupo, item.origem, cst, base, aliquota, percentual_de(base, aliquota), reducao,
                fcp, percentual_de(base, fcp) if fcp else ZERO)


def _icms_simples(item: Item, op: Operacao, emitente: Emitente, base: Decimal) -> Icms:
    trib = item.tributacao
    if trib.csosn:
        csosn = trib.csosn
    elif emitente.crt == 4:
        csosn = "900"
    elif substituicao_aplicavel(item, op):
        csosn = tabelas.CSOSN_PADRAO["st"]
    elif emitente.aliquota_credito_sn > 0 and op.contribuinte:
        csosn = tabelas.CSOSN_PADRAO["credito"]
    else:
        csosn = tabelas.CSOSN_PADRAO["normal"]
    grupo = tabelas.GRUPO_ICMS[csosn]
    if csosn == "101":
        credito = emitente.aliquota_credito_sn
        return Icms(grupo, item.origem, csosn, aliquota_credito_sn=credito,
                    valor_credito_sn=percentual_de(base, credito))
    if csosn == "900" and trib.aliquota_icms:
        return Icms(grupo, item.origem, csosn, base, trib.aliquota_icms,
                    percentual_de(base, trib.aliquota_icms))
    return Icms(grupo, item.origem, csosn)


def calcular_difal(item: Item, op: Operacao, emitente: Emitente, icms: Icms, base: Decimal,
                   tabela: TabelaIcms) -> Difal | None:
    """Venda interestadual a consumidor final não contribuinte (EC 87/2015): 100% para a UF de destino."""
    if not (op.interestadual and op.consumidor_final and op.ind_ie_dest == 9):
        return None
    if icms.cst in tabelas.CST_SEM_DIFAL or (op.simples and not emitente.difal_no_simples):
        return None
    destino = tabela.interna(op.uf_destino)
    interestadual = tabela.interestadual(op.uf_origem, op.uf_destino, item.origem)
    if destino.difal_base_dupla:
        icms_origem = percentual_de(base, interestadual)
        base = dinheiro((base - icms_origem) * CEM / (CEM - destino.interna))
        valor = dinheiro(base * destino.interna / CEM - icms_origem)
    else:
        valor = percentual_de(base, destino.interna - interestadual)
    valor = max(valor, ZERO)
    return Difal(base, destino.interna, interestadual, valor, destino.fcp,
                 percentual_de(base, destino.fcp) if destino.fcp else ZERO)


def _regime_pis_cofins(emitente: Emitente) -> str:
    return emitente.regime_pis_cofins if emitente.crt == 3 else "simples"


def calcular_pis(item: Item, emitente: Emitente, base: Decimal) -> Contribuicao:
    cst, aliquota, _ = tabelas.PIS_COFINS[_regime_pis_cofins(emitente)]
    trib = item.tributacao
    return _contribuicao(trib.cst_pis or cst, aliquota if trib.aliquota_pis is None else trib.aliquota_pis, base)


def calcular_cofins(item: Item, emitente: Emitente, base: Decimal) -> Contribuicao:
    cst, _, aliquota = tabelas.PIS_COFINS[_regime_pis_cofins(emitente)]
    trib = item.tributacao
    return _contribuicao(trib.cst_cofins or cst,
                         aliquota if trib.aliquota_cofins is None else trib.aliquota_cofins, base)


def _contribuicao(cst: str, aliquota: Decimal, base: Decimal) -> Contribuicao:
    if cst in tabelas.CST_PIS_COFINS_NT:
        return Contribuicao(cst)
    if cst not in tabelas.CST_PIS_COFINS_ALIQ and not aliquota:
        return Contribuicao(cst)  # CST 49..99 sem alíquota: grupo Outr zerado
    return Contribuicao(cst, base, aliquota, percentual_de(base, aliquota))


def calcular_ibs_cbs(item: Item, emitente: Emitente, base: Decimal) -> IbsCbs | None:
    if not emitente.ibs_cbs_ativo:
        return None
    padrao = tabelas.IBS_CBS_2026
    uf = padrao["ibs_uf"] if emitente.aliquota_ibs_uf is None else emitente.aliquota_ibs_uf
    mun = padrao["ibs_mun"] if emitente.aliquota_ibs_mun is None else emitente.aliquota_ibs_mun
    cbs = padrao["cbs"] if emitente.aliquota_cbs is None else emitente.aliquota_cbs
    trib = item.tributacao
    return IbsCbs(
        trib.cst_ibs_cbs or tabelas.CST_IBS_CBS_PADRAO,
        trib.classificacao_tributaria or tabelas.CLASSIFICACAO_IBS_CBS_PADRAO,
        base, uf, percentual_de(base, uf), mun, percentual_de(base, mun), cbs, percentual_de(base, cbs),
    )


def calcular_item(numero: int, item: Item, op: Operacao, emitente: Emitente, frete: Decimal,
                  seguro: Decimal, desconto: Decimal, outras: Decimal, tabela: TabelaIcms,
                  valor_produto: Decimal | None = None) -> ItemCalculado:
    cfop = escolher_cfop(item, op)
    if valor_produto is None:
        valor_produto = dinheiro(item.quantidade * item.valor_unitario)
    desconto = desconto + item.desconto
    if desconto > valor_produto:
        raise DadosIncompletos([Pendencia(
            "desconto", f"Produto {item.codigo}: o desconto rateado ({desconto}) passa do valor do item "
                        f"({valor_produto}).", item.codigo)])
    operacao = valor_produto - desconto + frete + seguro + outras
    ipi = calcular_ipi(item, operacao)
    valor_ipi = ipi.valor if ipi else ZERO
    icms = calcular_icms(item, op, emitente, operacao, valor_ipi, tabela)
    difal = calcular_difal(item, op, emitente, icms, operacao + valor_ipi, tabela)
    base_contribuicoes = operacao - icms.valor if emitente.exclui_icms_base_pis_cofins else operacao
    base_contribuicoes = max(base_contribuicoes, ZERO)
    pis = calcular_pis(item, emitente, base_contribuicoes)
    cofins = calcular_cofins(item, emitente, base_contribuicoes)
    base_ibs_cbs = operacao - pis.valor - cofins.valor - icms.valor - icms.valor_fcp
    if difal:
        base_ibs_cbs -= difal.valor_destino + difal.valor_fcp
    ibs_cbs = calcular_ibs_cbs(item, emitente, max(base_ibs_cbs, ZERO))
    return ItemCalculado(numero, item, cfop, valor_produto, frete, seguro, desconto, outras,
                         icms, pis, cofins, ipi, difal, ibs_cbs)


def calcular_nota(nota: DocumentoNFe, tabela: TabelaIcms = TABELA_ICMS_PADRAO) -> NotaCalculada:
    """Todos os tributos e totais da nota. Não valida cadastro: chame validar_dados antes."""
    op = identificar_operacao(nota)
    valores = [dinheiro(i.quantidade * i.valor_unitario) for i in nota.itens]
    fretes = ratear(nota.frete, valores)
    seguros = ratear(nota.seguro, valores)
    outras = ratear(nota.outras_despesas, valores)
    # o desconto do pedido vai pelo valor líquido: item já todo descontado não recebe mais desconto
    liquidos = [max(v - i.desconto, ZERO) for v, i in zip(valores, nota.itens)]
    if nota.desconto > sum(liquidos, ZERO):
        raise DadosIncompletos([Pendencia("desconto", "O desconto do pedido é maior que o valor dos produtos.")])
    descontos = ratear(nota.desconto, liquidos, limites=liquidos) if nota.desconto else [ZERO] * len(valores)
    itens = tuple(
        calcular_item(n, item, op, nota.emitente, fretes[n - 1], seguros[n - 1], descontos[n - 1],
                      outras[n - 1], tabela, valores[n - 1])
        for n, item in enumerate(nota.itens, start=1)
    )
    totais = calcular_totais(itens, nota.emitente.ibs_cbs_ativo)
    pagamentos, troco = calcular_pagamentos(nota.pagamentos, totais.nota)
    return NotaCalculada(nota, 2 if op.interestadual else 1, int(op.consumidor_final), op.ind_ie_dest,
                         itens, totais, pagamentos, troco)
