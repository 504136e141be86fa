"""Tributação de um item da NF-e: o padrão da empresa com o que o cadastro do produto sobrepõe.

Campos vazios do produto mantêm o padrão. Um produto sujeito a ST sem CST/CSOSN próprio deixa o motor escolher
(CST 60 / CSOSN 500), mesmo que a empresa tenha um CST padrão. Regras e fontes em docs/fiscal.md, "Impostos".
"""
from dataclasses import replace

from erp.nfe.fiscal import documento as doc


def tributacao(produto, padrao: doc.Tributacao, simples: bool) -> doc.Tributacao:
    if produto is None:
        return padrao
    mudancas = {}
    if produto.substituicao_tributaria:
        mudancas.update(substituicao_tributaria=True, cst_icms="", csosn="")
    if simples and produto.csosn:
        mudancas["csosn"] = produto.csosn
    if not simples and produto.cst_icms:
        mudancas["cst_icms"] = produto.cst_icms
    if produto.cbenef:
        mudancas["beneficio_fiscal"] = produto.cbenef
    if produto.st_mva is not None:
        mudancas["mva_st"] = produto.st_mva
    if produto.st_aliquota_interna is not None:
        mudancas["aliquota_st"] = produto.st_aliquota_interna
    if produto.st_reducao_base:
        mudancas["reducao_base_st"] = produto.st_reducao_base
    if produto.st_fcp:
        mudancas["aliquota_fcp_st"] = produto.st_fcp
    if produto.fcp_interno:
        mudancas["aliquota_fcp"] = produto.fcp_interno
    if produto.fcp_destino is not None:
        mudancas["aliquota_fcp_destino"] = produto.fcp_destino
    if produto.st_retido_base is not None and produto.st_retido_valor is not None \
            and produto.st_retido_aliquota is not None:
        mudancas.update(st_retido_base_unitaria=produto.st_retido_base,
                        st_retido_aliquota=produto.st_retido_aliquota,
                        st_retido_valor_unitario=produto.st_retido_valor)
    if produto.cst_ibs_cbs:
        mudancas["cst_ibs_cbs"] = produto.cst_ibs_cbs
    if produto.cclass_trib:
        mudancas["classificacao_tributaria"] = produto.cclass_trib
    return replace(padrao, **mudancas) if mudancas else padrao


def fci(produto) -> str:
    return (produto.nfci or "").upper() if produto is not None else ""


MODOS_IBS_CBS = {"automatico": None, "sempre": True, "nunca": False}


def ibs_cbs_ativo(empresa) -> bool | None:
    """A escolha da empresa para o motor: None = automático. Quem ligou a antiga chave continua ligado."""
    modo = MODOS_IBS_CBS.get(empresa.ibs_cbs_modo or "automatico")
    if modo is None and empresa.ibs_cbs_ativo:
        return True
    return modo

