"""Produtos: catálogo, estoque e exportação para a Tray."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, linha de comando e tarefas da fila."""
    from erp.produtos import cli, models, tasks, views  # noqa: F401
    from erp.produtos.exportacao import lote
    from erp.tarefas.services import tarefa_interrompida

    for blueprint in views.BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.cli.add_command(cli.produtos_cli)
    # A exportação de um trabalhador que morreu solta a loja para outra.
    tarefa_interrompida.connect(lote.ao_interromper)
