"""Simuladores da Tray e da SEFAZ, para a demonstração e os testes; fora do produto.

A linha de comando `flask sandbox ...` só é ligada com ERP_SANDBOX=1 (a demonstração e os testes).
"""


def init_app(app) -> None:
    from erp.sandbox import cli

    app.cli.add_command(cli.sandbox_cli)
