"""Telas do catálogo: lista, cadastro e edição (com imagens e variações)."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required
from markupsafe import Markup
from sqlalchemy import select, union
from sqlalchemy.orm import selectinload

from erp.comum.modelos import agora
from erp.comum.paginacao import paginar
from erp.extensions import db
from erp.produtos import forms as f
from erp.produtos import imagens as img
from erp.produtos import revisao, services
from erp.produtos.categorias import arvore
from erp.produtos.erros import ErroProduto
from erp.produtos.models import MovimentoEstoque, Produto, ProdutoImagem, ProdutoLoja, Variacao
from erp.produtos.validacao import CSOSNS, CSTS_ICMS, ORIGENS, UNIDADES, html_seguro

# O blueprint do catálogo (/produtos), também das telas da planilha; o script das telas fica em static/.
bp = Blueprint("produtos", __name__, url_prefix="/produtos", static_folder="../static")


@bp.get("/")
@login_required
def lista():
    texto = request.args.get("q", "").strip()
    situacao = request.args.get("situacao", "")
    # Categoria, variações e imagens de uma vez para a página inteira (não uma consulta por linha).
    consulta = select(Produto).order_by(Produto.nome_ordem, Produto.id).options(
        selectinload(Produto.categoria), selectinload(Produto.variacoes), selectinload(Produto.imagens))
    if texto:
        padrao = f"%{texto}%"
        # Uma união de buscas simples: cada uma usa o seu índice de trigramas no PostgreSQL (um OR não usa).
        consulta = consulta.where(Produto.id.in_(union(
            select(Produto.id).where(Produto.nome.ilike(padrao)),
            select(Produto.id).where(Produto.referencia.ilike(padrao)),
            select(Variacao.produto_id).where(Variacao.referencia.ilike(padrao)))))
    if situacao in ("ativo", "inativo"):
        consulta = consulta.where(Produto.ativo == (situacao == "ativo"))  # "= true" usa o índice no PostgreSQL
    pagina = paginar(consulta, request.args.get("pagina"), current_app.config["ITENS_POR_PAGINA"])
    ids = [p.id for p in pagina.items]
    lojas = {}
    if ids:
        for vinculo in db.session.query(ProdutoLoja).filter(ProdutoLoja.produto_id.in_(ids)):
            lojas[vinculo.produto_id] = lojas.get(vinculo.produto_id, 0) + 1
    return render_template("produtos/lista.html", pagina=pagina, texto=texto, situacao=situacao, lojas=lojas,
                           a_revisar=revisao.contar_pendentes())


def _produto(produto_id: int) -> Produto:
    return db.session.get(Produto, produto_id) or abort(404)


def _tela(produto, valores, erro_campo=None, variacao_valores=None, status=200):
    movimentos = []
    if produto is not None:
        movimentos = (db.session.query(MovimentoEstoque).filter(MovimentoEstoque.produto_id == produto.id)
                      .order_by(MovimentoEstoque.id.desc()).limit(10).all())
    # A descrição volta ao editor como HTML: sempre a versão limpa (só marcação simples), nunca o que veio.
    descricao = Markup(html_seguro(valores.get("descricao", "")))  # nosec B704 — html_seguro só deixa marcação simples
    return render_template(
        "produtos/form.html", produto=produto, v=valores, descricao=descricao, erro_campo=erro_campo,
        categorias=arvore(),
        origens=ORIGENS, unidades=UNIDADES, movimentos=movimentos, limites=f.limites(),
        csts_icms=CSTS_ICMS, csosns=CSOSNS,
        nv=variacao_valores or f.valores_variacao(None), imagem_da_variacao=img.imagem_da_variacao,
    ), status


def _salvar(produto: Produto | None):
    dados = f.dados_produto(request.form)
    try:
        produto = services.salvar_produto(dados, produto)
        for conteudo in f.arquivos_enviados(request.files.getlist("imagens")):
            img.adicionar_imagem(produto, conteudo)
        db.session.commit()
    except ErroProduto as erro:
        db.session.rollback()
        flash(erro.mensagem, "error")
        atual = db.session.get(Produto, produto.id) if produto is not None and produto.id else None
        return _tela(atual, dict(request.form), erro.campo, status=422)
    flash(f"Produto {produto.referencia} salvo.", "success")
    return redirect(url_for("produtos.editar", produto_id=produto.id))


@bp.route("/novo", methods=["GET", "POST"])
@login_required
def novo():
    if request.method == "POST":
        return _salvar(None)
    return _tela(None, f.valores_produto(None))


@bp.route("/<int:produto_id>", methods=["GET", "POST"])
@login_required
def editar(produto_id: int):
    produto = _produto(produto_id)
    if request.method == "POST":
        return _salvar(produto)
    return _tela(produto, f.valores_produto(produto))


def _do_produto(modelo, objeto_id: int, produto_id: int):
    """A imagem ou variação `objeto_id` do produto; 404 se não existe ou é de outro produto."""
    objeto = db.session.get(modelo, objeto_id)
    if objeto is None or objeto.produto_id != produto_id:
        abort(404)
    return objeto


@bp.post("/<int:produto_id>/imagens/<int:imagem_id>/remover")
@login_required
def remover_imagem(produto_id: int, imagem_id: int):
    img.remover_imagem(_do_produto(ProdutoImagem, imagem_id, produto_id))
    _produto(produto_id).alterado_em = agora()
    db.session.commit()
    flash("Imagem removida.", "success")
    return redirect(url_for("produtos.editar", produto_id=produto_id) + "#imagens")


def _salvar_variacao(produto: Produto, variacao: Variacao | None):
    dados = f.dados_variacao(request.form)
    try:
        variacao = services.salvar_variacao(produto, dados, variacao)
        conteudos = f.arquivos_enviados(request.files.getlist("imagem"))
        if conteudos:
            img.definir_imagem_variacao(variacao, conteudos[0])
        db.session.commit()
    except ErroProduto as erro:
        db.session.rollback()
        flash(erro.mensagem, "error")
        produto = _produto(produto.id)
        if variacao is not None and variacao.id:
            return _tela_variacao(produto, db.session.get(Variacao, variacao.id), dict(request.form), erro.campo)
        return _tela(produto, f.valores_produto(produto), erro.campo, dict(request.form), status=422)
    flash(f"Variação {variacao.referencia} salva.", "success")
    return redirect(url_for("produtos.editar", produto_id=produto.id) + "#variacoes")


def _tela_variacao(produto, variacao, valores, erro_campo=None):
    return render_template("produtos/variacao.html", produto=produto, variacao=variacao, nv=valores,
                           erro_campo=erro_campo, imagem=img.imagem_da_variacao(variacao)), (
        422 if erro_campo else 200)


@bp.post("/<int:produto_id>/variacoes")
@login_required
def nova_variacao(produto_id: int):
    return _salvar_variacao(_produto(produto_id), None)


@bp.route("/<int:produto_id>/variacoes/<int:variacao_id>", methods=["GET", "POST"])
@login_required
def editar_variacao(produto_id: int, variacao_id: int):
    produto = _produto(produto_id)
    variacao = _do_produto(Variacao, variacao_id, produto.id)
    if request.method == "POST":
        return _salvar_variacao(produto, variacao)
    return _tela_variacao(produto, variacao, f.valores_variacao(variacao))


@bp.post("/<int:produto_id>/variacoes/<int:variacao_id>/remover")
@login_required
def remover_variacao(produto_id: int, variacao_id: int):
    variacao = _do_produto(Variacao, variacao_id, produto_id)
    try:
        services.remover_variacao(variacao)
        db.session.commit()
        flash("Variação excluída.", "success")
    except ErroProduto as erro:
        db.session.rollback()
        flash(erro.mensagem, "error")
    return redirect(url_for("produtos.editar", produto_id=produto_id) + "#variacoes")
