"""Linha de comando: `flask vendas listar`."""
import json

import click
from flask.cli import AppGroup

from erp.vendas.consultas import FiltrosVendas, consulta_vendas, venda_como_dict
from erp.vendas.estados import SituacaoVenda

vendas_cli = AppGroup("vendas", help="Vendas (pedidos de venda do ERP).")


@vendas_cli.command("listar")
@click.option("--situacao", type=click.Choice([s.value for s in SituacaoVenda]), help="Filtra pela situação.")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON, um objeto por venda.")
def listar(situacao: str | None, como_json: bool) -> None:
    """Lista as vendas (mais recentes primeiro)."""
    vendas = consulta_vendas(FiltrosVendas(situacao=situacao or "")).all()
    if como_json:
        click.echo(json.dumps([venda_como_dict(v) for v in vendas], ensure_ascii=False))
        return
    if not vendas:
        click.echo("Nenhuma venda.")
    for venda in vendas:
        click.echo(f"{venda.id:>6}  pedido {venda.pedido_tray_id:<10} {venda.situacao_nome:<20} "
                   f"{venda.cliente.nome[:40]:<40} R$ {venda.total:>12}")
