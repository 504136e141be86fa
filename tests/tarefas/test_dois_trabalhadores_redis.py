"""Dois trabalhadores (processos) na mesma fila do Redis, do pedido na Tray à nota de volta na Tray, com cada
trabalho pedido duas vezes: nenhum pedido importado duas vezes, nenhum número de NF-e repetido, nenhum envio à
Tray repetido, e toda tarefa termina."""
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from erp.extensions import db
from erp.lojas_virtuais import services as lojas
from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.nfe import tasks as nfe_tasks
from erp.nfe.models import NotaFiscal
from erp.pedidos import lote
from erp.pedidos.filtros import Filtros
from erp.retorno_tray import services as retorno
from erp.retorno_tray.models import EnvioTray
from erp.sandbox.sefaz.servidor import iniciar_em_thread
from erp.sandbox.tray.semente import semente_minima
from erp.tarefas import fila
from erp.tarefas.models import Tarefa
from erp.vendas.models import Venda
from tests.nfe.services import fabrica

RAIZ = Path(__file__).resolve().parents[2]


@pytest.fixture
def sefaz(app):
    simulador = iniciar_em_thread()
    yield simulador
    simulador.parar()


@pytest.fixture
def fila_no_redis(app, servidor_redis):
    anterior = fila.huey.storage
    app.config["REDIS_URL"] = servidor_redis
    fila.configurar(app)
    yield servidor_redis
    fila.huey.storage = anterior
    app.config.pop("REDIS_URL")


@pytest.fixture
def trabalhadores(app, _base, fila_no_redis, sefaz, tmp_path):
    """Dois processos `tarefas trabalhar` (duas threads cada) na fila do Redis; o log de cada um num arquivo
    (um pipe que ninguém lê pararia o trabalhador quando enchesse)."""
    processos = []

    def iniciar(config_extra: dict):
        config = dict(_base, REDIS_URL=fila_no_redis, SEFAZ_URL=sefaz.url, SEFAZ_INTERVALO_RECIBO=0,
                      **config_extra)
        for n in range(2):
            with open(tmp_path / f"trabalhador-{n}.log", "w") as log:
                processos.append(subprocess.Popen([sys.executable, "-m", "tests.tarefas.trabalhador_redis",
                                                   json.dumps(config)], cwd=RAIZ, stdout=subprocess.DEVNULL,
                                                  stderr=log))

    yield iniciar
    for processo in processos:
        processo.send_signal(signal.SIGTERM)
    for processo in processos:
        try:
            processo.wait(20)
        except subprocess.TimeoutExpired:
            processo.kill()


def _esperar(condicao, prazo_s: float = 60.0, o_que: str = ""):
    limite = time.monotonic() + prazo_s
    while time.monotonic() < limite:
        db.session.rollback()
        db.session.expire_all()
        if condicao():
            return
        time.sleep(0.2)
    raise AssertionError(f"não terminou em {prazo_s} s: {o_que}")


def _todas_terminadas(ids) -> bool:
    return all(db.session.get(Tarefa, i).terminada for i in ids)


def test_dois_trabalhadores_no_redis_nada_em_dobro(app, tray_sim_factory, sefaz, trabalhadores):
    descartar_cliente()
    tray = tray_sim_factory(semente_minima())
    config_tray = dict(TRAY_CONSUMER_KEY=tray.consumer_key, TRAY_CONSUMER_SECRET=tray.consumer_secret,
                       TRAY_ESPERA_BASE_S=0.01, ERP_PERMITIR_REDE_LOCAL=True)
    app.config.update(config_tray, SEFAZ_URL=sefaz.url, SEFAZ_INTERVALO_RECIBO=0)
    loja = lojas.conectar_loja(tray.store_id, tray.url_api, tray.code, nome="Loja da fila")
    fabrica.empresa()
    retorno.salvar_configuracao(loja, ativo=True, alterar_status=True, status_nome="ENVIADO")
    db.session.commit()
    trabalhadores(config_tray)

    # 1. A mesma importação pedida duas vezes, ao mesmo tempo.
    importacoes = [lote.agendar_importacao_do_filtro(loja, Filtros()).id for _ in range(2)]
    _esperar(lambda: _todas_terminadas(importacoes), o_que="importações")
    assert {db.session.get(Tarefa, i).situacao for i in importacoes} == {"concluida"}
    por_pedido = Counter(db.session.scalars(select(Venda.pedido_tray_id).where(Venda.loja_id == loja.id)))
    assert len(por_pedido) >= 3 and set(por_pedido.values()) == {1}

    # 2. As notas das mesmas vendas pedidas duas vezes.
    vendas = sorted(db.session.scalars(select(Venda.id).where(Venda.loja_id == loja.id)))
    geracoes = [nfe_tasks.agendar_geracao(vendas).id for _ in range(2)]
    _esperar(lambda: _todas_terminadas(geracoes), o_que="geração das NF-e")
    notas = list(db.session.scalars(select(NotaFiscal).where(NotaFiscal.venda_id.in_(vendas))))
    assert sorted(n.venda_id for n in notas) == vendas, [  # uma nota por venda
        (n.venda_id, n.numero, n.situacao, n.motivo) for n in notas]
    assert len({(n.serie, n.numero) for n in notas}) == len(notas)  # nenhum número repetido

    # 3. A transmissão pedida duas vezes; cada nota autorizada volta à Tray (e o retorno é pedido de novo).
    ids_notas = [n.id for n in notas]
    transmissoes = [nfe_tasks.agendar_transmissao(ids_notas).id for _ in range(2)]
    _esperar(lambda: _todas_terminadas(transmissoes), o_que="transmissões")
    for _ in range(2):
        fila.enfileirar("retorno_tray.processar_retorno", loja.id)
    _esperar(lambda: db.session.scalar(select(func.count()).select_from(EnvioTray).where(
        EnvioTray.situacao != "concluido")) == 0 and db.session.scalar(select(func.count()).select_from(EnvioTray))
        == len(notas), o_que="retorno à Tray")

    envios_de_nota = Counter(r["path"] for r in tray.estado.requisicoes
                             if r["method"] == "POST" and r["path"].endswith("/invoices") and r["status"] == 201)
    assert len(envios_de_nota) == len(notas) and set(envios_de_nota.values()) == {1}
    mudancas_de_status = Counter(r["path"] for r in tray.estado.requisicoes
                                 if r["method"] == "PUT" and r["path"].startswith("/web_api/orders/"))
    assert mudancas_de_status and set(mudancas_de_status.values()) == {1}  # (um pedido já pode estar no status)
    # Toda tarefa terminou, e a fila ficou vazia.
    assert db.session.scalar(select(func.count()).select_from(Tarefa).where(
        Tarefa.situacao.in_(["pendente", "executando"]))) == 0
    _esperar(lambda: len(fila.huey) == 0, 10, "fila vazia")
