"""O limite da Tray compartilhado entre processos: no banco (sem REDIS_URL) e no Redis (com ele).

Cada processo tem o seu objeto limitador; dois objetos sobre o mesmo armazenamento fazem as vezes de dois
processos. O teste de três processos de verdade (tela + dois trabalhadores) contra o simulador fica no fim.
"""
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from erp.extensions import db
from erp.lojas_virtuais.tray.client import cliente_da_loja
from erp.lojas_virtuais.tray.limitador import Limites, ate_o_dia_seguinte, em_lote, limitador_da_loja
from erp.lojas_virtuais.tray.limite_banco import LimitadorBanco, banco_do_limite
from erp.lojas_virtuais.tray.limite_redis import LimitadorRedis

RAIZ = Path(__file__).resolve().parents[3]


@pytest.fixture(params=["banco", "redis"])
def fabricar(request, app):
    """Cria limitadores da mesma chave sobre o mesmo armazenamento (um por "processo")."""
    chave = f"http://loja.teste/web_api|{request.node.name}"
    if request.param == "redis":
        url = request.getfixturevalue("servidor_redis")
        return lambda **limites: LimitadorRedis(chave, Limites(**limites), url)
    motor = banco_do_limite(db.engine)
    return lambda **limites: LimitadorBanco(chave, Limites(**limites), motor)


def test_dois_processos_dividem_a_janela(fabricar):
    a, b = fabricar(por_minuto=3, janela_s=0.5), fabricar(por_minuto=3, janela_s=0.5)
    vagas = [a.adquirir(tempo_maximo=0), b.adquirir(tempo_maximo=0), a.adquirir(tempo_maximo=0)]
    with pytest.raises(TimeoutError):
        b.adquirir(tempo_maximo=0)
    assert 0 < b.espera_estimada() <= 0.5 + a.limites.voo_s
    for vaga in vagas:
        a.liberar(vaga)
    assert 0.4 < b.espera_estimada() <= 0.5  # conta da resposta, não do envio
    inicio = time.monotonic()
    b.liberar(b.adquirir())
    assert time.monotonic() - inicio >= 0.4
    uso = a.uso()
    assert uso["dia_usados"] == 4 and 1 <= uso["minuto_usados"] <= 3 and uso["minuto_limite"] == 3


def test_janela_encurtada_vale_ja_para_as_vagas_usadas(fabricar):
    limitador = fabricar(por_minuto=1, janela_s=60)
    limitador.liberar(limitador.adquirir(tempo_maximo=0))
    with pytest.raises(TimeoutError):
        limitador.adquirir(tempo_maximo=0)
    limitador.configurar(janela_s=0.2)  # a vaga guarda quando foi usada; a janela se aplica na hora de conferir
    time.sleep(0.25)
    limitador.liberar(limitador.adquirir(tempo_maximo=0))


def test_segurar_apos_429_vale_para_os_outros(fabricar):
    a, b = fabricar(por_minuto=100, janela_s=1.0), fabricar(por_minuto=100, janela_s=1.0)
    a.segurar(0.3)
    with pytest.raises(TimeoutError):
        b.adquirir(tempo_maximo=0)
    time.sleep(0.31)
    b.liberar(b.adquirir(tempo_maximo=0.1))


def test_cota_do_dia_com_reserva_para_o_interativo(fabricar):
    limitador = fabricar(por_minuto=100, janela_s=60, por_dia=5, reserva_dia=2)
    with em_lote():
        for _ in range(3):
            limitador.liberar(limitador.adquirir(tempo_maximo=0))
        with pytest.raises(TimeoutError):
            limitador.adquirir(tempo_maximo=0)  # o lote parou antes da reserva
        assert limitador.espera_estimada() == pytest.approx(ate_o_dia_seguinte(time.time()), abs=2)
    assert limitador.espera_estimada() == 0  # o interativo ainda tem a reserva
    limitador.liberar(limitador.adquirir(tempo_maximo=0))
    limitador.liberar(limitador.adquirir(tempo_maximo=0, interativo=True))
    with pytest.raises(TimeoutError):
        limitador.adquirir(tempo_maximo=0)  # acabou o dia
    uso = limitador.uso()
    assert (uso["dia_usados"], uso["dia_limite"], uso["dia_restantes"], uso["reserva_dia"]) == (5, 5, 0, 2)


