"""Tela E-mails: o que foi enviado ao comprador (XML, DANFE, eventos), o que falhou e o reenvio."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required

from erp.comum.paginacao import paginar
from erp.nfe.models import SITUACOES_EMAIL
from erp.nfe.services import correio
from erp.nfe.views.blueprint import bp, por_pagina

TIPOS = {"autorizacao": "XML e DANFE", "cancelamento": "Cancelamento", "carta_correcao": "Carta de correção"}


@bp.get("/emails")
@login_required
def emails():
    situacao = request.args.get("situacao", "")
    pagina = paginar(correio.listar(situacao), request.args.get("pagina"), por_pagina())
    return render_template("nfe/emails.html", pagina=pagina, situacao=situacao, situacoes=SITUACOES_EMAIL,
                           tipos=TIPOS, ligado=bool(current_app.config.get("SMTP_URL")),
                           args={k: v for k, v in request.args.items() if k != "pagina" and v})


@bp.post("/emails/<int:email_id>/reenviar")
@login_required
def reenviar_email(email_id: int):
    try:
        registro = correio.reenviar(email_id)
    except correio.EmailImpossivel as erro:
        flash(str(erro), "warning")
    else:
        flash(f"E-mail para {registro.destinatario} de volta à fila.", "success")
    return redirect(url_for("nfe.emails"))
