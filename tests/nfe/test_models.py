"""A máquina de estados da NF-e: uma tabela (TRANSICOES), uma regra (pode_mudar_nota), uma mudança (transicionar)."""
import pytest

from erp.nfe.models import (
    SITUACOES_ATIVAS, SITUACOES_NOTA, TRANSICOES, NotaFiscal, SituacaoNota, pode_mudar_nota,
)
from erp.nfe.services import estados

S = SituacaoNota


def test_tabela_cobre_todas_as_situacoes():
    assert set(TRANSICOES) == set(SituacaoNota) == set(SITUACOES_NOTA)
    assert all(destinos <= set(SituacaoNota) for destinos in TRANSICOES.values())


def test_valores_gravados_nao_mudam():
    assert [s.value for s in SituacaoNota] == [
        "rascunho", "assinada", "em_processamento", "autorizada", "rejeitada", "denegada", "cancelada",
        "descartada", "inutilizada"]
    assert S("autorizada") is S.AUTORIZADA and S.AUTORIZADA == "autorizada"
    assert S.DESCARTADA.rotulo == "Descartada (número a inutilizar)"


def test_tabela_inteira():
    assert {de: set(para) for de, para in TRANSICOES.items()} == {
        S.RASCUNHO: {S.ASSINADA, S.DESCARTADA},
        S.ASSINADA: {S.EM_PROCESSAMENTO, S.ASSINADA, S.DESCARTADA},
        S.EM_PROCESSAMENTO: {S.AUTORIZADA, S.REJEITADA, S.DENEGADA, S.ASSINADA},
        S.AUTORIZADA: {S.CANCELADA},
        S.REJEITADA: {S.ASSINADA, S.DESCARTADA},
        S.DENEGADA: set(), S.CANCELADA: set(), S.INUTILIZADA: set(),
        S.DESCARTADA: {S.INUTILIZADA},
    }


@pytest.mark.parametrize("de,para,pode", [
    ("rascunho", "assinada", True), ("assinada", "em_processamento", True),
    ("em_processamento", "autorizada", True), ("autorizada", "cancelada", True),
    ("rejeitada", "assinada", True), ("descartada", "inutilizada", True),
    ("autorizada", "rascunho", False), ("cancelada", "autorizada", False), ("denegada", "cancelada", False),
    ("rascunho", "autorizada", False),
])
def test_transicoes(de, para, pode):
    assert pode_mudar_nota(de, para) is pode


def test_finais_nao_saem_mais():
    for final in (S.DENEGADA, S.CANCELADA, S.INUTILIZADA):
        assert not any(pode_mudar_nota(final, para) for para in SituacaoNota)


def test_situacao_desconhecida():
    with pytest.raises(ValueError):
        pode_mudar_nota("rascunho", "voando")


def test_ativas_impedem_outra_nota_da_mesma_venda():
    assert set(SITUACOES_ATIVAS) == {S.RASCUNHO, S.ASSINADA, S.EM_PROCESSAMENTO, S.AUTORIZADA, S.DENEGADA}


def test_transicionar_confere_a_tabela_e_grava_o_valor(app, monkeypatch):
    adicionados = []
    monkeypatch.setattr(estados.db.session, "add", adicionados.append)
    nota = NotaFiscal(numero=7, situacao="em_processamento")  # fora da sessão
    with pytest.raises(estados.TransicaoInvalida, match="não pode passar de “Em processamento” para “Cancelada”"):
        estados.transicionar(nota, "cancelada")
    assert nota.situacao == "em_processamento" and adicionados == []
    evento = estados.transicionar(nota, S.AUTORIZADA, mensagem="ok")
    assert nota.situacao == "autorizada" and type(nota.situacao) is str
    assert (evento.situacao_anterior, evento.situacao_nova) == ("em_processamento", "autorizada")
    assert adicionados == [evento]
