"""Notas fiscais dos pedidos (tray-api.md §5 e §12): corpo sem envelope, chave única e com DV válido."""
from flask import Blueprint, request

from erp.sandbox.tray import apresentacao as ap
from erp.sandbox.tray import modelos
from erp.sandbox.tray.contexto import estado, notificar
from erp.sandbox.tray.corpo import ler_corpo
from erp.sandbox.tray.documentos import motivo_chave_invalida
from erp.sandbox.tray.listas import EspecLista, listar
from erp.sandbox.tray.respostas import criado, erro_400, erro_404, json_resposta, salvo
from erp.sandbox.tray.valores import data_valida, dinheiro

bp = Blueprint("notas", __name__)

OBRIGATORIOS = ("issue_date", "number", "serie", "value", "key")
OPCIONAIS = ("link", "xml_danfe")
_FILTROS = {"id": "igual", "order_id": "igual", "number": "igual", "serie": "igual", "key": "igual",
            "issue_date": "data"}
ESPEC_PEDIDO = EspecLista("OrderInvoices", "OrderInvoice", _FILTROS, padroes=modelos.NOTA, embrulhar=False)
ESPEC_TODAS = EspecLista("OrderInvoices", "OrderInvoice", _FILTROS, padroes=modelos.NOTA, ordem_padrao="id_desc",
                         embrulhar=False)


def _pedido(ident: int) -> dict:
    pedido = estado().pedidos.get(str(ident))
    if pedido is None:
        raise erro_404(f"Pedido {ident} não encontrado")
    return pedido


def _validar(est, dados: dict, exigir: bool, nota_atual: dict | None = None) -> dict:
    causas, campos = [], {}
    for campo in OBRIGATORIOS:
        if campo not in dados or str(dados[campo]).strip() == "":
            if exigir:
                causas.append(f"{campo}: campo obrigatório")
            continue
        campos[campo] = str(dados[campo]).strip()
    if "issue_date" in campos and not data_valida(campos["issue_date"]):
        causas.append("issue_date: data inválida (use AAAA-MM-DD)")
    for campo in ("number", "serie"):
        if campo in campos and not campos[campo].isdigit():
            causas.append(f"{campo}: deve conter apenas números")
    if "value" in campos:
        try:
            campos["value"] = dinheiro(campos["value"])
        except ValueError:
            causas.append("value: valor inválido")
    if "key" in campos:
        motivo = motivo_chave_invalida(campos["key"])
        if motivo:
            causas.append(f"key: {motivo}")
        elif any(n["key"] == campos["key"] and n is not nota_atual for n in est.notas.values()):
            causas.append("key: nota fiscal já cadastrada")
    for campo in OPCIONAIS:
        if campo in dados:
            campos[campo] = str(dados[campo])
    if "ProductCfop" in dados:
        cfops = dados["ProductCfop"]
        if not isinstance(cfops, list) or not all(isinstance(c, dict) for c in cfops):
            causas.append("ProductCfop: deve ser uma lista de {product_id, variation_id, cfop}")
        else:
            campos["ProductCfop"] = [{k: c.get(k, "") for k in ("product_id", "variation_id", "cfop")}
                                     for c in cfops]
    if causas:
        raise erro_400(*causas)
    return campos


@bp.post("/orders/<int:ident>/invoices")
def criar(ident: int):
    est = estado()
    dados = ler_corpo(request)
    with est.trava:
        pedido = _pedido(ident)
        campos = _validar(est, dados, exigir=True)
        agora = est.agora()
        nota = est.guardar_nota(pedido, {**campos, "created": agora, "updated": agora})
        pedido["modified"] = agora
    notificar("order", pedido["id"], "update")
    return criado(nota["id"])


@bp.get("/orders/<int:ident>/invoices")
def listar_do_pedido(ident: int):
    est = estado()
    with est.trava:
        pedido = _pedido(ident)
        notas = [est.notas[n] for n in pedido["_notas"]]
        return json_resposta(listar(notas, request.args, ESPEC_PEDIDO, lambda n: ap.nota(est, n, False)))


@bp.get("/orders/invoices")
def listar_todas():
    est = estado()
    with est.trava:
        return json_resposta(listar(list(est.notas.values()), request.args, ESPEC_TODAS,
                                    lambda n: ap.nota(est, n, True)))


def _nota(pedido: dict, nota_id: int) -> dict:
    nota = estado().notas.get(str(nota_id))
    if nota is None or nota["order_id"] != pedido["id"]:
        raise erro_404(f"Nota {nota_id} não encontrada no pedido {pedido['id']}")
    return nota


@bp.get("/orders/<int:ident>/invoices/<int:nota_id>")
def obter(ident: int, nota_id: int):
    est = estado()
    with est.trava:
        return json_resposta(ap.nota(est, _nota(_pedido(ident), nota_id), False))


@bp.put("/orders/<int:ident>/invoices/<int:nota_id>")
def alterar(ident: int, nota_id: int):
    est = estado()
    dados = ler_corpo(request)
    with est.trava:
        pedido = _pedido(ident)
        nota = _nota(pedido, nota_id)
        campos = _validar(est, dados, exigir=False, nota_atual=nota)
        nota.update(campos, updated=est.agora())
        nota["ProductCfop"] = [{**c, "order_invoice_id": nota["id"]} for c in nota.get("ProductCfop", [])]
        pedido["modified"] = nota["updated"]
    notificar("order", pedido["id"], "update")
    return salvo(nota["id"])
