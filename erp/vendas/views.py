"""Telas de vendas: lista com filtros e detalhe."""
from flask import Blueprint, abort, current_app, render_template, request
from flask_login import login_required

from erp.comum.paginacao import paginar
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.vendas.consultas import FiltrosVendas, consulta_vendas, pendencias
from erp.vendas.models import SITUACOES_VENDA, Venda

bp = Blueprint("vendas", __name__, url_prefix="/vendas")


@bp.get("/")
@login_required
def lista():
    filtros = FiltrosVendas.de_dict(request.args)
    pagina = paginar(consulta_vendas(filtros), request.args.get("pagina"),
                     current_app.config.get("ITENS_POR_PAGINA", 30))
    lojas = db.session.query(LojaVirtual).order_by(LojaVirtual.nome).all()
    consulta = {k: v for k, v in request.args.items() if k != "pagina" and v}
    return render_template("vendas/lista.html", pagina=pagina, filtros=filtros, situacoes=SITUACOES_VENDA,
                           lojas=lojas, consulta=consulta)


@bp.get("/<int:venda_id>")
@login_required
def detalhe(venda_id: int):
    venda = db.session.get(Venda, venda_id) or abort(404)
    return render_template("vendas/detalhe.html", venda=venda, pendencias=pendencias(venda))
