"""Corpos de resposta da API simulada (tray-api.md §2.5 e §12; corpo de erro em docs/tray.md)."""
import json

from flask import Response, has_request_context, request

MENSAGENS = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
}
# `name` do corpo de erro: o da página de códigos de erro da Tray para o 401; a frase HTTP nos demais.
NOMES = {**MENSAGENS, 401: "Unauthorized access"}
PREFIXO_API = "/web_api"


def url_do_erro(caminho: str) -> str:
    """`url` do corpo de erro: o caminho depois de /web_api, como no exemplo da Tray ("//orders")."""
    resto = caminho[len(PREFIXO_API):] if caminho.startswith(PREFIXO_API) else caminho
    return "/" + resto


class ErroApi(Exception):
    """Erro com o corpo da Tray: {"code", "url", "name"[, "error_code"], "causes"}, mais "message".

    `error_code` só nos erros ligados à loja (401 de token); `message` acompanha para quem já o lia.
    """

    def __init__(self, status: int, causas, error_code: int | None = None, nome: str | None = None):
        super().__init__(f"{status}: {causas}")
        self.status = status
        self.causas = [causas] if isinstance(causas, str) else list(causas)
        self.error_code = error_code
        self.nome = nome

    def corpo(self, caminho: str = "") -> dict:
        corpo = {"code": self.status, "url": url_do_erro(caminho), "name": NOMES.get(self.status, self.nome or "Error")}
        if self.error_code is not None:
            corpo["error_code"] = self.error_code
        corpo["causes"] = self.causas
        corpo["message"] = MENSAGENS.get(self.status, self.nome or "Error")
        return corpo


def erro_400(*causas: str) -> ErroApi:
    return ErroApi(400, list(causas))


def erro_404(causa: str) -> ErroApi:
    return ErroApi(404, [causa])


def json_resposta(dados, status: int = 200) -> Response:
    corpo = json.dumps(dados, ensure_ascii=False)
    return Response(corpo, status=status, mimetype="application/json")


def resposta_erro(erro: ErroApi) -> Response:
    caminho = request.path if has_request_context() else ""
    return json_resposta(erro.corpo(caminho), erro.status)


def criado(ident) -> Response:
    return json_resposta({"message": "Created", "id": str(ident), "code": 201}, 201)


def salvo(ident, mensagem: str = "Saved") -> Response:
    return json_resposta({"message": mensagem, "id": str(ident), "code": 200}, 200)


def excluido(ident) -> Response:
    return json_resposta({"message": "Deleted", "id": str(ident), "code": 200}, 200)
