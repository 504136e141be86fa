"""As situações do envio à Tray: a tabela de transições e quem a usa."""
import pytest

from erp.retorno_tray import envio as motor
from erp.retorno_tray import services
from erp.retorno_tray.models import (
    SITUACOES_A_PROCESSAR,
    SITUACOES_ENVIO,
    TRANSICOES_ENVIO,
    EnvioTray,
    SituacaoEnvio,
    origens,
    pode_mudar_envio,
)

P, E, N, C, F = (SituacaoEnvio.PENDENTE, SituacaoEnvio.ENVIANDO, SituacaoEnvio.NOTA_ENVIADA,
                 SituacaoEnvio.CONCLUIDO, SituacaoEnvio.FALHOU)


def test_tabela_de_transicoes():
    assert set(TRANSICOES_ENVIO) == set(SituacaoEnvio) == set(SITUACOES_ENVIO)
    permitidas = {(de, para) for de in SituacaoEnvio for para in SituacaoEnvio
                  if de != para and pode_mudar_envio(de, para)}
    assert permitidas == {(P, E), (N, E), (E, C), (E, F), (E, P), (E, N), (F, P), (F, N)}
    assert not pode_mudar_envio("concluido", "concluido")  # concluído é final
    assert pode_mudar_envio("pendente", "pendente")
    with pytest.raises(ValueError):
        pode_mudar_envio("pendente", "desconhecida")


def test_quem_pode_ser_reservado_e_tentado_de_novo_vem_da_tabela():
    assert SITUACOES_A_PROCESSAR == ("pendente", "nota_enviada") == origens(E)
    for de in services.TENTAVEIS:  # "tentar de novo" leva a pendente ou nota_enviada
        assert pode_mudar_envio(de, P) or pode_mudar_envio(de, N)
    assert "enviando" not in services.TENTAVEIS and "concluido" not in services.TENTAVEIS


def test_mudar_situacao_confere_a_tabela():
    envio = EnvioTray(id=1, situacao="concluido")
    with pytest.raises(motor.TransicaoInvalida):
        motor.mudar_situacao(envio, SituacaoEnvio.PENDENTE)
    envio.situacao = "enviando"
    motor.mudar_situacao(envio, SituacaoEnvio.CONCLUIDO)
    assert envio.situacao == "concluido"
