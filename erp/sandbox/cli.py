"""Comandos `flask sandbox ...`: simuladores para testes e demonstração."""
import click
from flask.cli import AppGroup

sandbox_cli = AppGroup("sandbox", help="Simuladores externos para testes e demonstração (loja Tray).")


def servir_em_primeiro_plano(simulador) -> None:
    """Atende até o Ctrl+C; depois para o simulador (e fecha a porta)."""
    try:
        simulador.servidor.serve_forever()
    except KeyboardInterrupt:
        click.echo("Encerrando.")
    finally:
        simulador.parar()


@sandbox_cli.command("tray", with_appcontext=False)
@click.option("--porta", type=int, default=5055, show_default=True, help="Porta em 127.0.0.1.")
@click.option("--dados", type=click.Path(exists=True, dir_okay=False),
              help="Semente JSON (padrão: erp/sandbox/dados/demo.json).")
@click.option("--webhook", help="URL que recebe as notificações da loja.")
@click.option("--webhook-duplicado", is_flag=True, help="Entrega cada notificação duas vezes.")
@click.option("--limite-minuto", type=int, help="Requisições por minuto (padrão da semente: 180).")
def tray(porta, dados, webhook, webhook_duplicado, limite_minuto):
    """Sobe a loja Tray simulada em primeiro plano (Ctrl+C encerra)."""
    from erp.sandbox.tray.pedido_semente import ErroSemente
    from erp.sandbox.tray.semente import carregar_semente
    from erp.sandbox.tray.servidor import criar_simulador

    try:
        semente = carregar_semente(dados)
        if limite_minuto is not None:
            semente = {**semente, "store": {**semente["store"], "rate_limit_per_minute": limite_minuto}}
        simulador = criar_simulador(semente, porta, webhook_url=webhook, webhook_duplicado=webhook_duplicado,
                                    registrar_acessos=True)
    except ErroSemente as erro:
        raise click.ClickException(f"Semente recusada: {erro}") from None
    except OSError as erro:
        raise click.ClickException(f"Não foi possível abrir a porta {porta}: {erro}") from None
    est = simulador.estado
    click.echo("Loja Tray simulada no ar.")
    click.echo(f"  URL da API:      {simulador.url_api}")
    click.echo(f"  Loja (store_id): {simulador.store_id} ({est.loja.get('name', '')})")
    click.echo(f"  Code:            {simulador.code}")
    click.echo(f"  Consumer key:    {simulador.consumer_key}")
    click.echo(f"  Consumer secret: {simulador.consumer_secret}")
    click.echo(f"  Limites:         {est.limitador.por_minuto}/min, {est.limitador.por_dia}/dia")
    if webhook:
        click.echo(f"  Notificações:    {webhook}{' (duplicadas)' if webhook_duplicado else ''}")
    click.echo(f"  Inspeção:        {simulador.url_base}/_sandbox/requests, /_sandbox/emails, ...")
    servir_em_primeiro_plano(simulador)
