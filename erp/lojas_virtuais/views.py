"""Telas de Lojas Virtuais: lista, nova loja, testar, pausar/retomar, editar, reconectar, remover.

Cadastrar, editar, reconectar, remover, pausar e retomar uma loja são tarefas de administrador
(`somente_admin`: 403 para os demais, em GET e POST); a lista e o teste de conexão são de todos."""
import hmac
import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import login_required

from erp.comum.paginacao import paginar
from erp.usuarios.acesso import somente_admin
from erp.lojas_virtuais import services
from erp.lojas_virtuais.forms import ConectarTrayForm, EditarLojaForm, NovaLojaForm, PausarForm, ReconectarForm
from erp.lojas_virtuais.tray import erros

bp = Blueprint("lojas_virtuais", __name__, url_prefix="/lojas")


@bp.context_processor
def _ajudantes():
    return {"situacao_texto": services.situacao_texto, "situacao_resumo": services.situacao_resumo,
            "situacao_cor": services.situacao_cor,
            "loja_conectada": services.conectada, "uso_do_limite": services.uso_do_limite_texto}


def _loja(loja_id: int):
    return services.obter(loja_id) or abort(404)


def _falha(erro: Exception) -> None:
    flash(str(erro), "danger")


@bp.get("/")
@login_required
def lista():
    pagina = paginar(services.consulta(), request.args.get("pagina"), current_app.config["ITENS_POR_PAGINA"])
    return render_template("lojas_virtuais/lista.html", pagina=pagina)


@bp.route("/nova", methods=["GET", "POST"])
@somente_admin
def nova():
    form = NovaLojaForm()
    campo_com_erro, erros_campos = None, {}
    if form.validate_on_submit():
        erros_campos = services.erros_do_cadastro(form.usuario.data, form.site.data, form.code.data)
        if erros_campos:  # todos de uma vez, cada um no seu campo; nada foi enviado à Tray
            flash("Corrija os campos destacados.", "danger")
            return render_template("lojas_virtuais/nova.html", form=form, campo_com_erro=None, erros=erros_campos,
                                   form_tray=ConectarTrayForm(formdata=None)), 422
        try:
            loja = services.conectar_loja(form.usuario.data, form.site.data, form.code.data, nome=form.nome.data)
        except services.DadosInvalidos as erro:
            campo_com_erro = erro.campo
            _falha(erro)
        except erros.ErroTray as erro:
            campo_com_erro = {erros.ErroAutenticacao: "code"}.get(type(erro), "site")
            _falha(erro)
        else:
            flash(f"Loja virtual “{loja.nome}” conectada.", "success")
            return redirect(url_for(".lista"))
    return render_template("lojas_virtuais/nova.html", form=form, campo_com_erro=campo_com_erro,
                           erros=erros_campos, form_tray=ConectarTrayForm(formdata=None))


# A instalação pelo botão: o estado (aleatório) fica na sessão de quem clicou e volta no caminho do callback; o
# retorno só conecta a loja se os dois baterem (e só uma vez: o estado sai da sessão ao voltar).
CHAVE_INSTALACAO = "lojas.instalacao_tray"


@bp.post("/conectar-tray")
@somente_admin
def conectar_tray():
    form = ConectarTrayForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        endereco = services.endereco_da_loja(form.endereco.data)
    except services.DadosInvalidos as erro:
        _falha(erro)
        return redirect(url_for(".nova"))
    session[CHAVE_INSTALACAO] = {"estado": secrets.token_urlsafe(32), "endereco": endereco}
    return redirect(url_for(".continuar_na_tray"))


@bp.get("/conectar-tray")
@somente_admin
def continuar_na_tray():
    """A página com o link para a Tray. O formulário não pode redirecionar direto a outro site: a política de
    segurança das páginas (`form-action 'self'`) barra o redirecionamento de um envio de formulário."""
    pedido = session.get(CHAVE_INSTALACAO)
    if not pedido:
        return redirect(url_for(".nova"))
    callback = (current_app.config["ERP_URL_PUBLICA"].rstrip("/")
                + url_for(".retorno_da_tray", estado=pedido["estado"]))
    return render_template("lojas_virtuais/conectar_tray.html", endereco=pedido["endereco"],
                           url=services.url_de_instalacao(pedido["endereco"], callback))


