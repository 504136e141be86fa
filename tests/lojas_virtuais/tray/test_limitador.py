"""Limitador de requisições por loja: unidade e rajada contra o simulador sem nenhum 429."""
import functools
import threading
import time

import pytest

from erp.lojas_virtuais.tray import erros
from erp.lojas_virtuais.tray.client import ClienteTray
from erp.lojas_virtuais.tray.limitador import Limitador
from tests.util import em_paralelo


class RelogioFalso:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def test_janela_deslizante_conta_pela_resposta():
    relogio = RelogioFalso()
    limitador = Limitador(por_minuto=2, janela_s=60, relogio=relogio)
    a = limitador.adquirir(tempo_maximo=0)
    limitador.liberar(a)
    relogio.t += 10
    b = limitador.adquirir(tempo_maximo=0)
    with pytest.raises(TimeoutError):
        limitador.adquirir(tempo_maximo=0)  # 2 na janela
    relogio.t += 30
    limitador.liberar(b)  # b respondeu em t=1040: conta daí
    relogio.t += 21  # t=1061: a (t=1000) saiu da janela
    limitador.liberar(limitador.adquirir(tempo_maximo=0))
    with pytest.raises(TimeoutError):
        limitador.adquirir(tempo_maximo=0)
    relogio.t = 1100  # b (respondida em 1040) sai da janela
    limitador.adquirir(tempo_maximo=0)


def test_segurar_apos_429_vale_para_todos():
    relogio = RelogioFalso()
    limitador = Limitador(por_minuto=100, janela_s=60, relogio=relogio)
    limitador.segurar(5)
    with pytest.raises(TimeoutError):
        limitador.adquirir(tempo_maximo=0)
    relogio.t += 5
    limitador.adquirir(tempo_maximo=0)


def test_limitador_e_seguro_entre_threads():
    limitador = Limitador(por_minuto=5, janela_s=0.4)
    instantes = []
    trava = threading.Lock()

    def trabalhar():
        for _ in range(3):
            vaga = limitador.adquirir()
            with trava:
                instantes.append(time.monotonic())
            limitador.liberar(vaga)

    inicio = time.monotonic()
    em_paralelo([trabalhar] * 5)
    instantes.sort()
    assert len(instantes) == 15
    for i in range(5, 15):  # nunca 6 envios dentro de 0,4 s
        assert instantes[i] - instantes[i - 5] >= 0.39
    assert time.monotonic() - inicio >= 0.8


@pytest.fixture
def janela_curta_no_simulador(monkeypatch):
    """A janela do simulador é de 60 s; encurta para o teste não demorar um minuto."""
    import erp.sandbox.tray.limites as limites

    monkeypatch.setattr(limites, "JANELA_S", 1.0)
    return 1.0


def test_rajada_fica_abaixo_do_limite_sem_nenhum_429(loja, sim, janela_curta_no_simulador):
    sim.limites(por_minuto=4, zerar=True)
    sim.limpar_log()
    # Sem o limitador (limite alto no cliente e sem repetir), a mesma rajada esbarra no 429.
    rapido = ClienteTray(loja, limite_minuto=1000, janela_s=1.0, tentativas=1)
    with pytest.raises(erros.LimiteExcedido):
        for _ in range(6):
            rapido.get("/orders/statuses")
    time.sleep(1.05)
    sim.limites(zerar=True)
    sim.limpar_log()

    resultados, falhas = [], []

    # Três clientes da mesma loja, cada um na sua thread: o limitador da loja é um só no processo.
    clientes = [ClienteTray(loja, limite_minuto=4, janela_s=1.0, tentativas=1) for _ in range(3)]

    def trabalhar(cliente):
        for _ in range(3):
            try:
                resultados.append(cliente.get("/orders/statuses"))
            except erros.ErroTray as erro:
                falhas.append(erro)

    inicio = time.monotonic()
    em_paralelo([functools.partial(trabalhar, c) for c in clientes])
    duracao = time.monotonic() - inicio

    assert falhas == [] and len(resultados) == 9
    assert [s for _, _, s in sim.chamadas()] == [200] * 9  # nenhum 429
    assert duracao >= 2.0  # 9 requisições a 4 por segundo: três janelas


def test_vaga_vencida_atras_de_uma_em_voo_e_liberada():
    """Respostas fora de ordem: a vaga vencida atrás de uma lenta não pode ocupar a janela."""
    from erp.lojas_virtuais.tray.limitador import Limitador

    tempo = [0.0]
    limitador = Limitador(por_minuto=2, janela_s=10, relogio=lambda: tempo[0])
    lenta = limitador.adquirir()
    rapida = limitador.adquirir()
    tempo[0] = 1.0
    limitador.liberar(rapida)
    tempo[0] = 12.0  # a rápida venceu; a lenta segue em voo na frente da fila
    assert limitador.ocupadas() == 1
    limitador.adquirir(tempo_maximo=0)  # há vaga de novo, sem esperar
    assert limitador.ocupadas() == 2
    limitador.liberar(lenta)
