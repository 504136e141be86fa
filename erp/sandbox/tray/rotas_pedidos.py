"""Pedidos e status de pedido (tray-api.md §4 e §12)."""
from flask import Blueprint, request

from erp.sandbox.tray import apresentacao as ap
from erp.sandbox.tray import modelos
from erp.sandbox.tray.contexto import estado, notificar
from erp.sandbox.tray.corpo import entidade, ler_corpo
from erp.sandbox.tray.listas import EspecLista, listar
from erp.sandbox.tray.pedido_semente import total_esperado
from erp.sandbox.tray.respostas import criado, erro_400, erro_404, excluido, json_resposta, salvo
from erp.sandbox.tray.valores import data_valida, dinheiro

bp = Blueprint("pedidos", __name__)

_IGUAIS = ("id", "status", "customer_id", "point_sale", "has_invoice", "has_payment", "has_shipment", "shipment",
           "payment_form", "sending_code", "external_code", "partner_id", "session_id", "access_code", "printed",
           "payment_method_id", "store_note", "discount_coupon")
_TEXTOS_LIVRES = ("sending_code", "tracking_url", "store_note", "customer_note", "partner_id", "shipment")
_DINHEIRO_EDITAVEL = ("taxes", "shipment_value", "discount")


def _valor_pedido(pedido: dict, campo: str):
    if campo in ("status", "with_statuses"):
        return estado().status[pedido["_status_id"]]["status"]
    return pedido.get(campo)


ESPEC = EspecLista("Orders", "Order", {**{c: "igual" for c in _IGUAIS}, "with_statuses": "lista",
                                       "modified": "data", "date": "data", "shipment_date": "data",
                                       "payment_date": "data"},
                   padroes=modelos.PEDIDO, valor=_valor_pedido)
ESPEC_STATUS = EspecLista("OrderStatuses", "OrderStatus", {"id": "igual", "status": "igual", "type": "igual",
                                                            "default": "igual"}, padroes=modelos.STATUS)


def _pedido(ident: int) -> dict:
    pedido = estado().pedidos.get(str(ident))
    if pedido is None:
        raise erro_404(f"Pedido {ident} não encontrado")
    return pedido


@bp.get("/orders")
def listar_pedidos():
    est = estado()
    with est.trava:
        return json_resposta(listar(list(est.pedidos.values()), request.args, ESPEC,
                                    lambda p: ap.pedido_resumo(est, p)))


@bp.get("/orders/<int:ident>")
def obter(ident: int):
    est = estado()
    with est.trava:
        return json_resposta({"Order": ap.pedido_resumo(est, _pedido(ident))})


@bp.get("/orders/<int:ident>/complete")
def completo(ident: int):
    est = estado()
    with est.trava:
        return json_resposta(ap.pedido_completo(est, _pedido(ident)))


def mudar_status(est, pedido: dict, status_id: str) -> None:
    """Troca o status e registra o e-mail que a loja mandaria ao comprador."""
    status = est.status[status_id]
    pedido["_status_id"] = status_id
    pedido["status"] = status["status"]
    est.registrar_email(pedido, status)


def _validar_alteracoes(est, dados: dict) -> dict:
    causas, mudancas = [], {}
    if "status_id" in dados:
        if dados["status_id"] not in est.status:
            causas.append(f"status_id: status {dados['status_id'] or '(vazio)'} não existe")
        mudancas["status_id"] = dados["status_id"]
    if "sending_date" in dados:
        if dados["sending_date"] and not data_valida(dados["sending_date"]):
            causas.append("sending_date: data inválida (use AAAA-MM-DD)")
        mudancas["sending_date"] = dados["sending_date"] or modelos.V
    for campo in _TEXTOS_LIVRES:
        if campo in dados:
            mudancas[campo] = dados[campo]
    for campo in _DINHEIRO_EDITAVEL:
        if campo in dados:
            try:
                mudancas[campo] = dinheiro(dados[campo])
            except ValueError:
                causas.append(f"{campo}: valor inválido")
    if not mudancas and not causas:
        causas.append("Order: nenhum campo alterável informado (status_id, sending_code, sending_date, "
                      "tracking_url, ...)")
    if causas:
        raise erro_400(*causas)
    return mudancas


