"""A fila de tarefas (Huey): SQLite em instance/ por padrão, Redis quando REDIS_URL existe.

Os serviços nunca importam módulos de tarefas: registram o que deve acontecer e pedem
`apos_commit("modulo.tarefa", *args)`, que põe a tarefa na fila depois do commit da transação em curso
(ou na hora, se não há transação aberta). Cada `tasks.py` registra as suas com `@fila.tarefa()`, pelo
nome `<modulo>.<função>`; o armazenamento é ligado na fábrica da aplicação, conforme a configuração.
"""
import functools
import logging
import threading
from datetime import datetime, timezone

from huey import MemoryHuey
from huey.storage import RedisStorage, SqliteStorage
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
NOME = "erp-tray"
huey = MemoryHuey(NOME, utc=True)
_app = None
_fabrica = None
# nome "modulo.funcao" → tarefa do Huey
_REGISTRO: dict = {}
_PENDENTES = "erp_fila_apos_commit"


def configurar(app, fabrica=None) -> None:
    """Liga a fila ao armazenamento configurado e guarda a aplicação para os trabalhadores.

    `fabrica` cria uma aplicação quando a tarefa roda num processo que ainda não tem uma."""
    global _app, _fabrica
    _app = app
    _fabrica = fabrica or _fabrica
    if app.config.get("HUEY_MEMORIA"):
        return
    if app.config.get("REDIS_URL"):
        huey.storage = RedisStorage(NOME, url=app.config["REDIS_URL"])
    else:
        huey.storage = SqliteStorage(NOME, filename=app.config["HUEY_ARQUIVO"])


def _aplicacao():
    global _app
    if _app is None:
        if _fabrica is None:
            raise RuntimeError("Fila sem aplicação: chame create_app() antes de rodar tarefas.")
        _app = _fabrica()
    return _app


def no_contexto(funcao):
    """Roda `funcao` dentro do contexto da aplicação (o mesmo que as tarefas usam)."""

    @functools.wraps(funcao)
    def com_contexto(*args, **kwargs):
        with _aplicacao().app_context():
            return funcao(*args, **kwargs)

    return com_contexto


def _nome_registro(funcao) -> str:
    modulo = funcao.__module__.split(".")
    return f"{modulo[1] if len(modulo) > 1 else modulo[0]}.{funcao.__name__}"


def tarefa(**opcoes):
    """Como @huey.task, mas a função roda dentro do contexto da aplicação e fica registrada pelo nome
    `<modulo>.<função>` (ex.: "produtos.sincronizar_estoque") para `apos_commit`."""

    def decorar(funcao):
        registrada = huey.task(**opcoes)(no_contexto(funcao))
        _REGISTRO[_nome_registro(funcao)] = registrada
        return registrada

    return decorar


def periodica(cron):
    """Tarefa periódica do trabalhador (crontab do Huey), dentro do contexto da aplicação."""

    def decorar(funcao):
        return huey.periodic_task(cron)(no_contexto(funcao))

    return decorar


def registrada(nome: str):
    try:
        return _REGISTRO[nome]
    except KeyError:
        raise LookupError(f"Tarefa {nome!r} não registrada (o módulo dela foi ligado em create_app?)") from None


def enfileirar(nome: str, *args, atraso_s: float | None = None, **kwargs):
    """Põe a tarefa `nome` na fila agora (com atraso opcional). Devolve o resultado do Huey."""
    funcao = registrada(nome)
    if atraso_s:
        return funcao.schedule(args=args, kwargs=kwargs, delay=atraso_s)
    return funcao(*args, **kwargs)


def apos_commit(nome: str, *args, atraso_s: float | None = None, **kwargs) -> None:
    """Põe a tarefa `nome` na fila depois do commit da transação em curso da sessão do banco; se não há
    transação aberta, põe agora. Um rollback descarta o pedido."""
    registrada(nome)  # erro já, não depois do commit
    from erp.extensions import db

    sessao = db.session()
    if not sessao.in_transaction():
        enfileirar(nome, *args, atraso_s=atraso_s, **kwargs)
        return
    sessao.info.setdefault(_PENDENTES, []).append((nome, args, kwargs, atraso_s))


@event.listens_for(Session, "after_commit")
def _apos_commit(sessao) -> None:
    if sessao.in_nested_transaction():  # fim de um savepoint: o commit de verdade ainda vem
        return
    for nome, args, kwargs, atraso_s in sessao.info.pop(_PENDENTES, []):
        enfileirar(nome, *args, atraso_s=atraso_s, **kwargs)


@event.listens_for(Session, "after_rollback")
def _apos_rollback(sessao) -> None:
    if sessao.in_nested_transaction():  # só o savepoint foi desfeito; a transação de fora continua
        return
    sessao.info.pop(_PENDENTES, None)


def ha_esperando() -> bool:
    """Há tarefa na fila esperando um trabalhador (quem faz um trabalho longo em partes cede a vez)."""
    try:
        return huey.pending_count() > 0
    except Exception:  # noqa: BLE001 — fila fora do ar: seguir é melhor que parar no meio
        log.warning("Não foi possível contar a fila; a tarefa segue sem ceder a vez")
        return False


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


def iniciar_batimentos(intervalo_s: float) -> threading.Event:
    """Thread que bate o sinal de vida das tarefas deste processo a cada `intervalo_s`. Devolve o evento que a
    encerra."""
    parar = threading.Event()

    def bater_sempre():
        from erp.tarefas import services

        while not parar.wait(intervalo_s):
            try:
                with _aplicacao().app_context():
                    services.bater()
            except Exception:  # noqa: BLE001 — banco fora do ar: tenta na próxima batida
                log.exception("Falha ao registrar o sinal de vida das tarefas")

    threading.Thread(target=bater_sempre, name="sinal-de-vida", daemon=True).start()
    return parar
