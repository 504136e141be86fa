"""Situações da notificação da Tray: a tabela de transições."""
import pytest

from erp.pedidos.models import TRANSICOES_EVENTO, SituacaoEvento, pode_mudar_evento

S = SituacaoEvento


def test_valores_sao_os_gravados_no_banco():
    assert [s.value for s in S] == ["pendente", "processando", "processado", "falhou", "ignorado", "duplicado"]
    assert set(TRANSICOES_EVENTO) == set(S)


@pytest.mark.parametrize("de, para", [
    (S.PENDENTE, S.PROCESSANDO),
    (S.PROCESSANDO, S.PROCESSADO),
    (S.PROCESSANDO, S.FALHOU),
    (S.PROCESSANDO, S.PENDENTE),  # a Tray fora do ar: de volta à fila
    (S.PROCESSANDO, S.DUPLICADO),  # ... onde outra do mesmo pedido já espera
    (S.PENDENTE, S.DUPLICADO),  # coberta pela leitura de outra do mesmo pedido, que começou depois de ela chegar
])
def test_transicoes_permitidas(de, para):
    assert pode_mudar_evento(de, para)


@pytest.mark.parametrize("de", [S.PROCESSADO, S.FALHOU, S.IGNORADO, S.DUPLICADO])
def test_finais_nao_mudam(de):
    assert not any(pode_mudar_evento(de, para) for para in S)


def test_pendente_so_vai_a_processando_ou_duplicada():
    assert [para for para in S if pode_mudar_evento(S.PENDENTE, para)] == [S.PROCESSANDO, S.DUPLICADO]
    with pytest.raises(ValueError):
        pode_mudar_evento("pendente", "sumido")
