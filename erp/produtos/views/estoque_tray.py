"""Produtos → Estoque na Tray: as diferenças entre o estoque do ERP e o das lojas, e a decisão de cada uma.

Ver e decidir são de todos (é o trabalho do estoque); quem manda no estoque de cada loja é de administrador."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import func, select

from erp.comum.paginacao import paginar
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.produtos import estoque_tray
from erp.produtos.models import DiferencaEstoque
from erp.tarefas import fila
from erp.usuarios.acesso import somente_admin

bp = Blueprint("produtos_estoque_tray", __name__, url_prefix="/produtos/estoque-tray")
ACOES = {"enviar_erp": "Enviar o estoque do ERP à loja", "adotar_tray": "Adotar o estoque da Tray no ERP",
         "ignorar": "Ignorar"}


@bp.get("/")
@login_required
def lista():
    loja_id = request.args.get("loja", type=int)
    situacao = request.args.get("situacao", estoque_tray.ABERTA)
    situacao = situacao if situacao in (estoque_tray.ABERTA, estoque_tray.RESOLVIDA) else estoque_tray.ABERTA
    pagina = paginar(estoque_tray.consulta_diferencas(loja_id, situacao), request.args.get("pagina"),
                     current_app.config["ITENS_POR_PAGINA"])
    lojas = db.session.scalars(select(LojaVirtual).where(LojaVirtual.plataforma == "tray")
                               .order_by(LojaVirtual.nome_ordem)).all()
    abertas = dict(db.session.execute(select(DiferencaEstoque.loja_id, func.count())
                                      .where(DiferencaEstoque.situacao == estoque_tray.ABERTA)
                                      .group_by(DiferencaEstoque.loja_id)).all())
    return render_template("produtos/estoque_tray.html", pagina=pagina, lojas=lojas, loja_id=loja_id,
                           situacao=situacao, abertas=abertas, mestres=estoque_tray.MESTRES, acoes=ACOES,
                           acao_proposta=estoque_tray.acao_proposta,
                           args={k: v for k, v in (("loja", loja_id), ("situacao", situacao)) if v})


@bp.post("/<int:diferenca_id>")
@login_required
def resolver(diferenca_id: int):
    acao = request.form.get("acao", "")
    if acao not in ACOES:
        abort(400)
    try:
        diferenca = estoque_tray.resolver(diferenca_id, acao)
    except estoque_tray.DecisaoInvalida as erro:
        flash(str(erro), "warning")
    else:
        flash(f"{(diferenca.variacao or diferenca.produto).referencia}: {diferenca.resolucao}", "success")
    return redirect(url_for(".lista", loja=request.form.get("loja", type=int)))


@bp.post("/lojas/<int:loja_id>/comparar")
@login_required
def comparar(loja_id: int):
    db.session.get(LojaVirtual, loja_id) or abort(404)
    fila.enfileirar("produtos.comparar_estoque_tray", loja_id)
    flash("A comparação do estoque com a Tray entrou na fila; as diferenças aparecem nesta tela.", "info")
    return redirect(url_for(".lista", loja=loja_id))


@bp.post("/lojas/<int:loja_id>/mestre")
@somente_admin
def mestre(loja_id: int):
    loja = db.session.get(LojaVirtual, loja_id) or abort(404)
    try:
        estoque_tray.definir_mestre(loja, request.form.get("mestre", ""))
    except estoque_tray.DecisaoInvalida as erro:
        flash(str(erro), "danger")
    else:
        flash(f"Loja {loja.nome}: quem manda no estoque é {'a Tray' if loja.estoque_mestre == 'tray' else 'o ERP'}.",
              "success")
    return redirect(url_for(".lista", loja=loja.id))
