"""Motor fiscal: dos dados da nota aos tributos de cada item, uma função por tributo.

A ordem é explícita (ORDEM_DOS_TRIBUTOS) porque cada base depende das anteriores: o IPI entra na base
do ICMS de consumidor final; o ICMS sai da base do PIS/COFINS; ICMS, DIFAL, FCP, PIS e COFINS saem da
base do IBS/CBS. As regras (CFOP, CST, alíquotas) estão em tabelas.py; a tabela de ICMS por UF vem por
argumento para que o usuário possa editá-la.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from erp.nfe.fiscal import tabelas
from erp.nfe.fiscal.documento import Destinatario, Emitente, Item, DocumentoNFe
from erp.nfe.fiscal.erros import DadosIncompletos, Pendencia
from erp.nfe.fiscal.formato import CEM, ZERO, dinheiro, percentual_de
from erp.nfe.fiscal.rateio import ratear
from erp.nfe.fiscal.resultado import (
    Contribuicao, Difal, IbsCbs, Icms, IcmsSt, Ipi, ItemCalculado, NotaCalculada, StRetido,
)
from erp.nfe.fiscal.tabelas import TABELA_ICMS_PADRAO, TabelaIcms
from erp.nfe.fiscal.totais import calcular_pagamentos, calcular_totais, reais

ORDEM_DOS_TRIBUTOS = ("cfop", "valores", "ipi", "icms", "icms_st", "difal", "pis", "cofins", "ibs_cbs",
                      "tributos_aproximados")


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
    trib = item.tributacao
    if (trib.csosn if op.simples else trib.cst_icms) in tabelas.COM_ST_CALCULADA:
        return tabelas.CFOP_ST_SUBSTITUTO[op.interestadual]
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
    base_st = base + valor_ipi  # o IPI sempre integra a base da ST
    if op.simples:
        return _icms_simples(item, op, emitente, base, base_st, tabela)
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
        return Icms(grupo, item.origem, cst, st_retido=st_retido(item, cst))
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
    valor = percentual_de(base, aliquota)
    st = calcular_st(item, op, base_st, valor, tabela) if cst in tabelas.COM_ST_CALCULADA else None
    return Icms(grupo, item.origem, cst, base, aliquota, valor, reducao,
                fcp, percentual_de(base, fcp) if fcp else ZERO, st=st)


def calcular_st(item: Item, op: Operacao, base: Decimal, icms_proprio: Decimal, tabela: TabelaIcms) -> IcmsSt:
    """ICMS-ST pelo MVA (modBCST 4): base = (operação + IPI) × (1 + MVA) × (1 − redução); o imposto é a alíquota
    interna do destino sobre essa base menos o ICMS próprio (LC 87/1996 art. 8º II e §5º)."""
    trib = item.tributacao
    base = dinheiro(base * (CEM + trib.mva_st) / CEM)
    if trib.reducao_base_st:
        base = dinheiro(base * (CEM - trib.reducao_base_st) / CEM)
    aliquota = trib.aliquota_st if trib.aliquota_st is not None else tabela.interna(op.uf_destino).interna
    valor = max(percentual_de(base, aliquota) - icms_proprio, ZERO)
    fcp = trib.aliquota_fcp_st
    return IcmsSt(trib.mva_st, trib.reducao_base_st, base, aliquota, valor, fcp,
                  percentual_de(base, fcp) if fcp else ZERO)


def st_retido(item: Item, cst: str) -> StRetido | None:
    """CST 60 / CSOSN 500: a ST retida na compra, pelos valores unitários da última compra do produto."""
    trib = item.tributacao
    if cst not in tabelas.COM_ST_RETIDA or trib.st_retido_base_unitaria is None \
            or trib.st_retido_valor_unitario is None or trib.st_retido_aliquota is None:
        return None
    return StRetido(dinheiro(trib.st_retido_base_unitaria * item.quantidade), trib.st_retido_aliquota,
                    dinheiro(trib.st_retido_valor_unitario * item.quantidade))


def _icms_simples(item: Item, op: Operacao, emitente: Emitente, base: Decimal, base_st: Decimal,
                  tabela: TabelaIcms) -> Icms:
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
    credito = emitente.aliquota_credito_sn
    if csosn in tabelas.COM_ST_CALCULADA:
        # ICMS próprio presumido (alíquota interna ou interestadual) só para deduzir da ST; não é destacado.
        if op.interestadual:
            propria = tabela.interestadual(op.uf_origem, op.uf_destino, item.origem)
        else:
            propria = trib.aliquota_icms if trib.aliquota_icms is not None else tabela.interna(op.uf_origem).interna
        st = calcular_st(item, op, base_st, percentual_de(base, propria), tabela)
        if csosn == "201":
            return Icms(grupo, item.origem, csosn, aliquota_credito_sn=credito,
                        valor_credito_sn=percentual_de(base, credito), st=st)
        return Icms(grupo, item.origem, csosn, st=st)
    if csosn == "101":
        return Icms(grupo, item.origem, csosn, aliquota_credito_sn=credito,
                    valor_credito_sn=percentual_de(base, credito))
    if csosn == "900" and trib.aliquota_icms:
        return Icms(grupo, item.origem, csosn, base, trib.aliquota_icms,
                    percentual_de(base, trib.aliquota_icms))
    return Icms(grupo, item.origem, csosn, st_retido=st_retido(item, csosn))


def calcular_difal(item: Item, op: Operacao, emitente: Emitente, icms: Icms, base: Decimal,
                   tabela: TabelaIcms) -> Difal | None:
    """Venda interestadual a consumidor final não contribuinte (EC 87/2015): 100% para a UF de destino."""
    if not (op.interestadual and op.consumidor_final and op.ind_ie_dest == 9):
        return None
    if icms.cst in tabelas.CST_SEM_DIFAL or (op.simples and not emitente.difal_no_simples):
        return None
    destino = tabela.interna(op.uf_destino)
    interestadual = tabela.interestadual(op.uf_origem, op.uf_destino, item.origem)
    fcp = destino.fcp if item.tributacao.aliquota_fcp_destino is None else item.tributacao.aliquota_fcp_destino
    if destino.difal_base_dupla:
        icms_origem = percentual_de(base, interestadual)
        base = dinheiro((base - icms_origem) * CEM / (CEM - destino.interna))
        valor = dinheiro(base * destino.interna / CEM - icms_origem)
    else:
        valor = percentual_de(base, destino.interna - interestadual)
    valor = max(valor, ZERO)
    return Difal(base, destino.interna, interestadual, valor, fcp, percentual_de(base, fcp) if fcp else ZERO)


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


def ibs_cbs_ativo(emitente: Emitente, dia: date) -> bool:
    """Grupo IBSCBS: nunca no Simples (CRT 1) nem no MEI (CRT 4); a escolha da empresa quando há; senão,
    automático para o Regime Normal (CRT 3) a partir de tabelas.INICIO_IBS_CBS (docs/fiscal.md)."""
    if emitente.crt in tabelas.CRT_SEM_IBS_CBS:
        return False
    if emitente.ibs_cbs_ativo is not None:
        return emitente.ibs_cbs_ativo
    return emitente.crt == 3 and dia >= tabelas.INICIO_IBS_CBS


def aliquotas_ibs_cbs(emitente: Emitente, dia: date) -> tuple[Decimal, Decimal, Decimal]:
    """(IBS UF, IBS município, CBS): as da empresa quando informadas; senão, as da tabela na data."""
    linha = tabelas.aliquotas_ibs_cbs(dia)
    padrao = (linha.ibs_uf, linha.ibs_mun, linha.cbs) if linha else (None, None, None)
    escolhidas = tuple(p if e is None else e for e, p in zip(
        (emitente.aliquota_ibs_uf, emitente.aliquota_ibs_mun, emitente.aliquota_cbs), padrao))
    if None in escolhidas:
        raise DadosIncompletos([Pendencia(
            "aliquota_cbs", f"Não há alíquota de IBS/CBS na tabela para {dia:%d/%m/%Y}: informe as alíquotas "
                            "de CBS e IBS da empresa (NF-e → Empresa).")])
    return escolhidas


def calcular_ibs_cbs(item: Item, emitente: Emitente, base: Decimal,
                     aliquotas: tuple[Decimal, Decimal, Decimal] | None) -> IbsCbs | None:
    """Grupo IBSCBS do item; `aliquotas` (IBS UF, IBS município, CBS) None quando a nota não leva o grupo."""
    if aliquotas is None:
        return None
    uf, mun, cbs = aliquotas
    trib = item.tributacao
    return IbsCbs(
        trib.cst_ibs_cbs or emitente.cst_ibs_cbs or tabelas.CST_IBS_CBS_PADRAO,
        trib.classificacao_tributaria or emitente.classificacao_tributaria or tabelas.CLASSIFICACAO_IBS_CBS_PADRAO,
        base, uf, percentual_de(base, uf), mun, percentual_de(base, mun), cbs, percentual_de(base, cbs),
    )


def tributos_aproximados(item: Item, valor: Decimal) -> Decimal | None:
    """vTotTrib (Lei 12.741/2012, Decreto 8.264/2014): valor líquido do item × (federal + estadual + municipal)
    da tabela do IBPT; sem a carga do item, None (a tag não vai)."""
    carga = item.carga_tributaria
    if carga is None:
        return None
    return percentual_de(valor, carga.federal + carga.estadual + carga.municipal)


def calcular_item(numero: int, item: Item, op: Operacao, emitente: Emitente, frete: Decimal,
                  seguro: Decimal, desconto: Decimal, outras: Decimal, tabela: TabelaIcms,
                  valor_produto: Decimal | None = None,
                  aliquotas_reforma: tuple[Decimal, Decimal, Decimal] | None = None) -> ItemCalculado:
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
    if icms.st is not None:
        base_ibs_cbs -= icms.st.valor + icms.st.valor_fcp
    ibs_cbs = calcular_ibs_cbs(item, emitente, max(base_ibs_cbs, ZERO), aliquotas_reforma)
    return ItemCalculado(numero, item, cfop, valor_produto, frete, seguro, desconto, outras,
                         icms, pis, cofins, ipi, difal, ibs_cbs,
                         tributos_aproximados(item, valor_produto - desconto))


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
    dia = nota.data_emissao.date()
    reforma = ibs_cbs_ativo(nota.emitente, dia)
    aliquotas = aliquotas_ibs_cbs(nota.emitente, dia) if reforma else None
    itens = tuple(
        calcular_item(n, item, op, nota.emitente, fretes[n - 1], seguros[n - 1], descontos[n - 1],
                      outras[n - 1], tabela, valores[n - 1], aliquotas)
        for n, item in enumerate(nota.itens, start=1)
    )
    totais = calcular_totais(itens, reforma)
    pagamentos, troco = calcular_pagamentos(nota.pagamentos, totais.nota)
    return NotaCalculada(nota, 2 if op.interestadual else 1, int(op.consumidor_final), op.ind_ie_dest,
                         itens, totais, pagamentos, troco, textos_legais(nota.emitente, itens, totais))


def textos_legais(emitente: Emitente, itens, totais) -> tuple[str, ...]:
    """Textos que a lei manda pôr no infCpl: os do Simples Nacional (e o do crédito do CSOSN 101/201) e o
    total aproximado dos tributos (Lei 12.741/2012)."""
    textos = []
    if emitente.crt in tabelas.CRT_SIMPLES:
        textos.append(tabelas.TEXTO_SIMPLES)
        creditos = [i.icms for i in itens if i.icms.valor_credito_sn]
        if creditos:
            valor = sum((c.valor_credito_sn for c in creditos), ZERO)
            textos.append(tabelas.TEXTO_CREDITO_SN.format(valor=reais(valor),
                                                           aliquota=_percentual(creditos[0].aliquota_credito_sn)))
    if totais.tributos is not None:
        textos.append(f"Valor aproximado dos tributos: {reais(totais.tributos)} (Lei 12.741/2012). Fonte: "
                      + ", ".join(sorted({i.item.carga_tributaria.fonte for i in itens
                                          if i.item.carga_tributaria is not None})) + ".")
    return tuple(textos)


def _percentual(p: Decimal) -> str:
    return f"{p:.2f}".replace(".", ",")
