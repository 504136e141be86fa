import click
from flask.cli import AppGroup

from erp.tarefas import fila

tarefas_cli = AppGroup("tarefas", help="Fila de tarefas em segundo plano.")


@tarefas_cli.command("trabalhar")
@click.option("--ate-esvaziar", is_flag=True, help="Executa o que está pendente e sai.")
@click.option("--trabalhadores", default=2, show_default=True, help="Threads do trabalhador.")
def trabalhar(ate_esvaziar: bool, trabalhadores: int) -> None:
    """Executa as tarefas da fila."""
    if ate_esvaziar:
        total = fila.executar_pendentes()
        click.echo(f"{total} tarefa(s) executada(s).")
        return
    click.echo("Trabalhador iniciado; Ctrl+C para parar.")
    fila.huey.create_consumer(workers=trabalhadores, worker_type="thread", periodic=True).run()
