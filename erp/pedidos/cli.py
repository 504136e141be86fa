"""Linha de comando: `flask pedidos importar` (cron ou manual)."""
import json
from datetime import date

import click
from flask.cli import AppGroup

from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.pedidos.filtros import Filtros
from erp.pedidos.importacao import importar_lote, resumo
from erp.pedidos.lote import importar_do_filtro, mensagem_resumo, primeiro_as_falhas
from erp.pedidos.models import DesfechoImportacao

pedidos_cli = AppGroup("pedidos", help="Pedidos das lojas virtuais.")


def _data(valor: str | None) -> date | None:
    if not valor:
        return None
    try:
        return date.fromisoformat(valor)
    except ValueError:
        raise click.BadParameter("use AAAA-MM-DD", param_hint="--desde") from None


def _ids(texto: str) -> list[str]:
    ids = [parte.strip() for parte in texto.split(",") if parte.strip()]
    if not ids or not all(i.isdigit() for i in ids):
        raise click.BadParameter("lista de números de pedido da Tray, separados por vírgula", param_hint="--ids")
    return ids


@pedidos_cli.command("importar")
@click.option("--loja", "loja_id", type=int, required=True, help="Id da loja virtual no ERP.")
@click.option("--todos", is_flag=True, help="Todos os pedidos da loja (com --status e --desde, se dados).")
@click.option("--ids", help="Números dos pedidos na Tray, separados por vírgula (ex.: 1001,1002).")
@click.option("--status", help="Só pedidos com este status da Tray (com --todos).")
@click.option("--desde", help="Só pedidos desta data em diante, AAAA-MM-DD (com --todos).")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON, um objeto por pedido.")
def importar(loja_id: int, todos: bool, ids: str | None, status: str | None, desde: str | None,
             como_json: bool) -> None:
    """Importa pedidos da Tray como vendas e mostra o resumo."""
    if todos == bool(ids):
        raise click.UsageError("Use --todos ou --ids (um dos dois).")
    inicio = _data(desde)
    loja = db.session.get(LojaVirtual, loja_id)
    if loja is None:
        raise click.ClickException(f"Loja virtual {loja_id} não encontrada.")
    try:
        if todos:
            resultados = importar_do_filtro(loja, Filtros(status=status or "", de=inicio), "cli")
        else:
            resultados = importar_lote(loja, _ids(ids), "cli")
    except erros_tray.ErroTray as erro:
        raise click.ClickException(str(erro)) from None
    if como_json:
        click.echo(json.dumps([r.como_dict() for r in resultados], ensure_ascii=False))
        return
    click.echo(f"Loja {loja.nome}: {len(resultados)} pedido(s) — {mensagem_resumo(resumo(resultados))}")
    for resultado in primeiro_as_falhas(resultados):
        if resultado.resultado in (DesfechoImportacao.FALHOU, DesfechoImportacao.IGNORADO):
            click.echo(f"  pedido {resultado.pedido_tray}: {resultado.nome.lower()} — {resultado.mensagem}")


@pedidos_cli.command("url-webhook")
def url_webhook() -> None:
    """Imprime o endereço das notificações a cadastrar no aplicativo da Tray (leva o segredo)."""
    from erp.pedidos.webhooks import url_do_webhook

    click.echo(url_do_webhook())
