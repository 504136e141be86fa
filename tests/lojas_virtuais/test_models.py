"""A situação da loja: uma só fonte da pausa e a tabela de transições."""
import pytest

from erp.extensions import db
from erp.lojas_virtuais import services
from erp.lojas_virtuais.models import TRANSICOES_LOJA, LojaVirtual, SituacaoLoja, pode_mudar_loja
from erp.lojas_virtuais.tray import armazenamento
from erp.lojas_virtuais.tray.client import ClienteTray

C, R, E, P = (SituacaoLoja.CONECTADA, SituacaoLoja.PRECISA_RECONECTAR, SituacaoLoja.ERRO,
              SituacaoLoja.PAUSADA)


def test_tabela_de_transicoes():
    assert set(TRANSICOES_LOJA) == set(SituacaoLoja)
    permitidas = {(de, para) for de in SituacaoLoja for para in SituacaoLoja if pode_mudar_loja(de, para)}
    mesmas = {(s, s) for s in SituacaoLoja}
    assert permitidas - mesmas == {
        (C, R), (C, E), (C, P),
        (R, C), (R, E), (R, P),
        (E, C), (E, R), (E, P),
        (P, C),
    }
    assert not pode_mudar_loja("pausada", "erro")  # só "retomar" tira a loja da pausa (para conectada)
    with pytest.raises(ValueError):
        pode_mudar_loja("conectada", "desconhecida")


def test_pausa_vem_da_situacao_e_a_coluna_antiga_acompanha(loja):
    services.pausar(loja, "balanço")
    assert loja.pausada and loja.situacao == "pausada"
    assert db.session.query(LojaVirtual).filter(LojaVirtual.pausada).count() == 1
    assert db.session.execute(db.text("SELECT pausada FROM lojas_virtuais")).scalar() in (1, True)
    services.retomar(loja)
    assert not loja.pausada
    assert db.session.query(LojaVirtual).filter(LojaVirtual.pausada).count() == 0
    assert db.session.execute(db.text("SELECT pausada FROM lojas_virtuais")).scalar() in (0, False)


def test_mudar_situacao_confere_a_tabela(loja):
    services.pausar(loja, "balanço")
    with pytest.raises(services.TransicaoInvalida):
        services.mudar_situacao(loja, SituacaoLoja.ERRO, "falha")
    assert loja.situacao == "pausada"


def test_erro_da_tray_durante_a_pausa_nao_desfaz_a_pausa(loja):
    cliente = ClienteTray(loja)  # um cliente que ainda não sabe da pausa
    services.pausar(loja, "balanço")
    cliente._marcar(SituacaoLoja.PRECISA_RECONECTAR, "token recusado")
    linha = armazenamento.ler(loja.id)
    assert linha["situacao"] == "pausada" and linha["ultimo_erro"] == "token recusado"
