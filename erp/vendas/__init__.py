"""Vendas: clientes e pedidos de venda do ERP, suas situações e a lista de vendas."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas e linha de comando."""
    from erp.vendas import cli, models, views  # noqa: F401

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.vendas_cli)
