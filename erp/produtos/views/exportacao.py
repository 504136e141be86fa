"""Lojas Virtuais → TRAY → Exportar Produtos."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required

from erp.comum.paginacao import paginar
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import api, erros
from erp.produtos.exportacao import lote
from erp.produtos.models import ProdutoLoja
from erp.tarefas import services as tarefas

bp = Blueprint("produtos_exportar", __name__, url_prefix="/lojas")


def _loja(loja_id: int) -> LojaVirtual:
    return db.session.get(LojaVirtual, loja_id) or abort(404)


def _filtro(valores) -> tuple[str, str]:
    """(texto, situação) do filtro da tela, da URL ou do formulário."""
    return valores.get("q", "").strip(), valores.get("situacao", "")


@bp.get("/<int:loja_id>/produtos")
@login_required
def exportar(loja_id: int):
    loja = _loja(loja_id)
    texto, situacao = _filtro(request.args)
    pagina = paginar(lote.consulta(loja.id, texto, situacao), request.args.get("pagina"),
                     current_app.config["ITENS_POR_PAGINA"])
    vinculos = lote.vinculos(loja.id, [p.id for p in pagina.items])
    tarefa = None
    if request.args.get("tarefa", type=int):
        tarefa = tarefas.obter(request.args.get("tarefa", type=int))
        if tarefa is not None and (tarefa.loja_id != loja.id or tarefa.tipo != lote.TIPO):
            tarefa = None
    return render_template(
        "produtos/exportar.html", loja=loja, pagina=pagina, vinculos=vinculos, texto=texto,
        situacao=situacao, situacoes=lote.FILTROS_SITUACAO, tarefa=tarefa,
    )


@bp.post("/<int:loja_id>/produtos/exportar")
@login_required
def exportar_post(loja_id: int):
    loja = _loja(loja_id)
    texto, situacao = _filtro(request.form)
    if request.form.get("escopo") == "filtro":
        ids = lote.ids_do_filtro(loja.id, texto, situacao)
    else:
        ids = [int(i) for i in request.form.getlist("produto_id") if i.isdigit()]
    if not ids:
        flash("Selecione ao menos um produto para exportar.", "warning")
        return redirect(url_for(".exportar", loja_id=loja.id, q=texto or None, situacao=situacao or None))
    try:
        tarefa = lote.iniciar_exportacao(loja, ids)
    except lote.ExportacaoEmAndamento as erro:
        flash(str(erro), "warning")
        tarefa = erro.tarefa
    else:
        flash(f"Exportação de {len(ids)} produto(s) iniciada.", "info")
    return redirect(url_for(".exportar", loja_id=loja.id, q=texto or None, situacao=situacao or None,
                            tarefa=tarefa.id))


@bp.get("/<int:loja_id>/produtos/<int:produto_id>/na-loja")
@login_required
def na_loja(loja_id: int, produto_id: int):
    """Abre o produto na loja; a URL é buscada na Tray só quando alguém pede (poupa requisições)."""
    loja = _loja(loja_id)
    vinculo = db.session.query(ProdutoLoja).filter_by(loja_id=loja.id, produto_id=produto_id).first() or abort(404)
    if not vinculo.url:
        try:
            dados = api.produto(loja, vinculo.tray_id) or {}
        except erros.ErroTray as erro:
            flash(f"Não foi possível abrir o produto na loja: {erro}", "error")
            return redirect(url_for(".exportar", loja_id=loja.id))
        url = dados.get("url") or {}
        vinculo.url = (url.get("https") or url.get("http")) if isinstance(url, dict) else (url or None)
        db.session.commit()
    if not vinculo.url:
        flash("A Tray não informou o endereço deste produto na loja.", "warning")
        return redirect(url_for(".exportar", loja_id=loja.id))
    return redirect(vinculo.url)
