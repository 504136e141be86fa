"""Ajudantes dos testes de pedidos: conectar uma loja ao simulador, falar com as rotas /_sandbox e ler as
respostas gravadas da Tray (tests/fixtures/tray)."""
import json
from pathlib import Path

import requests

from erp.lojas_virtuais import services as lojas

RESPOSTAS_TRAY = Path(__file__).resolve().parents[1] / "fixtures" / "tray"


def resposta_tray(nome: str) -> dict:
    """O corpo gravado de uma resposta da Tray (`tests/fixtures/tray/<nome>.json`)."""
    return json.loads((RESPOSTAS_TRAY / f"{nome}.json").read_text(encoding="utf-8"))


def itens_da_lista(corpo: dict, lista: str, entidade: str) -> list[dict]:
    """`{"Orders": [{"Order": {...}}]}` → `[{...}]`, como o cliente da Tray entrega uma lista."""
    return [item[entidade] for item in corpo[lista]]


def conectar(app, simulador, nome="Loja Teste"):
    app.config.update(TRAY_CONSUMER_KEY=simulador.consumer_key, TRAY_CONSUMER_SECRET=simulador.consumer_secret)
    return lojas.conectar_loja(simulador.store_id, simulador.url_api, simulador.code, nome=nome)


class Sim:
    """Ajudante sobre o simulador (rotas /_sandbox por HTTP)."""

    def __init__(self, simulador):
        self.s = simulador
        self.url_api = simulador.url_api
        self.url_base = simulador.url_base
        self.store_id = simulador.store_id

    def _url(self, caminho: str) -> str:
        return f"{self.url_base}/_sandbox/{caminho}"

    def requisicoes(self) -> list[dict]:
        return requests.get(self._url("requests"), timeout=5).json()["requests"]

    def limpar_requisicoes(self) -> None:
        requests.delete(self._url("requests"), timeout=5)

    def caminhos(self, prefixo: str = "") -> list[str]:
        return [r["path"].removeprefix("/web_api") for r in self.requisicoes()
                if r["path"].removeprefix("/web_api").startswith(prefixo)]

    def criar_pedido(self, pedido: dict) -> None:
        resposta = requests.post(self._url("orders"), json=pedido, timeout=5)
        assert resposta.status_code == 201, resposta.text

    def alterar_pedido(self, ident: str, mudancas: dict) -> None:
        resposta = requests.put(self._url(f"orders/{ident}"), json=mudancas, timeout=5)
        assert resposta.status_code == 200, resposta.text

    def webhooks(self, url: str | None = None, duplicado: bool | None = None) -> dict:
        if url is None and duplicado is None:
            return requests.get(self._url("webhooks"), timeout=5).json()
        return requests.post(self._url("webhooks"), json={"url": url, "duplicado": duplicado}, timeout=5).json()

    def falhar(self, tipo: str, quantidade: int = 1, prefixo: str = "", metodo: str = "") -> None:
        resposta = requests.post(self._url("falhas"), json={"tipo": tipo, "quantidade": quantidade,
                                                            "prefixo": prefixo, "metodo": metodo}, timeout=5)
        assert resposta.status_code == 200, resposta.text
