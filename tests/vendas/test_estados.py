"""Situações da venda: a tabela de transições e a única porta para mudar."""
import pytest

from erp.vendas.estados import (CORES_VENDA, SITUACOES_A_FATURAR, SITUACOES_VENDA, TRANSICOES_VENDA, SituacaoVenda,
                                TransicaoDeVendaInvalida, mudar_situacao, pode_faturar, pode_mudar,
                                pode_mudar_venda)
from erp.vendas.models import Venda

S = SituacaoVenda


def test_valores_sao_os_gravados_no_banco():
    assert [s.value for s in S] == ["pronto_para_faturar", "faturado", "cancelado", "nfe_cancelada", "nfe_denegada"]
    assert set(SITUACOES_VENDA) == set(TRANSICOES_VENDA) == set(CORES_VENDA) == set(S)
    assert SITUACOES_VENDA[S.NFE_CANCELADA] == "NF-e cancelada — pode emitir de novo"


@pytest.mark.parametrize("de, para, pode", [
    (S.PRONTO_PARA_FATURAR, S.FATURADO, True),
    (S.PRONTO_PARA_FATURAR, S.CANCELADO, True),
    (S.FATURADO, S.CANCELADO, True),
    (S.FATURADO, S.PRONTO_PARA_FATURAR, False),
    (S.FATURADO, S.FATURADO, False),
    (S.CANCELADO, S.PRONTO_PARA_FATURAR, False),
    (S.CANCELADO, S.FATURADO, False),
    # NF-e cancelada (evento homologado) ou denegada: a venda volta a poder ser faturada, dizendo o que houve.
    (S.FATURADO, S.NFE_CANCELADA, True),
    (S.PRONTO_PARA_FATURAR, S.NFE_CANCELADA, False),
    (S.PRONTO_PARA_FATURAR, S.NFE_DENEGADA, True),
    (S.FATURADO, S.NFE_DENEGADA, False),
    (S.NFE_CANCELADA, S.FATURADO, True),
    (S.NFE_CANCELADA, S.CANCELADO, True),
    (S.NFE_CANCELADA, S.NFE_DENEGADA, True),
    (S.NFE_CANCELADA, S.PRONTO_PARA_FATURAR, False),
    (S.NFE_DENEGADA, S.FATURADO, True),
    (S.NFE_DENEGADA, S.CANCELADO, True),
    (S.NFE_DENEGADA, S.NFE_CANCELADA, False),
    (S.CANCELADO, S.NFE_CANCELADA, False),
    ("pronto_para_faturar", "inventada", False),
    ("inventada", "faturado", False),
])
def test_tabela_de_transicoes(de, para, pode):
    assert pode_mudar_venda(de, para) is pode


def test_mudar_situacao_confere_a_tabela():
    venda = Venda(id=7, situacao="pronto_para_faturar")
    assert pode_mudar(venda, "faturado")
    mudar_situacao(venda, "faturado")
    assert venda.situacao == "faturado" and type(venda.situacao) is str
    with pytest.raises(TransicaoDeVendaInvalida, match="está faturado e não pode passar a pronto para faturar"):
        mudar_situacao(venda, S.PRONTO_PARA_FATURAR)
    with pytest.raises(TransicaoDeVendaInvalida, match="desconhecida"):
        mudar_situacao(venda, "perdida")
    mudar_situacao(venda, S.CANCELADO)
    assert venda.situacao == "cancelado" and venda.situacao_nome == "Cancelado"


def test_cancelada_a_nfe_a_venda_pode_ser_faturada_de_novo():
    venda = Venda(id=8, situacao="pronto_para_faturar")
    mudar_situacao(venda, S.FATURADO)
    assert not pode_faturar(venda)
    mudar_situacao(venda, S.NFE_CANCELADA)
    assert venda.situacao == "nfe_cancelada" and pode_faturar(venda)
    assert venda.situacao_nome == "NF-e cancelada — pode emitir de novo" and venda.situacao_cor == "text-bg-warning"
    mudar_situacao(venda, S.FATURADO)  # a nota nova autorizada
    assert venda.situacao == "faturado"
    assert set(SITUACOES_A_FATURAR) == {S.PRONTO_PARA_FATURAR, S.NFE_CANCELADA, S.NFE_DENEGADA}
