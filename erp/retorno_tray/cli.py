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


# -- `flask lojas configurar` ------------------------------------------------------------------------
# Os ajustes por loja têm donos em camadas diferentes: a importação e a sondagem em `erp.pedidos.configuracao`, o
# retorno em `erp.retorno_tray.services`. O retorno é o módulo mais baixo que enxerga os dois donos (retorno_tray >
# nfe > pedidos > ... > lojas_virtuais), então o comando mora aqui e entra no grupo `lojas` pelo `init_app` do
# retorno (lojas_virtuais, mais abaixo, não pode importar pedidos nem retorno_tray).
SIM_NAO = click.Choice(["sim", "nao"], case_sensitive=False)


def _ajustes(loja) -> dict:
    from erp.pedidos.configuracao import configuracao_da_loja as importacao_da_loja

    importacao = importacao_da_loja(loja)
    retorno = services.configuracao_da_loja(loja.id)
    return {
        "loja": {"id": loja.id, "nome": loja.nome, "situacao": loja.situacao},
        "importacao": {
            "importacao_automatica": importacao.importacao_automatica,
            "status_importaveis": list(importacao.status_importaveis),
            "juros_como": importacao.juros_como,
            "sondagem_min": importacao.sondagem_min,
            "sondagem_em": loja.sondagem_em.isoformat(sep=" ", timespec="seconds") if loja.sondagem_em else None,
        },
        "retorno": {
            "configurado": retorno is not None,
            "ativo": bool(retorno.ativo) if retorno else False,
            "alterar_status": bool(retorno.alterar_status) if retorno else False,
            "status": retorno.status_nome if retorno else "",
        },
    }


def _status_da_loja(loja) -> list[str] | None:
    """Os nomes dos status da loja, para validar o que foi digitado; None (sem validar) se a Tray não responde."""
    from erp.lojas_virtuais.tray import erros as erros_tray
    from erp.pedidos.consultas_tray import status_da_loja

    try:
        return [s["nome"] for s in status_da_loja(loja, renovar=True)]
    except erros_tray.ErroTray as erro:
        click.echo(f"Aviso: não foi possível ler os status da loja na Tray ({erro}); os nomes não foram "
                   "conferidos.", err=True)
        return None


@click.command("configurar")
@click.option("--loja", "loja_id", type=int, required=True, help="Id da loja no ERP (flask lojas listar).")
@click.option("--importacao-automatica", type=SIM_NAO, help="As notificações da Tray importam os pedidos sozinhas.")
@click.option("--status-importaveis", help='Nomes dos status importados, separados por vírgula ("" volta ao padrão: '
                                           "os pagos).")
@click.option("--sondagem-min", type=int, help="A cada quantos minutos ler os pedidos alterados na Tray (0 desliga).")
@click.option("--retorno", type=SIM_NAO, help="Enviar a NF-e autorizada (e o novo status) ao pedido na Tray.")
@click.option("--retorno-status", help="Nome do status que o pedido recebe na Tray depois de faturado.")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def configurar_loja(loja_id: int, importacao_automatica: str | None, status_importaveis: str | None,
                    sondagem_min: int | None, retorno: str | None, retorno_status: str | None,
                    como_json: bool) -> None:
    """Mostra e muda os ajustes da loja: importação, sondagem e retorno. Sem opções, só mostra."""
    from erp.lojas_virtuais.models import LojaVirtual
    from erp.pedidos.configuracao import ConfiguracaoInvalida, configuracao_da_loja, salvar_configuracao

    loja = db.session.get(LojaVirtual, loja_id)
    if loja is None:
        click.echo(f"Erro: loja {loja_id} não encontrada", err=True)
        raise SystemExit(1)
    nomes = None
    if (status_importaveis or retorno_status) and loja.situacao != "pausada":
        nomes = _status_da_loja(loja)
    try:
        if importacao_automatica is not None or status_importaveis is not None or sondagem_min is not None:
            atual = configuracao_da_loja(loja)
            escolhidos = (list(atual.status_importaveis) if status_importaveis is None
                          else [s.strip() for s in status_importaveis.split(",") if s.strip()])
            automatica = (atual.importacao_automatica if importacao_automatica is None
                          else importacao_automatica.lower() == "sim")
            salvar_configuracao(loja, escolhidos, automatica, atual.juros_como,
                                nomes if status_importaveis else None, sondagem_min=sondagem_min)
        if retorno is not None or retorno_status is not None:
            atual_retorno = services.configuracao_da_loja(loja.id)
            ativo = (retorno.lower() == "sim") if retorno is not None else (
                atual_retorno.ativo if atual_retorno else True)
            status_nome = retorno_status if retorno_status is not None else (
                atual_retorno.status_nome if atual_retorno else "")
            alterar = bool(status_nome) or (atual_retorno.alterar_status if atual_retorno else False)
            services.salvar_configuracao(loja, ativo, alterar, status_nome, nomes if retorno_status else None)
    except (ConfiguracaoInvalida, services.RetornoInvalido) as erro:
        db.session.rollback()
        click.echo(f"Erro: {erro}", err=True)
        raise SystemExit(1) from None
    db.session.refresh(loja)
    ajustes = _ajustes(loja)
    if como_json:
        click.echo(json.dumps(ajustes, ensure_ascii=False))
        return
    imp, ret = ajustes["importacao"], ajustes["retorno"]
    click.echo(f"Loja {loja.id} · {loja.nome}")
    click.echo(f"  importação automática: {'sim' if imp['importacao_automatica'] else 'não'}")
    click.echo(f"  status importados: {', '.join(imp['status_importaveis']) or 'os pagos (padrão)'}")
    click.echo(f"  sondagem: {'a cada ' + str(imp['sondagem_min']) + ' min' if imp['sondagem_min'] else 'desligada'}")
    if not ret["configurado"]:
        click.echo("  retorno à Tray: não configurado")
    else:
        click.echo(f"  retorno à Tray: {'ligado' if ret['ativo'] else 'desligado'}"
                   + (f", status {ret['status']}" if ret["alterar_status"] and ret["status"] else ""))


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
