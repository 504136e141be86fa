"""Telas do retorno à Tray: a lista de envios (/retorno-tray/) e a configuração por loja (/lojas/<id>/retorno).

A lista, "tentar de novo" e "enviar pendentes" são de todos; a configuração da loja é de administrador."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import func, select

from erp.comum.paginacao import paginar
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.retorno_tray import cancelamento, services
from erp.retorno_tray import rastreio as servico
from erp.retorno_tray.models import SITUACOES_A_PROCESSAR, SITUACOES_ENVIO, ConfiguracaoRetorno, EnvioTray
from erp.retorno_tray.tasks import processar_retorno
from erp.usuarios.acesso import somente_admin
from erp.vendas.models import Venda

bp = Blueprint("retorno_tray", __name__)


def _voltar() -> str:
    destino = request.form.get("voltar", "")
    return destino if destino.startswith("/retorno-tray/") else url_for(".lista")


@bp.get("/retorno-tray/")
@login_required
def lista():
    situacao = request.args.get("situacao", "")
    situacao = situacao if situacao in SITUACOES_ENVIO else ""
    loja_id = request.args.get("loja", type=int)
    busca = request.args.get("busca", "").strip()
    pagina = paginar(services.consulta_envios(situacao, loja_id, busca), request.args.get("pagina"),
                     current_app.config["ITENS_POR_PAGINA"])
    lojas = db.session.scalars(select(LojaVirtual).order_by(LojaVirtual.nome_ordem)).all()
    configuradas = set(db.session.scalars(select(ConfiguracaoRetorno.loja_id)))
    args = {k: v for k, v in (("situacao", situacao), ("loja", loja_id), ("busca", busca)) if v}
    return render_template("retorno_tray/lista.html", pagina=pagina, situacoes=SITUACOES_ENVIO,
                           contagem=services.contagem_por_situacao(), lojas=lojas, configuradas=configuradas,
                           situacao=situacao, loja_id=loja_id, busca=busca, args=args)


@bp.post("/retorno-tray/<int:envio_id>/tentar")
@login_required
def tentar(envio_id: int):
    try:
        envio = services.tentar_de_novo(envio_id)
    except services.RetornoInvalido as erro:
        flash(str(erro), "warning")
    else:
        flash(f"A NF-e do pedido {envio.pedido_tray_id} voltou para a fila de envio à Tray.", "success")
    return redirect(_voltar())


@bp.post("/retorno-tray/processar")
@login_required
def processar():
    processar_retorno(None, True)
    flash("Os envios pendentes entraram na fila; acompanhe a situação nesta tela.", "info")
    return redirect(_voltar())


def _status_da_loja(loja, renovar: bool) -> tuple[list[dict], list[dict], str | None]:
    """(todos os status da loja, os que levam o pedido para a frente, erro) — a lista vem da Tray."""
    from erp.pedidos.configuracao import configuracao_da_loja
    from erp.pedidos.consultas_tray import status_da_loja

    try:
        status = status_da_loja(loja, renovar=renovar)
    except erros_tray.ErroTray as falha:
        return [], [], f"Não foi possível ler os status da loja na Tray: {falha}"
    return status, services.status_para_frente(status, configuracao_da_loja(loja).status_importaveis), None


def _escolha(dados) -> tuple[bool, bool, str]:
    return dados.get("ativo") == "1", dados.get("alterar_status") == "1", dados.get("status_nome", "").strip()


@bp.route("/lojas/<int:loja_id>/retorno", methods=["GET", "POST"])
@somente_admin
def configuracao(loja_id: int):
    loja = db.session.get(LojaVirtual, loja_id) or abort(404)
    status, para_frente, erro = _status_da_loja(loja, renovar=request.method == "GET")
    if request.method == "POST":
        try:
            services.salvar_configuracao(
                loja, *_escolha(request.form), [s["nome"] for s in status] if status else None,
                [s["nome"] for s in para_frente] if status else None)
        except services.RetornoInvalido as falha:
            flash(str(falha), "danger")
        else:
            flash("Configuração do retorno à Tray salva.", "success")
            return redirect(url_for(".configuracao", loja_id=loja.id))
    config = services.configuracao_da_loja(loja.id)
    aguardando = db.session.scalar(select(func.count()).select_from(EnvioTray).where(
        EnvioTray.loja_id == loja.id, EnvioTray.situacao.in_(SITUACOES_A_PROCESSAR)))
    if config is None:
        escolha = (True, True, "")
    else:
        escolha = (config.ativo, config.alterar_status, config.status_nome)
    return render_template("retorno_tray/configuracao.html", loja=loja, config=config, status=para_frente,
                           todos_os_status=status, erro=erro, aguardando=aguardando,
                           previa=services.previa(loja.id, *escolha, status))


@bp.get("/lojas/<int:loja_id>/retorno/previa")
@somente_admin
def previa(loja_id: int):
    """O trecho "ao salvar" recalculado a cada mudança do formulário (htmx), antes de salvar."""
    loja = db.session.get(LojaVirtual, loja_id) or abort(404)
    status, _, _ = _status_da_loja(loja, renovar=False)
    return render_template("retorno_tray/_previa.html",
                           previa=services.previa(loja.id, *_escolha(request.args), status))


# -- rastreio e cancelamento, a partir da venda ------------------------------------------------------
def _venda_ou_404(venda_id: int):
    return db.session.get(Venda, venda_id) or abort(404)


@bp.post("/vendas/<int:venda_id>/rastreio")
@login_required
def rastreio(venda_id: int):
    _venda_ou_404(venda_id)
    try:
        data_envio = servico.ler_data(request.form.get("data", "").strip())
        resultado = servico.registrar(venda_id, request.form.get("codigo", ""), request.form.get("url", ""),
                                      data_envio)
    except servico.RastreioInvalido as erro:
        flash(str(erro), "danger")
    else:
        if resultado.resultado == "ja_registrado":
            flash(f"O rastreio {resultado.codigo} já estava registrado: não vai de novo à Tray.", "info")
        else:
            flash(f"Rastreio {resultado.codigo} registrado; ele vai ao pedido {resultado.pedido_tray} da Tray.",
                  "success")
    return redirect(url_for("vendas.detalhe", venda_id=venda_id))


@bp.post("/vendas/rastreio/planilha")
@login_required
def rastreio_planilha():
    arquivo = request.files.get("arquivo")
    if arquivo is None or not arquivo.filename:
        flash("Escolha o arquivo CSV com os rastreios.", "warning")
        return redirect(url_for("vendas.lista"))
    try:
        conteudo = arquivo.read(2_000_000).decode("utf-8-sig")
    except UnicodeDecodeError:
        flash("O arquivo não é um CSV em UTF-8.", "danger")
        return redirect(url_for("vendas.lista"))
    resultados = servico.importar_planilha(conteudo)
    ok = sum(1 for r in resultados if r.resultado in ("registrado", "ja_registrado"))
    flash(f"{ok} rastreio(s) registrado(s) de {len(resultados)} linha(s).", "success" if ok else "warning")
    for r in resultados:
        if r.resultado == "falhou":
            flash(r.motivo, "danger")
    return redirect(url_for("vendas.lista"))


@bp.post("/retorno-tray/rastreio/<int:rastreio_id>/tentar")
@login_required
def tentar_rastreio(rastreio_id: int):
    try:
        linha = servico.tentar_de_novo(rastreio_id)
    except servico.RastreioInvalido as erro:
        flash(str(erro), "warning")
        return redirect(url_for("vendas.lista"))
    flash(f"O rastreio {linha.codigo} voltou para a fila de envio à Tray.", "success")
    return redirect(url_for("vendas.detalhe", venda_id=linha.venda_id))


@bp.route("/vendas/<int:venda_id>/cancelar-na-tray", methods=["GET", "POST"])
@somente_admin
def cancelar_na_tray(venda_id: int):
    venda = _venda_ou_404(venda_id)
    try:
        cancelamento.verificar(venda)
    except cancelamento.CancelamentoRecusado as erro:
        flash(str(erro), "warning")
        return redirect(url_for("vendas.detalhe", venda_id=venda.id))
    if request.method == "POST":
        resultado = cancelamento.cancelar_pedido_na_tray(venda.id)
        if resultado.resultado == "cancelado":
            flash(f"Pedido {resultado.pedido_tray} cancelado na Tray; a venda nº {venda.id} está cancelada.",
                  "success")
        else:
            flash(resultado.motivo, "danger")
        return redirect(url_for("vendas.detalhe", venda_id=venda.id))
    return render_template("retorno_tray/cancelar_pedido.html", venda=venda)
