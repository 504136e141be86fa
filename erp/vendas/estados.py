"""Situações da venda e as mudanças permitidas entre elas (uma tabela, uma porta)."""
import enum


class SituacaoVenda(enum.StrEnum):
    PRONTO_PARA_FATURAR = "pronto_para_faturar"
    FATURADO = "faturado"
    CANCELADO = "cancelado"
    # A NF-e da venda foi cancelada (evento homologado) ou denegada pela SEFAZ: a venda continua de pé, sem nota
    # válida, e pode receber uma nota nova.
    NFE_CANCELADA = "nfe_cancelada"
    NFE_DENEGADA = "nfe_denegada"


SITUACOES_VENDA = {
    SituacaoVenda.PRONTO_PARA_FATURAR: "Pronto para faturar",
    SituacaoVenda.FATURADO: "Faturado",
    SituacaoVenda.CANCELADO: "Cancelado",
    SituacaoVenda.NFE_CANCELADA: "NF-e cancelada — pode emitir de novo",
    SituacaoVenda.NFE_DENEGADA: "NF-e denegada — pode emitir de novo",
}

# Para onde cada situação pode ir. A nota autorizada fatura a venda; cancelada a nota (ou denegada pela SEFAZ), a
# venda volta a poder ser faturada, numa situação que diz o que houve. Cancelada, a venda não muda mais.
TRANSICOES_VENDA = {
    SituacaoVenda.PRONTO_PARA_FATURAR: {SituacaoVenda.FATURADO, SituacaoVenda.CANCELADO, SituacaoVenda.NFE_DENEGADA},
    SituacaoVenda.FATURADO: {SituacaoVenda.CANCELADO, SituacaoVenda.NFE_CANCELADA},
    SituacaoVenda.NFE_CANCELADA: {SituacaoVenda.FATURADO, SituacaoVenda.CANCELADO, SituacaoVenda.NFE_DENEGADA},
    SituacaoVenda.NFE_DENEGADA: {SituacaoVenda.FATURADO, SituacaoVenda.CANCELADO},
    SituacaoVenda.CANCELADO: set(),
}

# Situações em que a venda não tem nota válida e pode receber uma (emissão da NF-e).
SITUACOES_A_FATURAR = (SituacaoVenda.PRONTO_PARA_FATURAR, SituacaoVenda.NFE_CANCELADA, SituacaoVenda.NFE_DENEGADA)

# Cor do selo de cada situação nas telas.
CORES_VENDA = {
    SituacaoVenda.PRONTO_PARA_FATURAR: "text-bg-primary",
    SituacaoVenda.FATURADO: "text-bg-success",
    SituacaoVenda.CANCELADO: "text-bg-danger",
    SituacaoVenda.NFE_CANCELADA: "text-bg-warning",
    SituacaoVenda.NFE_DENEGADA: "text-bg-warning",
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


def pode_faturar(venda) -> bool:
    """A venda pode receber uma NF-e agora (não tem nota válida e não foi cancelada)?"""
    return venda.situacao in SITUACOES_A_FATURAR


def mudar_situacao(venda, nova: str) -> None:
    """A única porta para mudar a situação de uma venda; sem commit."""
    if nova not in SITUACOES_VENDA:
        raise TransicaoDeVendaInvalida(f"Situação desconhecida: {nova}.")
    if not pode_mudar_venda(venda.situacao, nova):
        atual = SITUACOES_VENDA.get(venda.situacao, venda.situacao)
        raise TransicaoDeVendaInvalida(
            f"A venda nº {venda.id} está {atual.lower()} e não pode passar a {SITUACOES_VENDA[nova].lower()}.")
    venda.situacao = SituacaoVenda(nova).value
