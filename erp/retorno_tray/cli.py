"""Linha de comando: `flask retorno enviar` (cron ou manual), `flask retorno listar` e `flask retorno tentar`."""
import json

import click
from flask.cli import AppGroup

from erp.extensions import db
from erp.retorno_tray import services
from erp.retorno_tray.models import SituacaoEnvio

retorno_cli = AppGroup("retorno", help="Retorno das NF-e autorizadas aos pedidos da Tray.")

NOMES_RESULTADO = {"enviado": "enviado", "ja_enviado": "já estava na Tray", "falhou": "falhou",
                   "pendente": "pendente"}


@retorno_cli.command("enviar")
@click.option("--loja", "loja_id", type=int, help="Só os envios desta loja (id no ERP).")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON, um objeto por nota.")
def enviar(loja_id: int | None, como_json: bool) -> None:
    """Envia agora as notas pendentes (inclusive as que esperavam nova tentativa)."""
    resultados = services.processar_pendentes(loja_id=loja_id, agora_mesmo=True)
    if como_json:
        click.echo(json.dumps([r.como_dict() for r in resultados], ensure_ascii=False))
        return
    for r in resultados:
        linha = f"NF-e {r.numero} · pedido {r.pedido_tray}: {NOMES_RESULTADO.get(r.resultado, r.resultado)}"
        click.echo(linha + (f" — {r.motivo}" if r.motivo else ""))
    contagem = {chave: sum(1 for r in resultados if r.resultado == chave) for chave in NOMES_RESULTADO}
    click.echo(f"{contagem['enviado']} enviada(s), {contagem['ja_enviado']} já estavam na Tray, "
               f"{contagem['pendente']} pendente(s), {contagem['falhou']} com falha.")


@retorno_cli.command("listar")
@click.option("--situacao", type=click.Choice([s.value for s in SituacaoEnvio]), help="Só esta situação.")
@click.option("--loja", "loja_id", type=int, help="Só os envios desta loja (id no ERP).")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def listar(situacao: str | None, loja_id: int | None, como_json: bool) -> None:
    """Lista os envios de NF-e à Tray."""
    envios = db.session.scalars(services.consulta_envios(situacao or "", loja_id)).all()
    if como_json:
        click.echo(json.dumps([services.envio_como_dict(e) for e in envios], ensure_ascii=False))
        return
    if not envios:
        click.echo("Nenhum envio.")
    for e in envios:
        numero = e.nota.numero if e.nota else "?"
        linha = f"#{e.id} NF-e {numero} · pedido {e.pedido_tray_id} · {e.situacao_nome}"
        if e.status_mantido:
            linha += f" · pedido já estava em {e.status_mantido} na Tray: status mantido"
        click.echo(linha + (f" — {e.ultimo_erro}" if e.ultimo_erro else ""))


@retorno_cli.command("tentar")
@click.argument("envio_id", type=int)
def tentar(envio_id: int) -> None:
    """Põe de volta na fila um envio que falhou (zera as tentativas)."""
    try:
        envio = services.tentar_de_novo(envio_id)
    except services.RetornoInvalido as erro:
        raise click.ClickException(str(erro)) from None
    click.echo(f"Envio {envio.id} (pedido {envio.pedido_tray_id}) de volta na fila.")


# -- comandos do grupo `vendas` (ligados em init_app: o retorno fica acima das vendas) ----------------
NOMES_RASTREIO = {"registrado": "registrado, a caminho da Tray", "ja_registrado": "já estava registrado",
                  "enviado": "enviado à Tray", "falhou": "falhou", "pendente": "pendente"}


def _eco_rastreio(resultados, como_json: bool) -> None:
    if como_json:
        click.echo(json.dumps([r.como_dict() for r in resultados], ensure_ascii=False))
        return
    for r in resultados:
        linha = f"venda {r.venda} · pedido {r.pedido_tray} · {r.codigo}: {NOMES_RASTREIO.get(r.resultado, r.resultado)}"
        click.echo(linha + (f" — {r.motivo}" if r.motivo else ""))


@click.command("rastreio")
@click.option("--venda", "venda_id", type=int, required=True, help="Id da venda no ERP.")
@click.option("--codigo", required=True, help="Código de rastreio do envio.")
@click.option("--url", default="", help="Endereço de rastreio (opcional).")
@click.option("--data", "data_envio", type=click.DateTime(formats=["%d/%m/%Y", "%Y-%m-%d"]),
              help="Data do envio (dd/mm/aaaa); padrão: hoje.")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def rastreio_cmd(venda_id: int, codigo: str, url: str, data_envio, como_json: bool) -> None:
    """Registra o rastreio do envio da venda; ele vai ao pedido da Tray pela fila, uma vez só."""
    from erp.retorno_tray import rastreio

    try:
        resultado = rastreio.registrar(venda_id, codigo, url, data_envio.date() if data_envio else None)
    except rastreio.RastreioInvalido as erro:
        resultado = rastreio.ResultadoRastreio(venda_id, "", codigo, "falhou", "", str(erro))
    _eco_rastreio([resultado], como_json)


@click.command("rastreio-planilha")
@click.argument("arquivo", type=click.File("r", encoding="utf-8-sig"))
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON, um objeto por linha.")
def rastreio_planilha_cmd(arquivo, como_json: bool) -> None:
    """Importa rastreios de um CSV (colunas venda ou pedido, codigo, url, data)."""
    from erp.retorno_tray import rastreio

    _eco_rastreio(rastreio.importar_planilha(arquivo.read()), como_json)


@click.command("cancelar-na-tray")
@click.option("--venda", "venda_id", type=int, required=True, help="Id da venda no ERP.")
@click.option("--sim", "confirmado", is_flag=True, help="Confirma sem perguntar.")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def cancelar_na_tray_cmd(venda_id: int, confirmado: bool, como_json: bool) -> None:
    """Cancela na Tray o pedido da venda (e a venda no ERP, se ainda não estiver cancelada)."""
    from erp.retorno_tray import cancelamento

    if not confirmado and como_json:
        click.echo(json.dumps({"venda": venda_id, "resultado": "recusado",
                               "motivo": "Confirme com --sim: o comprador recebe o e-mail da loja."}))
        return
    if not confirmado:
        click.confirm(f"Cancelar na Tray o pedido da venda {venda_id}? O comprador recebe o e-mail da loja.",
                      abort=True)
    try:
        resultado = cancelamento.cancelar_pedido_na_tray(venda_id)
    except cancelamento.CancelamentoRecusado as erro:
        resultado = cancelamento.ResultadoCancelamento(venda_id, "", "recusado", str(erro))
    if como_json:
        click.echo(json.dumps(resultado.como_dict(), ensure_ascii=False))
    else:
        click.echo(f"venda {resultado.venda} · pedido {resultado.pedido_tray}: {resultado.resultado}"
                   + (f" — {resultado.motivo}" if resultado.motivo else ""))
