"""Produtos: catálogo, estoque e exportação para a Tray."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, linha de comando e tarefas da fila."""
    from erp.produtos import cli, models, tasks, views_catalogo, views_exportacao  # noqa: F401

    app.register_blueprint(views_catalogo.bp)
    app.register_blueprint(views_exportacao.bp_exportar)
    app.register_blueprint(views_exportacao.bp_imagens)
    app.cli.add_command(cli.produtos_cli)
