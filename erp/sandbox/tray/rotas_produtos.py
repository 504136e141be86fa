"""Produtos (tray-api.md §7.1 e §12). GET da lista e de um produto são públicos."""
from flask import Blueprint, request

from erp.sandbox.tray import apresentacao as ap
from erp.sandbox.tray import modelos
from erp.sandbox.tray.catalogo import atualizar, inserir, validar_produto
from erp.sandbox.tray.contexto import estado, notificar
from erp.sandbox.tray.corpo import entidade, ler_corpo
from erp.sandbox.tray.listas import EspecLista, listar as envelope
from erp.sandbox.tray.respostas import erro_404, excluido, json_resposta

bp = Blueprint("produtos", __name__)


def _valor(produto: dict, campo: str):
    if campo == "has_variation":
        return "1" if any(v["product_id"] == produto["id"] for v in estado().variacoes.values()) else "0"
    return produto.get(campo)


ESPEC = EspecLista("Products", "Product", {
    "id": "igual", "name": "contem", "reference": "igual", "category_id": "igual", "ean": "igual",
    "price": "igual", "brand": "igual", "available": "igual", "stock": "igual", "free_shipping": "igual",
    "release": "igual", "hot": "igual", "has_variation": "igual", "release_date": "data", "created": "data",
    "modified": "data"}, padroes=modelos.PRODUTO, valor=_valor)


def _produto(ident) -> dict:
    produto = estado().produtos.get(str(ident))
    if produto is None:
        raise erro_404(f"Produto {ident} não encontrado")
    return produto


@bp.get("/products")
def listar():
    est = estado()
    with est.trava:
        return json_resposta(envelope(list(est.produtos.values()), request.args, ESPEC,
                                      lambda p: ap.produto(est, p)))


@bp.get("/products/<int:ident>")
def obter(ident: int):
    est = estado()
    with est.trava:
        return json_resposta({"Product": ap.produto(est, _produto(ident))})


@bp.post("/products")
def criar():
    est = estado()
    dados = entidade(ler_corpo(request), "Product")
    with est.trava:
        campos = validar_produto(est, dados, criar=True)
    return inserir(est, "product", "produto", est.produtos, campos, dados, "id")


@bp.put("/products/<int:ident>")
def alterar(ident: int):
    est = estado()
    dados = entidade(ler_corpo(request), "Product")
    with est.trava:
        _produto(ident)
        campos = validar_produto(est, dados, criar=False)
    return atualizar(est, "product", est.produtos, _produto, ident, campos, dados, "id")


@bp.delete("/products/<int:ident>")
def excluir(ident: int):
    est = estado()
    with est.trava:
        produto = _produto(ident)
        del est.produtos[produto["id"]]
        est.imagens["product"].pop(produto["id"], None)
        for variacao in [v for v in est.variacoes.values() if v["product_id"] == produto["id"]]:
            del est.variacoes[variacao["id"]]
            est.imagens["variant"].pop(variacao["id"], None)
    notificar("product", produto["id"], "delete")
    return excluido(produto["id"])
