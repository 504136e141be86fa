"""Variações de produto (tray-api.md §7.2 e §12): dois eixos type_N/value_N, lidos como Sku."""
from flask import Blueprint, request

from erp.sandbox.tray import apresentacao as ap
from erp.sandbox.tray import modelos
from erp.sandbox.tray.catalogo import atualizar, inserir, validar_variacao
from erp.sandbox.tray.contexto import estado, notificar
from erp.sandbox.tray.corpo import entidade, ler_corpo
from erp.sandbox.tray.listas import EspecLista, listar as envelope
from erp.sandbox.tray.respostas import erro_404, excluido, json_resposta

bp = Blueprint("variacoes", __name__)
_EIXOS = {"type_1": (0, "type"), "value_1": (0, "value"), "type_2": (1, "type"), "value_2": (1, "value")}


def _valor(variacao: dict, campo: str):
    if campo in _EIXOS:
        posicao, chave = _EIXOS[campo]
        sku = variacao.get("Sku", [])
        return sku[posicao].get(chave, "") if len(sku) > posicao else ""
    return variacao.get(campo)


ESPEC = EspecLista("Variants", "Variant", {
    "id": "igual", "product_id": "igual", "ean": "igual", "reference": "igual", "price": "igual",
    "stock": "igual", "available": "igual", "type_1": "igual_ci", "value_1": "igual_ci", "type_2": "igual_ci",
    "value_2": "igual_ci", "modified": "data"}, padroes=modelos.VARIACAO, valor=_valor)


def _variacao(ident) -> dict:
    variacao = estado().variacoes.get(str(ident))
    if variacao is None:
        raise erro_404(f"Variação {ident} não encontrada")
    return variacao


@bp.get("/products/variants")
def listar():
    est = estado()
    with est.trava:
        return json_resposta(envelope(list(est.variacoes.values()), request.args, ESPEC,
                                      lambda v: ap.variacao(est, v)))


@bp.get("/products/variants/<int:ident>")
def obter(ident: int):
    est = estado()
    with est.trava:
        return json_resposta({"Variant": ap.variacao(est, _variacao(ident))})


@bp.post("/products/variants")
def criar():
    est = estado()
    dados = entidade(ler_corpo(request), "Variant")
    with est.trava:
        campos = validar_variacao(est, dados, None)
        produto = est.produtos[campos["product_id"]]
        for herdado in ("price", "cost_price", "weight", "length", "width", "height"):
            campos.setdefault(herdado, produto.get(herdado, modelos.VARIACAO[herdado]))
    return inserir(est, "variant", "variacao", est.variacoes, campos, dados, "product_id")


@bp.put("/products/variants/<int:ident>")
def alterar(ident: int):
    est = estado()
    dados = entidade(ler_corpo(request), "Variant")
    with est.trava:
        campos = validar_variacao(est, dados, _variacao(ident))
    return atualizar(est, "variant", est.variacoes, _variacao, ident, campos, dados, "product_id")


@bp.delete("/products/variants/<int:ident>")
def excluir(ident: int):
    est = estado()
    with est.trava:
        variacao = _variacao(ident)
        del est.variacoes[variacao["id"]]
        est.imagens["variant"].pop(variacao["id"], None)
    notificar("variant", variacao["id"], "delete")
    return excluido(variacao["id"])
