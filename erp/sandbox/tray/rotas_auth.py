"""POST /auth (troca do code por tokens) e GET /auth?refresh_token= (renovação), tray-api.md §12."""
from flask import Blueprint, request

from erp.sandbox.tray.contexto import estado
from erp.sandbox.tray.corpo import ler_corpo
from erp.sandbox.tray.respostas import ErroApi, json_resposta
from erp.sandbox.tray.tokens import TOKEN_INVALIDO

bp = Blueprint("auth", __name__)


def _api_host() -> str:
    return f"{estado().url_base}/web_api"


@bp.post("/auth")
def criar():
    est = estado()
    corpo = ler_corpo(request)
    esperado = {"consumer_key": est.app["consumer_key"], "consumer_secret": est.app["consumer_secret"],
                "code": est.loja["code"]}
    if any(str(corpo.get(campo, "")) != valor for campo, valor in esperado.items()):
        raise ErroApi(401, ["Invalid code"], TOKEN_INVALIDO)
    return json_resposta(est.tokens.criar(_api_host()), 201)


@bp.get("/auth")
def renovar():
    resposta, codigo = estado().tokens.renovar(request.args.get("refresh_token", ""), _api_host())
    if resposta is None:
        raise ErroApi(401, ["Invalid or expired token"], codigo)
    return json_resposta(resposta, 200)


@bp.get("/info")
def informacoes():
    """Dados da loja (tray-api.md §1.7: name, uri, secure_uri, id)."""
    est = estado()
    return json_resposta({"Info": {
        "id": str(est.loja["id"]), "name": est.loja.get("name", ""),
        "uri": est.url_base, "secure_uri": est.url_base,
    }}, 200)
