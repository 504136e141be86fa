"""Pedidos da Tray: lista e filtros, importação (pedido da Tray → venda), notificações, ajustes de importação
por loja e as tarefas da importação."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, notificações, linha de comando, tarefas da fila e o ouvinte das
    tarefas interrompidas (a importação em lote continua sozinha)."""
    from erp.pedidos import cli, lote, models, tasks, views  # noqa: F401
    from erp.tarefas.services import tarefa_interrompida

    for blueprint in views.BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.cli.add_command(cli.pedidos_cli)
    tarefa_interrompida.connect(lote.continuar_interrompida)

    @app.context_processor
    def endereco_das_notificacoes():
        """O endereço das notificações (com o segredo), que a tela de Lojas Virtuais mostra aos administradores."""
        from erp.pedidos.webhooks import url_do_webhook

        return {"url_do_webhook": url_do_webhook}
