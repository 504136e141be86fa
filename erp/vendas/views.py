"""Telas de vendas: lista com filtros e a NF-e de cada venda, e o detalhe com a seção da NF-e."""
from flask import Blueprint, abort, current_app, render_template, request
from flask_login import login_required

from erp.comum.modelos import agora
from erp.comum.paginacao import paginar
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.vendas.consultas import FiltrosVendas, consulta_vendas, ordenar_por_nome, pendencias
from erp.vendas.models import SITUACOES_VENDA, Venda
from erp.vendas.notas import notas_das_vendas, ultima_nota

bp = Blueprint("vendas", __name__, url_prefix="/vendas")


@bp.get("/")
@login_required
def lista():
    filtros = FiltrosVendas.de_dict(request.args)
    pagina = paginar(consulta_vendas(filtros), request.args.get("pagina"),
                     current_app.config.get("ITENS_POR_PAGINA", 30))
    lojas = ordenar_por_nome(db.session.query(LojaVirtual).all())
    consulta = {k: v for k, v in request.args.items() if k != "pagina" and v}
    notas = {venda_id: ultima_nota(lista) for venda_id, lista in
             notas_das_vendas([venda.id for venda in pagina.itens]).items()}
    return render_template("vendas/lista.html", pagina=pagina, filtros=filtros, situacoes=SITUACOES_VENDA,
                           lojas=lojas, consulta=consulta, notas=notas)


@bp.get("/<int:venda_id>")
@login_required
def detalhe(venda_id: int):
    venda = db.session.get(Venda, venda_id) or abort(404)
    return render_template("vendas/detalhe.html", venda=venda, pendencias=pendencias(venda),
                           notas=notas_das_vendas([venda.id]).get(venda.id, []), agora=agora())
