from flask import render_template
from flask_login import login_required

from erp.painel import services


@login_required
def inicio():
    """A página inicial (endpoint "inicio", em "/")."""
    passos = services.primeiros_passos()
    return render_template("painel/inicio.html", contadores=services.contadores(), graficos=services.graficos(),
                           passos=passos, pendentes=sum(1 for p in passos if not p.feito))
