from urllib.parse import urlparse

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from erp.extensions import limiter
from erp.usuarios import services
from erp.usuarios.acesso import somente_admin
from erp.usuarios.forms import EditarUsuarioForm, LoginForm, NovoUsuarioForm, SenhaForm

bp = Blueprint("usuarios", __name__)

LIMITE_LOGIN = "10 per 15 minutes"


def _email_tentado() -> str:
    return "email:" + (request.form.get("email") or "").strip().lower()


def _falhou(resposta) -> bool:
    """Só as tentativas que não entraram contam para o limite."""
    return resposta.status_code != 302


def _nova_sessao() -> None:
    """Descarta tudo da sessão anterior (inclusive o token CSRF), contra fixação de sessão."""
    session.clear()
    g.pop("csrf_token", None)


@bp.route("/entrar", methods=["GET", "POST"])
@limiter.limit(LIMITE_LOGIN, methods=["POST"], deduct_when=_falhou, scope="login-endereco")
@limiter.limit(LIMITE_LOGIN, methods=["POST"], deduct_when=_falhou, key_func=_email_tentado, scope="login-email")
def entrar():
    form = LoginForm()
    if form.validate_on_submit():
        usuario = services.autenticar(form.email.data, form.senha.data)
        if usuario:
            _nova_sessao()
            session["sessao"] = services.abrir_sessao(usuario, request.remote_addr)
            login_user(usuario)
            destino = request.args.get("next") or ""
            if not destino.startswith("/") or destino.startswith("//") or urlparse(destino).netloc:
                destino = url_for("inicio")
            return redirect(destino)
        flash("E-mail ou senha incorretos.", "danger")
    return render_template("usuarios/entrar.html", form=form)


@bp.post("/sair")
@login_required
def sair():
    services.encerrar_sessao(session.get("sessao"))
    logout_user()
    _nova_sessao()
    flash("Você saiu.", "info")
    return redirect(url_for("usuarios.entrar"))


# -- administração dos usuários --------------------------------------------------------------------
@bp.get("/usuarios/")
@somente_admin
def lista():
    return render_template("usuarios/lista.html", usuarios=services.listar(), form=NovoUsuarioForm())


@bp.post("/usuarios/")
@somente_admin
def criar():
    form = NovoUsuarioForm()
    if form.validate_on_submit():
        try:
            usuario = services.criar_usuario(form.email.data, form.senha.data, admin=form.admin.data,
                                             nome=form.nome.data or "")
        except services.UsuarioInvalido as erro:
            form.email.errors.append(str(erro))
        else:
            flash(f"Usuário {usuario.email} criado.", "success")
            return redirect(url_for("usuarios.lista"))
    return render_template("usuarios/lista.html", usuarios=services.listar(), form=form), 422


def _usuario(usuario_id: int):
    return services.obter(usuario_id) or abort(404)


@bp.route("/usuarios/<int:usuario_id>", methods=["GET", "POST"])
@somente_admin
def editar(usuario_id: int):
    usuario = _usuario(usuario_id)
    form = EditarUsuarioForm(obj=usuario)
    senha = SenhaForm(prefix="senha")
    if form.validate_on_submit():
        try:
            services.alterar(usuario, nome=form.nome.data, admin=form.admin.data, ativo=form.ativo.data)
        except services.UsuarioInvalido as erro:
            flash(str(erro), "danger")
        else:
            flash(f"Usuário {usuario.email} atualizado.", "success")
            return redirect(url_for("usuarios.lista"))
    return render_template("usuarios/editar.html", usuario=usuario, form=form, senha=senha)


@bp.post("/usuarios/<int:usuario_id>/senha")
@somente_admin
def redefinir_senha(usuario_id: int):
    usuario = _usuario(usuario_id)
    senha = SenhaForm(prefix="senha")
    if senha.validate_on_submit():
        services.redefinir_senha(usuario, senha.senha.data)
        flash(f"Senha de {usuario.email} redefinida; as sessões abertas dele foram encerradas.", "success")
        if usuario.id == current_user.id:
            return redirect(url_for("usuarios.entrar"))
        return redirect(url_for("usuarios.lista"))
    for erro in senha.senha.errors:
        flash(erro, "danger")
    return redirect(url_for("usuarios.editar", usuario_id=usuario.id))
