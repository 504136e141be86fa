"""Tarefas periódicas da própria fila."""
from flask import current_app
from huey import crontab

from erp.tarefas import fila, services


@fila.periodica(crontab(minute="*"))
def recuperar_interrompidas() -> list[int]:
    """A cada minuto: tarefas de um trabalhador que morreu falham com a explicação e podem rodar de novo."""
    return services.recuperar_interrompidas(current_app.config["TAREFA_SEM_SINAL_S"])