def test_lote_perto_da_reserva_usa_metade_da_janela(fabricar):
    limitador = fabricar(por_minuto=10, janela_s=0.3, por_dia=40, reserva_dia=10)
    for _ in range(2):  # 20 interativas em duas janelas: o dia chega a 40 - 2×10
        for _ in range(10):
            limitador.liberar(limitador.adquirir(tempo_maximo=0, interativo=True))
        time.sleep(0.32)
    with em_lote():
        for _ in range(5):
            limitador.liberar(limitador.adquirir(tempo_maximo=0))
        with pytest.raises(TimeoutError):
            limitador.adquirir(tempo_maximo=0)  # o lote ficou com metade da janela
    limitador.liberar(limitador.adquirir(tempo_maximo=0))  # o interativo ainda tem a outra metade


def test_teto_do_aplicativo_soma_as_lojas(app, servidor_redis):
    limites = Limites(por_minuto=10, janela_s=60, app_por_minuto=3, chave_app="app|x")
    for fazer in (lambda c: LimitadorRedis(c, limites, servidor_redis),
                  lambda c: LimitadorBanco(c, limites, banco_do_limite(db.engine))):
        lojas = [fazer("loja-a"), fazer("loja-b")]
        for i in range(3):
            lojas[i % 2].adquirir(tempo_maximo=0)
        for loja in lojas:
            with pytest.raises(TimeoutError):
                loja.adquirir(tempo_maximo=0)


def test_o_limitador_da_loja_segue_a_configuracao(app, servidor_redis):
    app.config.update(TRAY_LIMITE_DIA=50000, TRAY_RESERVA_DIA=500)
    limitador = limitador_da_loja("http://x/web_api|1")
    assert isinstance(limitador, LimitadorBanco)
    assert (limitador.limites.por_dia, limitador.limites.reserva_dia) == (50000, 500)
    app.config["REDIS_URL"] = servidor_redis
    assert isinstance(limitador_da_loja("http://x/web_api|1"), LimitadorRedis)


# -- três processos contra o simulador --------------------------------------------------------------------
def _rodar_processos(config: dict, loja_id: int, duracao_s: float) -> tuple[list[dict], float]:
    papeis = ["web", "importacao", "exportacao"]
    processos = [subprocess.Popen([sys.executable, "-m", "tests.lojas_virtuais.tray.processo_limite",
                                   json.dumps(config), str(loja_id), papel], cwd=RAIZ, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for papel in papeis]
    try:
        for processo in processos:
            assert processo.stdout.readline().strip() == "pronto", processo.stderr.read()[-2000:]
        inicio = time.time() + 0.3  # os três começam juntos
        for processo in processos:
            processo.stdin.write(f"{inicio} {inicio + duracao_s}\n")
            processo.stdin.close()
        registros = []
        for papel, processo in zip(papeis, processos):
            saida = processo.stdout.read()
            erro = processo.stderr.read()
            processo.wait(timeout=60)
            assert processo.returncode == 0, erro[-2000:]
            linhas = [dict(json.loads(linha), papel=papel) for linha in saida.splitlines() if linha.strip()]
            assert linhas, f"o processo {papel} não fez nenhuma requisição"
            registros += linhas
    finally:
        for processo in processos:
            if processo.poll() is None:
                processo.kill()
    return sorted(registros, key=lambda r: r["enviada"]), inicio


@pytest.mark.parametrize("com_redis", [False, True], ids=["banco", "redis"])
def test_tres_processos_dividem_o_limite_da_loja_sem_nenhum_429(app, _base, loja, sim, com_redis, request):
    por_janela, janela_s, janelas = 20, 1.0, 5
    sim.limites(por_minuto=por_janela, janela_s=janela_s, zerar=True)
    config = dict(_base, TRAY_CONSUMER_KEY=sim.consumer_key, TRAY_CONSUMER_SECRET=app.config["TRAY_CONSUMER_SECRET"],
                  TRAY_LIMITE_MINUTO=por_janela, TRAY_JANELA_S=janela_s, TRAY_TIMEOUT_LEITURA=5.0,
                  TRAY_ESPERA_BASE_S=0.01, ERP_PERMITIR_REDE_LOCAL=True)
    if com_redis:
        config["REDIS_URL"] = request.getfixturevalue("servidor_redis")
    cliente_da_loja(loja)  # tokens gravados antes de os processos lerem a loja
    db.session.commit()

    registros, inicio = _rodar_processos(config, loja.id, janelas * janela_s)
    sim.limites(janela_s=0)

    assert [r for r in registros if r["status"] == 429] == []
    assert {r["papel"] for r in registros} == {"web", "importacao", "exportacao"}
    # Ritmo somado: quantas saíram nas `janelas` janelas a partir do início, contra o teto (por_janela cada).
    no_prazo = [r for r in registros if r["enviada"] < inicio + janelas * janela_s]
    teto = por_janela * janelas
    assert 0.95 * teto <= len(no_prazo) <= teto
    assert sum(1 for r in sim.log() if r["status"] == 429) == 0
