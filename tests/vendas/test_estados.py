"""Situações da venda: a tabela de transições e a única porta para mudar."""
import pytest

from erp.vendas.estados import (SITUACOES_VENDA, TRANSICOES_VENDA, SituacaoVenda, TransicaoDeVendaInvalida,
                                mudar_situacao, pode_mudar, pode_mudar_venda)
from erp.vendas.models import Venda

S = SituacaoVenda


def test_valores_sao_os_gravados_no_banco():
    assert [s.value for s in S] == ["pronto_para_faturar", "faturado", "cancelado"]
    assert set(SITUACOES_VENDA) == set(TRANSICOES_VENDA) == set(S)


@pytest.mark.parametrize("de, para, pode", [
    (S.PRONTO_PARA_FATURAR, S.FATURADO, True),
    (S.PRONTO_PARA_FATURAR, S.CANCELADO, True),
    (S.FATURADO, S.CANCELADO, True),
    (S.FATURADO, S.PRONTO_PARA_FATURAR, False),
    (S.FATURADO, S.FATURADO, False),
    (S.CANCELADO, S.PRONTO_PARA_FATURAR, False),
    (S.CANCELADO, S.FATURADO, False),
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
