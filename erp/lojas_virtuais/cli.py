"""Comandos `flask lojas ...`: conectar, listar, testar, pausar, retomar e recifrar."""
import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from erp.lojas_virtuais import services
from erp.lojas_virtuais.tray import erros

lojas_cli = AppGroup("lojas", help="Lojas virtuais (Tray Commerce).")


def _sair_com_erro(erro: Exception) -> None:
    click.echo(f"Erro: {erro}", err=True)
    sys.exit(1)


def _loja(loja_id: int):
    loja = services.obter(loja_id)
    if loja is None:
        _sair_com_erro(f"loja {loja_id} não encontrada")
    return loja


def _iso(momento) -> str | None:
    return momento.isoformat(sep=" ", timespec="seconds") if momento else None


@lojas_cli.command("conectar")
@click.option("--usuario", required=True, help="Código de cliente (store id) da loja na Tray.")
@click.option("--site", required=True, help="URL da API da loja (…/web_api).")
@click.option("--code", required=True, help="Code gerado no painel da Tray.")
@click.option("--nome", default=None, help="Nome da loja (padrão: o da Tray).")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def conectar(usuario: str, site: str, code: str, nome: str | None, como_json: bool) -> None:
    """Conecta (ou reconecta) uma loja Tray e imprime o id dela."""
    try:
        loja = services.conectar_loja(usuario, site, code, nome=nome)
    except (services.DadosInvalidos, erros.ErroTray) as erro:
        _sair_com_erro(erro)
    if como_json:
        click.echo(json.dumps({"id": loja.id, "nome": loja.nome, "situacao": loja.situacao}, ensure_ascii=False))
    else:
        click.echo(loja.id)


@lojas_cli.command("listar")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def listar(como_json: bool) -> None:
    """Lista as lojas cadastradas e a situação de cada uma."""
    lojas = services.listar()
    if como_json:
        click.echo(json.dumps([
            {"id": loja.id, "nome": loja.nome, "usuario": loja.usuario, "site": loja.site,
             "situacao": loja.situacao, "token_expira_em": _iso(loja.refresh_expira_em)}
            for loja in lojas
        ], ensure_ascii=False))
        return
    if not lojas:
        click.echo("Nenhuma loja virtual cadastrada.")
        return
    linhas = [("ID", "NOME", "USUÁRIO", "SITE", "SITUAÇÃO")]
    linhas += [(str(loja.id), loja.nome, loja.usuario, loja.site, services.situacao_texto(loja)) for loja in lojas]
    larguras = [max(len(linha[i]) for linha in linhas) for i in range(4)]
    for linha in linhas:
        click.echo("  ".join(valor.ljust(larguras[i]) for i, valor in enumerate(linha[:4])) + "  " + linha[4])


@lojas_cli.command("testar")
@click.option("--loja", "loja_id", type=int, required=True)
def testar(loja_id: int) -> None:
    """Testa a conexão com a Tray (GET /orders?limit=1)."""
    loja = _loja(loja_id)
    try:
        click.echo(services.testar_conexao(loja))
    except erros.ErroTray as erro:
        _sair_com_erro(erro)


@lojas_cli.command("pausar")
@click.option("--loja", "loja_id", type=int, required=True)
@click.option("--motivo", required=True)
def pausar(loja_id: int, motivo: str) -> None:
    """Pausa a sincronização da loja."""
    try:
        loja = services.pausar(_loja(loja_id), motivo)
    except services.DadosInvalidos as erro:
        _sair_com_erro(erro)
    click.echo(f"Loja {loja.nome}: {services.situacao_texto(loja)}")


@lojas_cli.command("retomar")
@click.option("--loja", "loja_id", type=int, required=True)
def retomar(loja_id: int) -> None:
    """Retoma uma loja pausada."""
    loja = services.retomar(_loja(loja_id))
    click.echo(f"Loja {loja.nome}: {services.situacao_texto(loja)}")


@lojas_cli.command("recifrar")
def recifrar() -> None:
    """Cifra de novo todos os segredos do banco com a chave de ERP_CHAVE_SEGREDOS_NOVA."""
    from erp.lojas_virtuais.recifrar import ChaveInvalida, recifrar_segredos

    nova = current_app.config.get("ERP_CHAVE_SEGREDOS_NOVA") or ""
    try:
        contagem = recifrar_segredos(nova)
    except ChaveInvalida as erro:
        _sair_com_erro(erro)
    for coluna, quantos in contagem.items():
        click.echo(f"{coluna}: {quantos} valor(es) cifrado(s) de novo")
    click.echo("Pronto. Agora defina ERP_CHAVE_SEGREDOS com a nova chave (e troque instance/segredos.key, "
               "se a chave vinha de lá) antes de reiniciar a aplicação.")
