"""A tabela única dos cStat: significado, ação do produto e texto de causa / como resolver."""
import pytest

from erp.nfe.sefaz.cstat import CSTAT, Acao, acao, codigos, descrever


def test_todo_codigo_tem_significado_acao_e_texto_quando_e_rejeicao():
    for codigo, registro in CSTAT.items():
        assert registro.significado and isinstance(registro.acao, Acao), codigo
        if registro.acao in (Acao.REJEITADA, Acao.CONSULTAR, Acao.REPETIR_DEPOIS, Acao.DENEGADA):
            assert len(registro.texto) > 20, codigo


@pytest.mark.parametrize("codigo,esperada", [
    (100, Acao.AUTORIZADA), (150, Acao.AUTORIZADA), (110, Acao.DENEGADA), (301, Acao.DENEGADA),
    (302, Acao.DENEGADA), (204, Acao.CONSULTAR), (539, Acao.CONSULTAR), (656, Acao.REPETIR_DEPOIS),
    (108, Acao.REPETIR_DEPOIS), (109, Acao.REPETIR_DEPOIS), (999, Acao.REPETIR_DEPOIS), (105, Acao.EM_PROCESSAMENTO),
    (225, Acao.REJEITADA), (12345, Acao.REJEITADA),
])
def test_acao_dos_codigos_conhecidos(codigo, esperada):
    assert acao(codigo) == esperada


def test_codigos_por_acao_e_descricao():
    assert set(codigos(Acao.AUTORIZADA)) == {100, 150}
    assert "Consulte a chave existente" in descrever(539, "Duplicidade de NF-e com diferença na chave de acesso")
    assert descrever(12345, "Outro") == "SEFAZ 12345: Outro"
    assert "certificado digital" in descrever(284, "Certificado revogado")
