"""`GET /auth.php` na raiz da loja (fora de /web_api): a instalação do aplicativo (tray-api.md §1.2, passo 2-3).

O lojista chega com `response_type=code`, `consumer_key` e `callback`; a página pede o consentimento e, ao
autorizar (POST), a loja volta ao `callback` com `code`, `api_address`, `store`, `adm_user` e `store_host` na query string
(como no exemplo da Tray: `.../callback/auth/?code=...&store=391250&api_address=https://loja/web_api/`). O `code`
é o da semente (o mesmo que POST /web_api/auth troca por tokens). Pedido malformado ou chave de outro aplicativo:
400 com o motivo, sem voltar ao callback.
"""
from html import escape
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, redirect, request

from erp.sandbox.tray.contexto import estado

bp = Blueprint("instalacao", __name__)


def _recusa(motivo: str) -> Response:
    return Response(f"<!doctype html><meta charset=utf-8><title>Erro</title><p id=erro>{escape(motivo)}</p>",
                    status=400, mimetype="text/html")


def _conferir(args) -> str | None:
    """O motivo da recusa, ou None se o pedido de autorização está certo."""
    est = estado()
    if args.get("response_type") != "code":
        return "response_type deve ser code"
    if args.get("consumer_key") != est.app["consumer_key"]:
        return "consumer_key desconhecida: aplicativo não cadastrado nesta loja"
    callback = args.get("callback", "")
    partes = urlsplit(callback)
    if partes.scheme not in ("http", "https") or not partes.netloc:
        return "callback deve ser uma URL http(s) completa"
    return None


@bp.get("/auth.php")
def pedir_autorizacao():
    motivo = _conferir(request.args)
    if motivo:
        return _recusa(motivo)
    est = estado()
    campos = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(request.args.get(k, ""))}">'
                     for k in ("response_type", "consumer_key", "callback"))
    nome = escape(est.loja.get("name", "Loja"))
    return Response(
        f"<!doctype html><meta charset=utf-8><title>Autorizar aplicativo · {nome}</title>"
        f"<h1>{nome}</h1><p>O aplicativo pede acesso aos pedidos, produtos e clientes da loja.</p>"
        f'<form method="post" action="/auth.php">{campos}<button id="autorizar" type="submit">Autorizar</button>'
        "</form>", mimetype="text/html")


@bp.post("/auth.php")
def autorizar():
    motivo = _conferir(request.form)
    if motivo:
        return _recusa(motivo)
    est = estado()
    with est.trava:
        est.instalacoes.append({"callback": request.form["callback"], "time": est.agora()})
    parametros = urlencode({"code": est.loja["code"], "api_address": f"{est.url_base}/web_api/",
                            "store": str(est.loja["id"]), "adm_user": "admin", "store_host": est.url_base})
    callback = request.form["callback"]
    return redirect(f"{callback}{'&' if '?' in callback else '?'}{parametros}", code=302)
