"""A tabela única dos cStat: significado, ação do produto e texto de causa / como resolver."""
import pytest

from erp.nfe.sefaz.cstat import (
    CSTAT, TABELA, Acao, acao, codigos, consome_numero, descrever, explicar, rejeita_notas_do_lote,
)


def test_todo_codigo_tem_significado_acao_e_texto():
    assert len(CSTAT) == len(TABELA), "código repetido na tabela"
    for codigo, linha in CSTAT.items():
        assert linha.codigo == codigo and 100 <= codigo <= 999
        assert linha.significado.strip(), codigo
        assert isinstance(linha.acao, Acao), codigo
        assert linha.texto.strip().endswith("."), codigo
        if linha.acao in (Acao.REJEITADA, Acao.REPETIR_DEPOIS, Acao.DENEGADA, Acao.DUPLICIDADE):
            assert len(linha.texto) > 20, codigo


def test_toda_acao_tem_algum_codigo():
    assert {linha.acao for linha in TABELA} == set(Acao)


@pytest.mark.parametrize("codigo,esperada", [
    (100, Acao.AUTORIZADA), (150, Acao.AUTORIZADA),
    (110, Acao.DENEGADA), (301, Acao.DENEGADA), (302, Acao.DENEGADA), (303, Acao.DENEGADA),
    (103, Acao.LOTE_RECEBIDO), (104, Acao.LOTE_PROCESSADO), (105, Acao.EM_PROCESSAMENTO), (106, Acao.CONSULTAR),
    (204, Acao.DUPLICIDADE), (218, Acao.DUPLICIDADE), (573, Acao.DUPLICIDADE), (256, Acao.DUPLICIDADE),
    (539, Acao.OUTRA_CHAVE), (217, Acao.NAO_CONSTA), (101, Acao.CANCELADA), (102, Acao.INUTILIZADO),
    (135, Acao.EVENTO_REGISTRADO), (136, Acao.EVENTO_REGISTRADO), (155, Acao.EVENTO_REGISTRADO),
    (656, Acao.REPETIR_DEPOIS), (108, Acao.REPETIR_DEPOIS), (109, Acao.REPETIR_DEPOIS), (999, Acao.REPETIR_DEPOIS),
    (225, Acao.REJEITADA), (12345, Acao.REJEITADA),
])
def test_acao_dos_codigos_conhecidos(codigo, esperada):
    assert acao(codigo) == esperada


def test_paralisacao_e_esperas():
    from erp.nfe.sefaz.cstat import espera, servico_parado

    assert [c for c in (100, 108, 109, 656, 999) if servico_parado(c)] == [108, 109]
    assert (espera(656), espera(999), espera(108), espera(100), espera(12345)) == (
        "consumo_indevido", "recuo", "", "", "")


def test_codigos_por_acao():
    assert set(codigos(Acao.AUTORIZADA)) == {100, 150}
    assert set(codigos(Acao.DENEGADA)) == {110, 301, 302, 303}
    assert codigos(Acao.EM_PROCESSAMENTO) == (105,)


def test_numero_consumido_nao_vai_para_a_inutilizacao():
    consumidos = {c for c in CSTAT if consome_numero(c)}
    assert consumidos == {110, 204, 205, 206, 241, 256, 301, 302, 303, 539}
    assert not consome_numero(12345)
    assert all(consome_numero(c) for c in codigos(Acao.DENEGADA))


def test_so_o_esquema_rejeita_as_notas_do_lote():
    assert {c for c in CSTAT if rejeita_notas_do_lote(c)} == {215, 225}
    assert not rejeita_notas_do_lote(108) and not rejeita_notas_do_lote(12345)


def test_descricao_para_o_usuario():
    assert "Consulte a chave existente" in descrever(539, "Duplicidade de NF-e com diferença na chave de acesso")
    assert descrever(12345, "Outro") == "SEFAZ 12345: Outro"
    assert explicar(12345) == ""
    assert descrever(656, " Consumo Indevido ").startswith("SEFAZ 656: Consumo Indevido — ")
    assert "hora" in explicar(656)
    assert "contingência" in explicar(109) and "minutos" in explicar(108) and "minutos" in explicar(999)
    assert "contador" in explicar(110) and "contador" in explicar(301) and "contador" in explicar(302)
    assert "não envie de novo" in explicar(204)


@pytest.mark.parametrize("codigo", range(280, 287))
def test_certificado_da_conexao(codigo):
    assert acao(codigo) == Acao.REJEITADA and "certificado digital" in descrever(codigo, "Certificado revogado")
