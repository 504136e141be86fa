"""Situações da venda e as mudanças permitidas entre elas (uma tabela, uma porta)."""
import enum


class SituacaoVenda(enum.StrEnum):
    PRONTO_PARA_FATURAR = "pronto_para_faturar"
    FATURADO = "faturado"
    CANCELADO = "cancelado"


SITUACOES_VENDA = {
    SituacaoVenda.PRONTO_PARA_FATURAR: "Pronto para faturar",
    SituacaoVenda.FATURADO: "Faturado",
    SituacaoVenda.CANCELADO: "Cancelado",
}

# Para onde cada situação pode ir. Faturada, a venda só se cancela (com a nota); cancelada é final.
TRANSICOES_VENDA = {
    SituacaoVenda.PRONTO_PARA_FATURAR: {SituacaoVenda.FATURADO, SituacaoVenda.CANCELADO},
    SituacaoVenda.FATURADO: {SituacaoVenda.CANCELADO},
    SituacaoVenda.CANCELADO: set(),
}


class TransicaoDeVendaInvalida(Exception):
    pass


def pode_mudar_venda(de: str, para: str) -> bool:
    """A venda pode ir da situação `de` para `para`? (Situação desconhecida: não.)"""
    if de not in SITUACOES_VENDA or para not in SITUACOES_VENDA:
        return False
    return SituacaoVenda(para) in TRANSICOES_VENDA[SituacaoVenda(de)]


def pode_mudar(venda, nova: str) -> bool:
    """A venda pode passar à situação `nova`?"""
    return pode_mudar_venda(venda.situacao, nova)


def mudar_situacao(venda, nova: str) -> None:
    """A única porta para mudar a situação de uma venda; sem commit."""
    if nova not in SITUACOES_VENDA:
        raise TransicaoDeVendaInvalida(f"Situação desconhecida: {nova}.")
    if not pode_mudar_venda(venda.situacao, nova):
        atual = SITUACOES_VENDA.get(venda.situacao, venda.situacao)
        raise TransicaoDeVendaInvalida(
            f"A venda nº {venda.id} está {atual.lower()} e não pode passar a {SITUACOES_VENDA[nova].lower()}.")
    venda.situacao = SituacaoVenda(nova).value
