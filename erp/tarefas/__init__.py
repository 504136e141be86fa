"""Fila de tarefas (Huey) com progresso gravado no banco."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, linha de comando e tarefas da fila."""
    from erp.tarefas import cli, ligacoes, models, tasks, views  # noqa: F401

    app.jinja_env.globals["ligacao_do_item"] = ligacoes.ligacao_do_item
    app.jinja_env.filters["com_link"] = ligacoes.com_link
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.tarefas_cli)
