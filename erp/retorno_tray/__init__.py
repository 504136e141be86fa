"""Retorno à Tray: depois que a NF-e é autorizada, os dados da nota e o status de faturado vão para o
pedido na loja Tray, uma única vez, de forma durável (uma linha `EnvioTray` por chave de acesso)."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, linha de comando, tarefas da fila e o sinal da NF-e."""
    from erp.nfe import sinais
    from erp.retorno_tray import cli, models, services, tasks, views  # noqa: F401

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.retorno_cli)
    # `flask lojas configurar`: no grupo das lojas, mas aqui, onde se enxergam os donos dos ajustes (cli.py).
    from erp.lojas_virtuais.cli import lojas_cli

    lojas_cli.add_command(cli.configurar_loja)
    from erp.vendas.cli import vendas_cli

    for comando in (cli.rastreio_cmd, cli.rastreio_planilha_cmd, cli.cancelar_na_tray_cmd):
        vendas_cli.add_command(comando)
    # A NF-e autorizada (remetente: a NotaFiscal) vira uma linha de envio, na transação que a autorizou.
    sinais.nota_autorizada.connect(services.ao_autorizar_nota)
    from erp.retorno_tray import rastreio

    # O cartão "Envio e rastreio" da venda mostra os rastreios a caminho da Tray (a venda não conhece o retorno).
    app.context_processor(lambda: {"rastreios_da_venda": rastreio.rastreios_da_venda})
