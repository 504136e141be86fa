"""Telas do retorno à Tray: a lista de envios (/retorno-tray/) e a configuração por loja (/lojas/<id>/retorno).

A lista, "tentar de novo" e "enviar pendentes" são de todos; a configuração da loja é de administrador."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import func, select

from erp.comum.paginacao import paginar
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.retorno_tray import services
from erp.retorno_tray.models import SITUACOES_A_PROCESSAR, SITUACOES_ENVIO, ConfiguracaoRetorno, EnvioTray
from erp.retorno_tray.tasks import processar_retorno
from erp.usuarios.acesso import somente_admin

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
    lojas = db.session.scalars(select(LojaVirtual).order_by(LojaVirtual.nome)).all()
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
