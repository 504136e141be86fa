"""Situações da venda e as mudanças permitidas entre elas."""
from erp.vendas.models import SITUACOES_VENDA, Venda

TRANSICOES = {
    "pronto_para_faturar": {"faturado", "cancelado"},
    "faturado": {"cancelado"},
    "cancelado": set(),
}


class TransicaoInvalida(Exception):
    pass


def pode_mudar(venda: Venda, nova: str) -> bool:
    return nova in TRANSICOES.get(venda.situacao, set())


def mudar_situacao(venda: Venda, nova: str) -> None:
    """Muda a situação se a transição for permitida; sem commit."""
    if nova not in SITUACOES_VENDA:
        raise TransicaoInvalida(f"Situação desconhecida: {nova}.")
    if not pode_mudar(venda, nova):
        raise TransicaoInvalida(
            f"A venda nº {venda.id} está {SITUACOES_VENDA[venda.situacao].lower()} e não pode passar a "
            f"{SITUACOES_VENDA[nova].lower()}.")
    venda.situacao = nova
