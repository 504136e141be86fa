"""NF-e modelo 55: emitente, certificado A1, impostos, XML, assinatura, SEFAZ e eventos."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, linha de comando e tarefas da fila."""
    from erp.nfe import cli, filtros, models, tasks, views  # noqa: F401
    from erp.nfe.services.notas import notas_para_as_vendas
    from erp.vendas.notas import fornecer_notas

    app.jinja_env.filters.update(filtros.FILTROS)
    fornecer_notas(notas_para_as_vendas)  # a coluna e a seção NF-e das telas de vendas
    tasks.ligar_resultados()  # cada "NF-e nº N" dos resultados das tarefas vira link para a nota

    _ouvir_documentos()
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.empresa_cli)
    app.cli.add_command(cli.nfe_cli)


def _ouvir_documentos() -> None:
    """O arquivo dos XML e o e-mail ao comprador ouvem a autorização, os eventos e as inutilizações."""
    from erp.nfe import sinais
    from erp.nfe.services import arquivo, correio

    sinais.nota_autorizada.connect(arquivo.ao_autorizar_nota)
    sinais.nota_autorizada.connect(correio.ao_autorizar_nota)
    sinais.evento_registrado.connect(arquivo.ao_registrar_evento)
    sinais.evento_registrado.connect(correio.ao_registrar_evento)
    sinais.inutilizacao_homologada.connect(arquivo.ao_homologar_inutilizacao)
