"""Tarefas da fila do retorno à Tray: o envio de uma nota, o de uma loja e a varredura periódica."""
from huey import crontab

from erp.retorno_tray import envio, rastreio, services
from erp.tarefas import fila


@fila.tarefa()
def enviar_retorno(envio_id: int) -> None:
    """Pedida depois do commit que registrou (ou liberou) o envio (`fila.apos_commit`)."""
    envio.processar_um(envio_id)


@fila.tarefa()
def processar_retorno(loja_id: int | None = None, agora_mesmo: bool = True) -> None:
    services.processar_pendentes(loja_id=loja_id, agora_mesmo=agora_mesmo)


@fila.periodica(crontab(minute="*"))
def varrer_retorno_tray() -> None:
    """A cada minuto: o que ficou pendente (trabalhador parado, fila perdida, espera vencida) segue."""
    services.processar_pendentes()
    rastreio.processar_pendentes()


@fila.tarefa()
def enviar_rastreio(rastreio_id: int) -> None:
    """Pedida depois do commit que registrou o rastreio da venda (`fila.apos_commit`)."""
    rastreio.enviar(rastreio_id)
