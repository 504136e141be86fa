"""NF-e modelo 55: emitente, certificado A1, impostos, XML, assinatura, SEFAZ e eventos."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, linha de comando e tarefas da fila."""
    from erp.nfe import cli, filtros, models, tasks, views  # noqa: F401

    app.jinja_env.filters.update(filtros.FILTROS)

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.empresa_cli)
    app.cli.add_command(cli.nfe_cli)
