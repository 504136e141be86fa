"""Lojas virtuais conectadas e o cliente da API da Tray (tray/)."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, linha de comando e tarefas da fila."""
    from erp.lojas_virtuais import cli, models, views  # noqa: F401

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.lojas_cli)
