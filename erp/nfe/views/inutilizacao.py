"""Tela Inutilização: os números pendentes, o histórico e o pedido à SEFAZ."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from erp.extensions import db
from erp.nfe.models import InutilizacaoNFe, NumeroInutilizar
from erp.nfe.services import inutilizacao, protocolos
from erp.nfe.views.blueprint import bp


@bp.get("/inutilizacao")
@login_required
def inutilizacoes():
    pendentes = (db.session.query(NumeroInutilizar).filter_by(situacao="pendente")
                 .order_by(NumeroInutilizar.serie, NumeroInutilizar.numero).all())
    historico = db.session.query(InutilizacaoNFe).order_by(InutilizacaoNFe.id.desc()).limit(50).all()
    return render_template("nfe/eventos_inutilizacao.html", pendentes=pendentes, historico=historico)


@bp.post("/inutilizacao")
@login_required
def inutilizar():
    try:
        resultados = inutilizacao.inutilizar_pendentes(request.form.get("justificativa") or None)
    except protocolos.SefazImpossivel as erro:
        flash(str(erro), "danger")
        return redirect(url_for("nfe.inutilizacoes"))
    if not resultados:
        flash("Nenhum número pendente de inutilização.", "info")
    for r in resultados:
        categoria = "success" if r.resultado == "inutilizada" else "danger"
        flash(f"Série {r.serie}, nº {r.faixa}: {r.resultado}. {r.motivo or ''}", categoria)
    return redirect(url_for("nfe.inutilizacoes"))