@bp.get("/tray/retorno/<estado>")
@somente_admin
def retorno_da_tray(estado: str):
    esperado = session.pop(CHAVE_INSTALACAO, None) or {}
    if not hmac.compare_digest(str(esperado.get("estado", "")).encode(), estado.encode()):
        flash("Este retorno da Tray não corresponde a um pedido de conexão feito nesta sessão (ou já foi usado): "
              "clique de novo em “Conectar com a Tray”.", "danger")
        return redirect(url_for(".nova"))
    try:
        loja = services.conectar_pela_instalacao(request.args.get("code"), request.args.get("api_address"),
                                                 request.args.get("store"))
    except (services.DadosInvalidos, erros.ErroTray) as erro:
        _falha(erro)
        return redirect(url_for(".nova"))
    flash(f"Loja virtual “{loja.nome}” conectada pela Tray.", "success")
    return redirect(url_for(".lista"))


@bp.post("/<int:loja_id>/testar")
@login_required
def testar(loja_id: int):
    loja = _loja(loja_id)
    try:
        flash(services.testar_conexao(loja), "success")
    except erros.ErroTray as erro:
        _falha(erro)
    return redirect(url_for(".lista"))


@bp.route("/<int:loja_id>/pausar", methods=["GET", "POST"])
@somente_admin
def pausar(loja_id: int):
    loja = _loja(loja_id)
    form = PausarForm()
    if form.validate_on_submit():
        try:
            services.pausar(loja, form.motivo.data)
        except services.DadosInvalidos as erro:
            _falha(erro)
        else:
            flash(f"Loja virtual “{loja.nome}” pausada.", "success")
            return redirect(url_for(".lista"))
    return render_template("lojas_virtuais/pausar.html", form=form, loja=loja)


@bp.post("/<int:loja_id>/retomar")
@somente_admin
def retomar(loja_id: int):
    loja = services.retomar(_loja(loja_id))
    flash(f"Loja virtual “{loja.nome}” retomada: {services.situacao_texto(loja)}.", "success")
    return redirect(url_for(".lista"))


@bp.route("/<int:loja_id>/editar", methods=["GET", "POST"])
@somente_admin
def editar(loja_id: int):
    loja = _loja(loja_id)
    form = EditarLojaForm(obj=loja)
    campo_com_erro = None
    if form.validate_on_submit():
        site_antes = loja.site
        try:
            services.editar(loja, nome=form.nome.data, site=form.site.data)
        except services.DadosInvalidos as erro:
            campo_com_erro = erro.campo
            _falha(erro)
        else:
            flash(f"Loja virtual “{loja.nome}” salva.", "success")
            if loja.site != site_antes:
                flash(services.MSG_SITE_MUDOU, "warning")
                return redirect(url_for(".reconectar", loja_id=loja.id))
            return redirect(url_for(".lista"))
    return render_template("lojas_virtuais/editar.html", form=form, loja=loja, campo_com_erro=campo_com_erro)


@bp.route("/<int:loja_id>/reconectar", methods=["GET", "POST"])
@somente_admin
def reconectar(loja_id: int):
    loja = _loja(loja_id)
    form = ReconectarForm()
    if form.validate_on_submit():
        try:
            services.reconectar(loja, form.code.data)
        except (services.DadosInvalidos, erros.ErroTray) as erro:
            _falha(erro)
        else:
            flash(f"Loja virtual “{loja.nome}” reconectada.", "success")
            return redirect(url_for(".lista"))
    return render_template("lojas_virtuais/reconectar.html", form=form, loja=loja)


@bp.route("/<int:loja_id>/remover", methods=["GET", "POST"])
@somente_admin
def remover(loja_id: int):
    loja = _loja(loja_id)
    form = PausarForm()  # só o token CSRF
    if form.validate_on_submit():
        nome = loja.nome
        try:
            services.remover(loja)
        except services.DadosInvalidos as erro:
            _falha(erro)
            return redirect(url_for(".lista"))
        flash(f"Loja virtual “{nome}” removida.", "success")
        return redirect(url_for(".lista"))
    return render_template("lojas_virtuais/remover.html", form=form, loja=loja)