def _recalcular_total(pedido: dict) -> None:
    pedido["total"] = f"{total_esperado(pedido):.2f}"


@bp.put("/orders/<int:ident>")
def alterar(ident: int):
    est = estado()
    dados = entidade(ler_corpo(request), "Order")
    with est.trava:
        pedido = _pedido(ident)
        mudancas = _validar_alteracoes(est, dados)
        status_id = mudancas.pop("status_id", None)
        pedido.update(mudancas)
        if any(c in mudancas for c in _DINHEIRO_EDITAVEL):
            _recalcular_total(pedido)
        if status_id is not None:
            mudar_status(est, pedido, status_id)
        pedido["modified"] = est.agora()
    notificar("order", pedido["id"], "update")
    return salvo(pedido["id"])


@bp.put("/orders/cancel/<int:ident>")
def cancelar(ident: int):
    est = estado()
    with est.trava:
        pedido = _pedido(ident)
        cancelados = [s for s in est.status.values() if s.get("type") == "canceled"]
        cancelados += [s for s in est.status.values() if s["status"] == "CANCELADO"]
        if not cancelados:
            raise erro_400("status: a loja não tem status de cancelamento")
        mudar_status(est, pedido, cancelados[0]["id"])
        pedido["modified"] = est.agora()
    notificar("order", pedido["id"], "update")
    return salvo(pedido["id"], "Canceled")


# status ----------------------------------------------------------------------------------------------
@bp.get("/orders/statuses")
def listar_status():
    est = estado()
    with est.trava:
        return json_resposta(listar(list(est.status.values()), request.args, ESPEC_STATUS,
                                    lambda s: ap.status(est, s)))


def _status(ident: int) -> dict:
    status = estado().status.get(str(ident))
    if status is None:
        raise erro_404(f"Status {ident} não encontrado")
    return status


@bp.get("/orders/statuses/<int:ident>")
def obter_status(ident: int):
    est = estado()
    with est.trava:
        return json_resposta({"OrderStatus": ap.status(est, _status(ident))})


def _campos_status(est, dados: dict, ident: str | None) -> dict:
    permitidos = {k: v for k, v in dados.items() if k in modelos.STATUS and k != "id"}
    nome = permitidos.get("status")
    if nome is not None:
        if not nome.strip():
            raise erro_400("status: campo obrigatório")
        if any(s["status"] == nome and s["id"] != ident for s in est.status.values()):
            raise erro_400(f"status: já existe um status chamado '{nome}'")
    return permitidos


@bp.post("/orders/statuses")
def criar_status():
    est = estado()
    dados = entidade(ler_corpo(request), "OrderStatus")
    with est.trava:
        if not dados.get("status", "").strip():
            raise erro_400("status: campo obrigatório")
        novo = _campos_status(est, dados, None)
        novo["id"] = est.proximo_id("status")
        est.status[novo["id"]] = novo
    return criado(novo["id"])


@bp.put("/orders/statuses/<int:ident>")
def alterar_status(ident: int):
    est = estado()
    dados = entidade(ler_corpo(request), "OrderStatus")
    with est.trava:
        status = _status(ident)
        status.update(_campos_status(est, dados, status["id"]))
    return salvo(status["id"])


@bp.delete("/orders/statuses/<int:ident>")
def excluir_status(ident: int):
    est = estado()
    with est.trava:
        status = _status(ident)
        if any(p["_status_id"] == status["id"] for p in est.pedidos.values()):
            raise erro_400(f"id: há pedidos com o status {status['id']}")
        del est.status[status["id"]]
    return excluido(status["id"])
