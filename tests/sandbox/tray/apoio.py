"""Atalhos para falar com o simulador por HTTP nos testes."""
from decimal import Decimal

import requests

from tests.fixtures_tray import obter_tokens


class Cliente:
    """Chamadas à web_api do simulador com o access_token na query string, como a Tray exige."""

    def __init__(self, simulador, token: str | None = None):
        self.sim = simulador
        self.token = token if token is not None else obter_tokens(simulador)["access_token"]

    def chamar(self, metodo: str, caminho: str, params=None, **kwargs) -> requests.Response:
        params = dict(params or {})
        if self.token:
            params.setdefault("access_token", self.token)
        kwargs.setdefault("timeout", 10)
        return requests.request(metodo, f"{self.sim.url_api}{caminho}", params=params, **kwargs)

    def get(self, caminho, params=None, **kw):
        return self.chamar("GET", caminho, params, **kw)

    def post(self, caminho, params=None, **kw):
        return self.chamar("POST", caminho, params, **kw)

    def put(self, caminho, params=None, **kw):
        return self.chamar("PUT", caminho, params, **kw)

    def delete(self, caminho, params=None, **kw):
        return self.chamar("DELETE", caminho, params, **kw)


def sandbox(simulador, metodo: str, caminho: str, **kwargs) -> requests.Response:
    kwargs.setdefault("timeout", 10)
    return requests.request(metodo, f"{simulador.url_base}/_sandbox{caminho}", **kwargs)


def folhas(valor, caminho="$"):
    """Todos os valores escalares de um JSON, com o caminho (para conferir que são textos)."""
    if isinstance(valor, dict):
        for chave, filho in valor.items():
            yield from folhas(filho, f"{caminho}.{chave}")
    elif isinstance(valor, list):
        for i, filho in enumerate(valor):
            yield from folhas(filho, f"{caminho}[{i}]")
    else:
        yield caminho, valor


NOMES = {400: "Bad Request", 401: "Unauthorized access", 404: "Not Found", 405: "Method Not Allowed",
         429: "Too Many Requests", 500: "Internal Server Error"}
MENSAGENS = {**NOMES, 401: "Unauthorized"}


def corpo_de_erro(codigo: int, url: str, causas: list[str], error_code: int | None = None) -> dict:
    """O corpo de erro da Tray ({"code", "url", "name"[, "error_code"], "causes"}) e o "message" de antes."""
    corpo = {"code": codigo, "url": url, "name": NOMES[codigo]}
    if error_code is not None:
        corpo["error_code"] = error_code
    return {**corpo, "causes": causas, "message": MENSAGENS[codigo]}


DESCONTOS = ("discount", "progressive_discount", "shipping_progressive_discount", "cart_additional_values_discount")
ACRESCIMOS = ("shipment_value", "taxes", "payment_method_rate", "interest", "cart_additional_values_increase")


def confere_valores(pedido: dict) -> str:
    """"fora" se o total fecha com o cupom fora de `discount`, "dentro" se dentro; AssertionError se não fecha."""
    itens = [i["ProductsSold"] for i in pedido["ProductsSold"]]
    parcial = Decimal(pedido["partial_total"])
    assert parcial == sum(Decimal(i["price"]) * int(i["quantity"]) for i in itens), pedido["id"]
    base = parcial - sum(Decimal(pedido.get(c, "0")) for c in DESCONTOS) + sum(
        Decimal(pedido.get(c, "0")) for c in ACRESCIMOS)
    cupom = Decimal(pedido["coupon"]["discount"]) if pedido.get("coupon", {}).get("code") else Decimal(0)
    total = Decimal(pedido["total"])
    if cupom and total == base - cupom:
        return "fora"
    assert total == base and cupom <= Decimal(pedido["discount"]), pedido["id"]
    return "dentro"
