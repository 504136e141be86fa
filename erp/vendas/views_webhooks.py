"""Endpoint das notificações da Tray: guarda, responde 200 já e deixa o trabalho para a fila."""
from flask import Blueprint, request

from erp.extensions import csrf
from erp.vendas import webhooks
from erp.vendas.tasks import processar_notificacao

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")


@bp.post("/tray")
@csrf.exempt
def tray():
    dados = request.form if request.form else (request.get_json(silent=True) or {})
    try:
        evento, enfileirar = webhooks.receber(dados)
    except webhooks.NotificacaoInvalida as erro:
        return {"erro": str(erro)}, 400
    except webhooks.LojaDesconhecida as erro:
        return {"erro": str(erro)}, 404
    if enfileirar:
        processar_notificacao(evento.id)
    return "OK", 200, {"Content-Type": "text/plain; charset=utf-8"}
