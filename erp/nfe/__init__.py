"""NF-e modelo 55: emitente, certificado A1, impostos, XML, assinatura, SEFAZ e eventos."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, linha de comando e tarefas da fila."""
    from erp.nfe import cli, filtros, models, tasks, views  # noqa: F401
    from erp.nfe.services.notas import notas_para_as_vendas
    from erp.vendas.notas import fornecer_notas

    app.jinja_env.filters.update(filtros.FILTROS)
    fornecer_notas(notas_para_as_vendas)  # a coluna e a seção NF-e das telas de vendas
    tasks.ligar_resultados()  # cada "NF-e nº N" dos resultados das tarefas vira link para a nota

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.empresa_cli)
    app.cli.add_command(cli.nfe_cli)
