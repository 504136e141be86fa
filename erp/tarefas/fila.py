"""A fila de tarefas (Huey): SQLite em instance/ por padrão, Redis quando REDIS_URL existe.

As funções de tarefa são registradas na importação dos módulos; o armazenamento é ligado
depois, na fábrica da aplicação, conforme a configuração.
"""
import functools
from datetime import datetime, timezone

from huey import MemoryHuey
from huey.storage import RedisStorage, SqliteStorage

NOME = "erp-tray"
huey = MemoryHuey(NOME, utc=True)
_app = None


def configurar(app) -> None:
    """Liga a fila ao armazenamento configurado e guarda a aplicação para os trabalhadores."""
    global _app
    _app = app
    if app.config.get("HUEY_MEMORIA"):
        return
    if app.config.get("REDIS_URL"):
        huey.storage = RedisStorage(NOME, url=app.config["REDIS_URL"])
    else:
        huey.storage = SqliteStorage(NOME, filename=app.config["HUEY_ARQUIVO"])


def _aplicacao():
    if _app is None:
        from erp import create_app

        return create_app()
    return _app


def tarefa(**opcoes):
    """Como @huey.task, mas a função roda dentro do contexto da aplicação."""

    def decorar(funcao):
        @functools.wraps(funcao)
        def com_contexto(*args, **kwargs):
            with _aplicacao().app_context():
                return funcao(*args, **kwargs)

        return huey.task(**opcoes)(com_contexto)

    return decorar


def executar_pendentes(limite: int | None = None) -> int:
    """Executa o que está na fila (e o agendado já vencido) até esvaziar. Devolve quantas rodaram."""
    executadas = 0
    while limite is None or executadas < limite:
        for agendada in huey.read_schedule(datetime.now(timezone.utc).replace(tzinfo=None)):
            huey.enqueue(agendada)
        proxima = huey.dequeue()
        if proxima is None:
            break
        huey.execute(proxima)
        executadas += 1
    return executadas
