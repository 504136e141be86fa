"""Pedidos da Tray: lista e filtros, importação (pedido da Tray → venda), notificações, ajustes de importação
por loja e as tarefas da importação."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, notificações, linha de comando e tarefas da fila."""
    from erp.pedidos import cli, models, tasks, views  # noqa: F401

    for blueprint in views.BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.cli.add_command(cli.pedidos_cli)

    @app.context_processor
    def endereco_das_notificacoes():
        """O endereço das notificações (com o segredo), que a tela de Lojas Virtuais mostra aos administradores."""
        from erp.pedidos.webhooks import url_do_webhook

        return {"url_do_webhook": url_do_webhook}
