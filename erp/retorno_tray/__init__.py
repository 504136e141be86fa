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
    # A NF-e autorizada (remetente: a NotaFiscal) vira uma linha de envio, na transação que a autorizou.
    sinais.nota_autorizada.connect(services.ao_autorizar_nota)
