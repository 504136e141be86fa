from urllib.parse import urlparse

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user

from erp.usuarios import services
from erp.usuarios.forms import LoginForm

bp = Blueprint("usuarios", __name__)


@bp.route("/entrar", methods=["GET", "POST"])
def entrar():
    form = LoginForm()
    if form.validate_on_submit():
        usuario = services.autenticar(form.email.data, form.senha.data)
        if usuario:
            login_user(usuario)
            destino = request.args.get("next") or ""
            if not destino.startswith("/") or urlparse(destino).netloc:
                destino = url_for("inicio")
            return redirect(destino)
        flash("E-mail ou senha incorretos.", "danger")
    return render_template("usuarios/entrar.html", form=form)


@bp.post("/sair")
@login_required
def sair():
    logout_user()
    flash("Sessão encerrada.", "info")
    return redirect(url_for("usuarios.entrar"))
