"""Comandos `flask sandbox ...`: simuladores para testes e demonstração."""
import click
from flask.cli import AppGroup

sandbox_cli = AppGroup("sandbox", help="Simuladores externos para testes e demonstração (loja Tray, SEFAZ e certificado A1 de teste).")


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


@sandbox_cli.command("sefaz", with_appcontext=False)
@click.option("--porta", type=int, default=5056, show_default=True, help="Porta em 127.0.0.1.")
@click.option("--consultas-em-processamento", type=int, default=1, show_default=True,
              help="Quantas consultas de recibo respondem 105 antes do lote sair processado.")
@click.option("--producao", is_flag=True, help="Simula o ambiente de produção (tpAmb=1).")
def sefaz(porta: int, consultas_em_processamento: int, producao: bool) -> None:
    """Sobe a SEFAZ simulada (NF-e 4.00, SOAP 1.2) em primeiro plano (Ctrl+C encerra)."""
    import socket

    from erp.sandbox.sefaz.servidor import HOST, criar_simulador

    try:
        with socket.socket() as teste:  # o werkzeug encerraria o processo sem dizer o motivo em português
            teste.bind((HOST, porta))
        simulador = criar_simulador(porta, registrar_acessos=True, ambiente=1 if producao else 2,
                                    consultas_em_processamento=consultas_em_processamento)
    except OSError as erro:
        raise click.ClickException(f"Não foi possível abrir a porta {porta}: {erro}") from None
    click.echo("SEFAZ simulada no ar.")
    click.echo(f"  SEFAZ_URL:  {simulador.url}")
    click.echo(f"  Ambiente:   {'produção' if producao else 'homologação'}")
    click.echo(f"  Inspeção:   {simulador.url}/_sandbox/notas, /_sandbox/requisicoes, /_sandbox/falhas, ...")
    click.echo(f"  SVC:        {simulador.url}/_sandbox/svc/notas, ...; para a autorizadora: sandbox sefaz-servico")
    servir_em_primeiro_plano(simulador)


@sandbox_cli.command("sefaz-servico")
@click.option("--cstat", type=click.Choice(["107", "108", "109"]), required=True,
              help="108/109: a SEFAZ autorizadora para (a SVC segue no ar); 107: volta (e recebe as notas da SVC).")
@click.option("--url", help="Endereço da SEFAZ simulada (padrão: SEFAZ_URL desta instalação).")
def sefaz_servico(cstat: str, url: str | None) -> None:
    """Liga ou desliga a paralisação da SEFAZ autorizadora simulada, para ver a contingência SVC na demonstração."""
    import requests
    from flask import current_app

    base = (url or current_app.config.get("SEFAZ_URL") or "").rstrip("/")
    if not base:
        raise click.ClickException("Informe --url ou configure SEFAZ_URL (a SEFAZ simulada).")
    try:
        resposta = requests.post(f"{base}/_sandbox/status", json={"cstat": int(cstat)}, timeout=5)
    except requests.RequestException as erro:
        raise click.ClickException(f"SEFAZ simulada fora do ar em {base}: {erro}") from None
    if resposta.status_code != 200:
        raise click.ClickException(f"A SEFAZ simulada recusou: {resposta.text}")
    estado = "em operação" if cstat == "107" else f"paralisada ({cstat})"
    click.echo(f"SEFAZ autorizadora simulada {estado} em {base}; a SVC continua atendendo.")


@sandbox_cli.command("certificado", with_appcontext=False)
@click.option("--cnpj", required=True, help="CNPJ do titular (pode ser alfanumérico).")
@click.option("--saida", required=True, type=click.Path(dir_okay=False), help="Arquivo .pfx a criar.")
@click.option("--senha", required=True, help="Senha do arquivo.")
@click.option("--razao-social", default="EMPRESA DEMONSTRACAO", show_default=True, help="Nome do titular.")
@click.option("--dias", default=365, show_default=True, help="Validade em dias.")
def certificado(cnpj: str, saida: str, senha: str, razao_social: str, dias: int) -> None:
    """Cria um certificado A1 autoassinado de teste (a SEFAZ não o aceita)."""
    import re
    from pathlib import Path

    from erp.sandbox.certificado import gerar_certificado_teste

    cnpj = re.sub(r"[^0-9A-Za-z]", "", cnpj).upper()
    if not re.fullmatch(r"[0-9A-Z]{12}[0-9]{2}", cnpj):
        raise click.ClickException(f"CNPJ {cnpj} inválido.")
    destino = Path(saida)
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_bytes(gerar_certificado_teste(cnpj, senha, razao_social=razao_social.upper(), dias=dias))
    click.echo(f"Certificado de teste para {cnpj} gravado em {saida} (válido por {dias} dias).")
