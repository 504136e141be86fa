"""Corpos de resposta da API simulada (tray-api.md §2.5 e §12)."""
import json

from flask import Response

MENSAGENS = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


class ErroApi(Exception):
    """Erro com o corpo padrão da Tray: {"code", "message", "causes"[, "error_code"]}."""

    def __init__(self, status: int, causas, error_code: int | None = None):
        super().__init__(f"{status}: {causas}")
        self.status = status
        self.causas = [causas] if isinstance(causas, str) else list(causas)
        self.error_code = error_code

    def corpo(self) -> dict:
        corpo = {"code": self.status, "message": MENSAGENS.get(self.status, "Error"), "causes": self.causas}
        if self.error_code is not None:
            corpo["error_code"] = self.error_code
        return corpo


def erro_400(*causas: str) -> ErroApi:
    return ErroApi(400, list(causas))


def erro_404(causa: str) -> ErroApi:
    return ErroApi(404, [causa])


def json_resposta(dados, status: int = 200) -> Response:
    corpo = json.dumps(dados, ensure_ascii=False)
    return Response(corpo, status=status, mimetype="application/json")


def resposta_erro(erro: ErroApi) -> Response:
    return json_resposta(erro.corpo(), erro.status)


def criado(ident) -> Response:
    return json_resposta({"message": "Created", "id": str(ident), "code": 201}, 201)


def salvo(ident, mensagem: str = "Saved") -> Response:
    return json_resposta({"message": mensagem, "id": str(ident), "code": 200}, 200)


def excluido(ident) -> Response:
    return json_resposta({"message": "Deleted", "id": str(ident), "code": 200}, 200)
