import json

import click
from flask import current_app
from flask.cli import AppGroup

from erp.tarefas import fila, services
from erp.tarefas.models import SituacaoTarefa

tarefas_cli = AppGroup("tarefas", help="Fila de tarefas em segundo plano.")


@tarefas_cli.command("trabalhar")
@click.option("--ate-esvaziar", is_flag=True, help="Executa o que está pendente e sai.")
@click.option("--trabalhadores", default=2, show_default=True, help="Threads do trabalhador.")
def trabalhar(ate_esvaziar: bool, trabalhadores: int) -> None:
    """Executa as tarefas da fila."""
    recuperadas = services.recuperar_interrompidas(current_app.config["TAREFA_SEM_SINAL_S"])
    if recuperadas:
        click.echo(f"{len(recuperadas)} tarefa(s) interrompida(s) marcada(s) como falha: "
                   f"{', '.join(map(str, recuperadas))}.")
    parar = fila.iniciar_batimentos(current_app.config["TAREFA_BATIDA_S"])
    try:
        if ate_esvaziar:
            total = fila.executar_pendentes()
            click.echo(f"{total} tarefa(s) executada(s).")
            return
        click.echo("Trabalhador iniciado; Ctrl+C para parar.")
        fila.huey.create_consumer(workers=trabalhadores, worker_type="thread", periodic=True).run()
    finally:
        parar.set()


@tarefas_cli.command("listar")
@click.option("--situacao", type=click.Choice([s.value for s in SituacaoTarefa]), help="Só as desta situação.")
@click.option("--limite", default=50, show_default=True, help="Quantas, das mais novas.")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def listar(situacao: str | None, limite: int, como_json: bool) -> None:
    """Tarefas da fila: id, tipo, situação, progresso e erro."""
    tarefas = [services.como_dict(t) for t in services.listar(situacao, limite)]
    if como_json:
        click.echo(json.dumps(tarefas, ensure_ascii=False))
        return
    if not tarefas:
        click.echo("Nenhuma tarefa.")
    for t in tarefas:
        linha = f"#{t['id']:<6} {t['tipo']:<22} {t['situacao']:<11} {t['feitos']}/{t['total']}  {t['atualizada_em']}"
        click.echo(linha + (f"\n        {t['erro']}" if t["erro"] else ""))
