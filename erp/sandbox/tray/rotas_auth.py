"""POST /auth (troca do code por tokens), GET /auth?refresh_token= (renovação), tray-api.md §12; GET /info."""
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


# Campos de GET /info na ordem da documentação da Tray (docs/tray.md, "Informações da loja").
CAMPOS_INFO = ("company_name", "cnpj", "address", "postal_code", "city", "state", "country", "phone_number_1",
               "phone_number_2", "phone_number_3", "email_1", "email_2", "office_hour")


@bp.get("/info")
def informacoes():
    """Dados da loja, sem envelope: {"id", "name", "company_name", "cnpj", ..., "uri", "secure_uri", ...}."""
    est = estado()
    loja = est.loja
    info = {"id": str(loja["id"]), "name": loja.get("name", "")}
    info.update({campo: str(loja.get(campo, "Brasil" if campo == "country" else "")) for campo in CAMPOS_INFO})
    sem_imagem = {"http": "", "https": ""}
    info.update({
        "uri": est.url_base, "secure_uri": est.url_base, "logo": dict(sem_imagem), "logo_mobile": dict(sem_imagem),
        "user": "", "internal_status": str(loja.get("internal_status", "ativa")), "favicon": dict(sem_imagem),
        "messages": {"footer": str(loja.get("footer_message", ""))},
    })
    return json_resposta(info, 200)
