"""Vendas: clientes, pedidos de venda do ERP e a importação dos pedidos da Tray."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, linha de comando e tarefas da fila."""
    from erp.vendas import cli, models, tasks, views_pedidos, views_vendas, views_webhooks  # noqa: F401

    app.register_blueprint(views_vendas.bp)
    app.register_blueprint(views_pedidos.bp)
    app.register_blueprint(views_webhooks.bp)
    app.cli.add_command(cli.pedidos_cli)
    app.cli.add_command(cli.vendas_cli)
