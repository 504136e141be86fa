"""Um trabalhador morto (kill -9) no meio de uma tarefa: ela não fica "executando" para sempre."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from erp.extensions import db
from erp.tarefas import services
from erp.tarefas.models import Tarefa

RAIZ = Path(__file__).resolve().parents[2]


def _situacao(tarefa_id):
    db.session.expire_all()
    return db.session.get(Tarefa, tarefa_id)


def test_tarefa_de_trabalhador_morto_falha_com_explicacao_e_pode_rodar_de_novo(app, _base, runner):
    tarefa_id = services.criar_tarefa("teste", "Importação longa", total=3).id
    processo = subprocess.Popen([sys.executable, "-m", "tests.tarefas.trabalhador_morto",
                                 json.dumps(_base), str(tarefa_id)], cwd=RAIZ, stdout=subprocess.PIPE, text=True)
    try:
        assert processo.stdout.readline().strip() == "começou"
        time.sleep(1.0)
        # Vivo: o sinal de vida é recente, a recuperação não mexe nela.
        assert services.recuperar_interrompidas(sem_sinal_s=0.8) == []
        assert _situacao(tarefa_id).situacao == "executando"
        os.kill(processo.pid, signal.SIGKILL)
        processo.wait(5)
        time.sleep(1.2)
        assert services.recuperar_interrompidas(sem_sinal_s=0.8) == [tarefa_id]
    finally:
        if processo.poll() is None:
            processo.kill()
    tarefa = _situacao(tarefa_id)
    assert tarefa.situacao == "falhou" and "trabalhador parou" in tarefa.mensagem
    assert tarefa.processados == 1  # o que foi feito continua registrado
    dados = json.loads(runner.invoke(args=["tarefas", "listar", "--json"]).output)
    assert dados[0] == {"id": tarefa_id, "tipo": "teste", "situacao": "falhou", "feitos": 1, "total": 3,
                        "erro": tarefa.mensagem, "atualizada_em": dados[0]["atualizada_em"]}
    services.iniciar(tarefa_id)  # pode rodar de novo
    assert _situacao(tarefa_id).situacao == "executando"
    services.concluir(tarefa_id)
    assert tarefa_id not in services.em_maos()


def test_recuperacao_periodica_no_trabalhador(app):
    """A tarefa periódica usa o limite da configuração (padrão 60 s: recuperada em até 2 minutos)."""
    from datetime import timedelta

    from erp.comum.modelos import agora
    from erp.tarefas.tasks import recuperar_interrompidas

    tarefa = services.criar_tarefa("teste", "Parada")
    tarefa.situacao, tarefa.batida_em = "executando", agora() - timedelta(seconds=61)
    db.session.commit()
    assert app.config["TAREFA_SEM_SINAL_S"] == 60
    recuperar_interrompidas.call_local()
    assert _situacao(tarefa.id).situacao == "falhou"


def test_listar_sem_tarefas(runner, app):
    assert runner.invoke(args=["tarefas", "listar", "--json"]).output.strip() == "[]"
    assert "Nenhuma tarefa" in runner.invoke(args=["tarefas", "listar"]).output
