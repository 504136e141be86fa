"""Categorias (tray-api.md §7.4): lista, árvore, CRUD. A raiz responde `parent_id` "" e aceita "", "0" ou nada."""
from flask import Blueprint, request

from erp.sandbox.tray import apresentacao as ap
from erp.sandbox.tray import modelos
from erp.sandbox.tray.contexto import estado
from erp.sandbox.tray.corpo import entidade, ler_corpo
from erp.sandbox.tray.listas import EspecLista, listar as envelope
from erp.sandbox.tray.respostas import criado, erro_400, erro_404, excluido, json_resposta, salvo
from erp.sandbox.tray.valores import inteiro_texto

bp = Blueprint("categorias", __name__)


def _valor(categoria: dict, campo: str):
    if campo == "parent_id":
        return categoria.get("parent_id") or "0"
    return categoria.get(campo)


ESPEC = EspecLista("Categories", "Category", {"id": "igual", "name": "igual_ci", "parent_id": "igual"},
                   padroes=modelos.CATEGORIA, valor=_valor)


def _categoria(ident) -> dict:
    categoria = estado().categorias.get(str(ident))
    if categoria is None:
        raise erro_404(f"Categoria {ident} não encontrada")
    return categoria


def _descendentes(est, ident: str) -> set:
    filhos = {c["id"] for c in est.categorias.values() if c.get("parent_id") == ident}
    for filho in list(filhos):
        filhos |= _descendentes(est, filho)
    return filhos


def _validar(est, dados: dict, atual: dict | None) -> dict:
    campos = {k: v for k, v in dados.items() if k in modelos.CATEGORIA and k not in ("id", "has_product")}
    causas = []
    nome = campos.get("name")
    if atual is None and not (nome or "").strip():
        causas.append("name: campo obrigatório")
    elif nome is not None and not nome.strip():
        causas.append("name: não pode ficar vazio")
    if nome and ("/" in nome or "\\" in nome):
        causas.append("name: não pode conter / nem \\")
    pai = campos.get("parent_id")
    if pai is not None:
        pai = campos["parent_id"] = pai or "0"
        if pai != "0" and pai not in est.categorias:
            causas.append(f"parent_id: categoria {pai} não existe")
        elif atual and (pai == atual["id"] or pai in _descendentes(est, atual["id"])):
            causas.append("parent_id: a categoria não pode ficar dentro dela mesma")
    if "order" in campos:
        try:
            campos["order"] = inteiro_texto(campos["order"])
        except ValueError:
            causas.append("order: deve ser um número inteiro")
    if causas:
        raise erro_400(*causas)
    return campos


@bp.get("/categories")
def listar():
    est = estado()
    with est.trava:
        return json_resposta(envelope(list(est.categorias.values()), request.args, ESPEC,
                                      lambda c: ap.categoria(est, c)))


@bp.get("/categories/tree")
def arvore():
    est = estado()
    with est.trava:
        return json_resposta({"Category": ap.arvore(est, "0") or []})


@bp.get("/categories/tree/<int:ident>")
def arvore_de(ident: int):
    est = estado()
    with est.trava:
        categoria = _categoria(ident)
        no = {**ap.categoria(est, categoria), "children": ap.arvore(est, categoria["id"])}
        return json_resposta({"Category": [{"Category": no}]})


@bp.get("/categories/<int:ident>")
def obter(ident: int):
    est = estado()
    with est.trava:
        return json_resposta({"Category": ap.categoria(est, _categoria(ident))})


@bp.post("/categories")
def criar():
    est = estado()
    dados = entidade(ler_corpo(request), "Category")
    with est.trava:
        campos = _validar(est, dados, None)
        categoria = {"parent_id": "0", **campos, "id": est.proximo_id("categoria")}
        est.categorias[categoria["id"]] = categoria
    return criado(categoria["id"])


@bp.put("/categories/<int:ident>")
def alterar(ident: int):
    est = estado()
    dados = entidade(ler_corpo(request), "Category")
    with est.trava:
        categoria = _categoria(ident)
        categoria.update(_validar(est, dados, categoria))
    return salvo(categoria["id"])


@bp.delete("/categories/<int:ident>")
def excluir(ident: int):
    est = estado()
    with est.trava:
        categoria = _categoria(ident)
        if any(c.get("parent_id") == categoria["id"] for c in est.categorias.values()):
            raise erro_400(f"id: a categoria {categoria['id']} tem subcategorias")
        for produto in est.produtos.values():
            if produto.get("category_id") == categoria["id"]:
                produto["category_id"] = "0"
        del est.categorias[categoria["id"]]
    return excluido(categoria["id"])
