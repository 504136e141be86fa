"""A máquina de estados da NF-e: uma tabela, uma função."""
import pytest

from erp.nfe.models import SITUACOES_NOTA, TRANSICOES, SituacaoNota, pode_mudar_nota


def test_tabela_cobre_todas_as_situacoes():
    assert set(TRANSICOES) == set(SituacaoNota) == set(SITUACOES_NOTA)


@pytest.mark.parametrize("de,para,pode", [
    ("rascunho", "assinada", True), ("assinada", "em_processamento", True),
    ("em_processamento", "autorizada", True), ("autorizada", "cancelada", True),
    ("rejeitada", "assinada", True), ("descartada", "inutilizada", True),
    ("autorizada", "rascunho", False), ("cancelada", "autorizada", False), ("denegada", "cancelada", False),
    ("rascunho", "autorizada", False),
])
def test_transicoes(de, para, pode):
    assert pode_mudar_nota(de, para) is pode


def test_situacao_desconhecida():
    with pytest.raises(ValueError):
        pode_mudar_nota("rascunho", "voando")
