"""Tarefas da fila do retorno à Tray: o envio de uma nota, o de uma loja e a varredura periódica."""
import functools

from huey import crontab

from erp.tarefas import fila


@fila.tarefa()
def enviar_retorno(envio_id: int) -> None:
    from erp.retorno_tray import envio

    envio.processar_um(envio_id)


@fila.tarefa()
def processar_retorno(loja_id: int | None = None, agora_mesmo: bool = True) -> None:
    from erp.retorno_tray import services

    services.processar_pendentes(loja_id=loja_id, agora_mesmo=agora_mesmo)


def _no_contexto_da_aplicacao(funcao):
    @functools.wraps(funcao)
    def com_contexto(*args, **kwargs):
        with fila._aplicacao().app_context():  # o mesmo contexto que fila.tarefa() usa
            return funcao(*args, **kwargs)

    return com_contexto


@fila.huey.periodic_task(crontab(minute="*"))
@_no_contexto_da_aplicacao
def varrer_retorno_tray() -> None:
    """A cada minuto: o que ficou pendente (trabalhador parado, fila perdida, espera vencida) segue."""
    from erp.retorno_tray import services

    services.processar_pendentes()
