"""Telas de vendas: lista com filtros e detalhe."""
from flask import Blueprint, abort, current_app, render_template, request
from flask_login import login_required

from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.vendas.consultas import FiltrosVendas, listar_vendas, pendencias
from erp.vendas.filtros import ler_data
from erp.vendas.models import SITUACOES_VENDA, Venda

bp = Blueprint("vendas", __name__, url_prefix="/vendas")


@bp.get("/")
@login_required
def lista():
    args = request.args
    filtros = FiltrosVendas(de=ler_data(args.get("de")), ate=ler_data(args.get("ate")), cliente=args.get("cliente", ""),
                            situacao=args.get("situacao", ""),
                            loja_id=int(args["loja"]) if args.get("loja", "").isdigit() else None)
    pagina = max(1, int(args["pagina"])) if args.get("pagina", "").isdigit() else 1
    por_pagina = current_app.config.get("ITENS_POR_PAGINA", 30)
    vendas, total = listar_vendas(filtros, pagina, por_pagina)
    lojas = db.session.query(LojaVirtual).order_by(LojaVirtual.nome).all()
    paginas = max(1, -(-total // por_pagina))
    consulta = {k: v for k, v in args.items() if k != "pagina" and v}
    return render_template("vendas/lista.html", vendas=vendas, total=total, pagina=pagina, paginas=paginas,
                           filtros=filtros, situacoes=SITUACOES_VENDA, lojas=lojas, consulta=consulta)


@bp.get("/<int:venda_id>")
@login_required
def detalhe(venda_id: int):
    venda = db.session.get(Venda, venda_id) or abort(404)
    return render_template("vendas/detalhe.html", venda=venda, pendencias=pendencias(venda))
