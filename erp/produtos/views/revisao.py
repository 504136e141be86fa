"""Tela Produtos → Revisar: os produtos que a importação de pedidos cadastrou, até alguém da equipe conferir."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required

from erp.comum.paginacao import paginar
from erp.produtos import revisao
from erp.produtos.views.catalogo import bp


def _ids(form) -> list[int]:
    return sorted({int(v) for v in form.getlist("produtos") if v.isdigit()})


@bp.get("/revisar")
@login_required
def revisar():
    texto = request.args.get("q", "").strip()
    consulta = revisao.buscar(revisao.pendentes(), texto)
    pagina = paginar(consulta, request.args.get("pagina"), current_app.config["ITENS_POR_PAGINA"])
    return render_template("produtos/revisar.html", pagina=pagina, texto=texto)


@bp.post("/revisar")
@login_required
def marcar_revisados():
    ids = _ids(request.form)
    if not ids:
        flash("Selecione ao menos um produto.", "warning")
        return redirect(url_for("produtos.revisar"))
    feitos = revisao.marcar_revisados(ids)
    flash(f"{feitos} produto(s) marcado(s) como revisado(s).", "success")
    return redirect(url_for("produtos.revisar"))


@bp.post("/<int:produto_id>/estoque-da-tray")
@login_required
def usar_estoque_da_tray(produto_id: int):
    try:
        definidos = revisao.usar_estoque_da_tray(produto_id)
    except revisao.RevisaoImpossivel as erro:
        flash(str(erro), "danger")
    else:
        flash("Estoque inicial lido da Tray e definido no ERP: " + "; ".join(definidos) + ".", "success")
    if request.form.get("voltar") == "editar":  # o botão da tela do produto volta para ela
        return redirect(url_for("produtos.editar", produto_id=produto_id))
    return redirect(url_for("produtos.revisar"))
