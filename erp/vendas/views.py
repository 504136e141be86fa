"""Telas de vendas: lista com filtros e a NF-e de cada venda, o detalhe com a seção da NF-e, e as transportadoras
com o mapeamento das formas de envio de cada loja (administradores)."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required

from erp.comum.modelos import agora
from erp.comum.paginacao import paginar
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.usuarios.acesso import somente_admin
from erp.vendas import transportadoras as cadastro
from erp.comum.texto import ordenar_por_nome
from erp.vendas.consultas import FiltrosVendas, consulta_vendas, pendencias
from erp.vendas.models import SITUACOES_VENDA, Transportadora, Venda
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


@bp.route("/transportadoras", methods=["GET", "POST"])
@bp.route("/transportadoras/<int:transportadora_id>", methods=["GET", "POST"])
@somente_admin
def transportadoras(transportadora_id: int | None = None):
    """Transportadoras do ERP (grupo transporta da NF-e): a lista e o formulário de uma nova ou da escolhida."""
    atual = db.session.get(Transportadora, transportadora_id) if transportadora_id else None
    if transportadora_id and atual is None:
        abort(404)
    valores, erros = ({c: getattr(atual, c) for c in cadastro.CAMPOS} if atual else {}), {}
    if request.method == "POST":
        valores = {c: request.form.get(c, "") for c in cadastro.CAMPOS}
        try:
            salva = cadastro.salvar_transportadora(valores, atual)
        except cadastro.TransportadoraInvalida as falha:
            erros = falha.erros
        else:
            flash(f"Transportadora “{salva.nome}” salva.", "success")
            return redirect(url_for(".transportadoras"))
    return render_template("vendas/transportadoras.html", lista=cadastro.listar(), atual=atual, valores=valores,
                           erros=erros, ufs=cadastro.UFS), 422 if erros else 200


@bp.route("/transportadoras/envios", methods=["GET", "POST"])
@somente_admin
def envios():
    """Por loja: cada forma de envio da Tray → transportadora do ERP, ou retirada na loja (modFrete 9)."""
    lojas = ordenar_por_nome(db.session.query(LojaVirtual).all())
    loja = db.session.get(LojaVirtual, request.values.get("loja", type=int) or 0) or (lojas[0] if lojas else None)
    if loja is None:
        return render_template("vendas/envios.html", loja=None, lojas=[], linhas=[], lista=[])
    if request.method == "POST":
        try:
            for forma, escolha in zip(request.form.getlist("forma"), request.form.getlist("destino")):
                cadastro.mapear_envio(loja.id, forma, int(escolha) if escolha.isdigit() else None,
                                      retirada=escolha == "retirada")
        except cadastro.TransportadoraInvalida as falha:
            flash(str(falha), "danger")
        else:
            flash("Formas de envio salvas.", "success")
            return redirect(url_for(".envios", loja=loja.id))
    mapeados = cadastro.envios_da_loja(loja.id)
    linhas = []
    for forma in cadastro.formas_de_envio(loja.id):
        envio = mapeados.get(forma)
        escolha = "retirada" if envio and envio.retirada else (str(envio.transportadora_id) if envio and
                                                               envio.transportadora_id else "")
        linhas.append({"forma": forma, "escolha": escolha})
    return render_template("vendas/envios.html", loja=loja, lojas=lojas, linhas=linhas, lista=cadastro.listar())
