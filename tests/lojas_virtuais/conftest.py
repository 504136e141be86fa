"""Fixtures das lojas virtuais: loja conectada ao simulador da Tray e ajudantes de inspeção."""
import logging
import threading

import pytest
import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from erp.lojas_virtuais import services
from erp.lojas_virtuais.tray.client import descartar_cliente
from tests.util import porta_livre


@pytest.fixture(autouse=True)
def _clientes_novos(app):
    """Cada teste começa sem clientes guardados e com esperas curtas entre tentativas."""
    # O simulador roda em 127.0.0.1 por http: a guarda de endereços precisa da rede local liberada (os testes
    # das recusas a desligam).
    app.config.update(TRAY_ESPERA_BASE_S=0.01, TRAY_JANELA_S=1.0, TRAY_TIMEOUT_LEITURA=5.0,
                      ERP_PERMITIR_REDE_LOCAL=True)
    # migrations/env.py chama fileConfig(), que desliga os loggers já criados; religa o do cliente.
    logging.getLogger("erp.lojas_virtuais.tray").disabled = False
    descartar_cliente()
    yield
    descartar_cliente()


@pytest.fixture
def sim(app, tray_sim):
    """O simulador padrão, com as chaves do aplicativo dele na configuração do ERP."""
    app.config.update(TRAY_CONSUMER_KEY=tray_sim.consumer_key, TRAY_CONSUMER_SECRET=tray_sim.consumer_secret)
    return Sim(tray_sim)


@pytest.fixture
def loja(sim):
    loja = services.conectar_loja(sim.store_id, sim.url_api, sim.code)
    sim.limpar_log()
    return loja


class Sim:
    """Ajudante sobre o simulador: rotas /_sandbox por HTTP."""

    def __init__(self, simulador):
        self.s = simulador
        self.url_api = simulador.url_api
        self.url_base = simulador.url_api.rsplit("/web_api", 1)[0]
        self.store_id = simulador.store_id
        self.code = simulador.code
        self.consumer_key = simulador.consumer_key

    def _url(self, caminho: str) -> str:
        return f"{self.url_base}/_sandbox/{caminho}"

    def log(self) -> list[dict]:
        return requests.get(self._url("requests"), timeout=5).json()["requests"]

    def limpar_log(self) -> None:
        requests.delete(self._url("requests"), timeout=5)

    def chamadas(self, metodo: str | None = None, prefixo: str = "") -> list[tuple]:
        return [(r["method"], r["path"].removeprefix("/web_api"), r["status"]) for r in self.log()
                if (metodo is None or r["method"] == metodo) and r["path"].removeprefix("/web_api").startswith(prefixo)]

    def falhar(self, tipo: str, quantidade: int = 1, prefixo: str = "", metodo: str = "", atraso_s: float = 2.0):
        resposta = requests.post(self._url("falhas"), json={"tipo": tipo, "quantidade": quantidade,
                                                            "prefixo": prefixo, "metodo": metodo,
                                                            "atraso_s": atraso_s}, timeout=5)
        assert resposta.status_code == 200, resposta.text

    def limpar_falhas(self) -> None:
        requests.delete(self._url("falhas"), timeout=5).raise_for_status()

    def avancar_relogio(self, segundos: float) -> None:
        requests.post(self._url("clock"), json={"advance_s": segundos}, timeout=5).raise_for_status()

    def limites(self, **dados) -> dict:
        return requests.post(self._url("limites"), json=dados, timeout=5).json()

    def emails(self) -> list[dict]:
        return requests.get(self._url("emails"), timeout=5).json()["emails"]


@pytest.fixture
def servidor_falso():
    """Um servidor HTTP que não é a Tray; `servidor_falso(status, corpo, tipo)` devolve a URL da "API"."""
    servidores = []

    def montar(status: int = 200, corpo: str = "<html><body>Minha loja</body></html>",
               tipo: str = "text/html") -> str:
        def app(environ, start_response):
            return Response(corpo, status=status, mimetype=tipo)(environ, start_response)

        porta = porta_livre()
        servidor = make_server("127.0.0.1", porta, app, threaded=True)
        threading.Thread(target=servidor.serve_forever, daemon=True).start()
        servidores.append(servidor)
        return f"http://127.0.0.1:{porta}/web_api"

    yield montar
    for servidor in servidores:
        servidor.shutdown()


@pytest.fixture
def servidor_gravador():
    """`servidor_gravador(responder)` sobe um servidor HTTP em 127.0.0.1 que grava cada requisição recebida
    (método, caminho, query, corpo) e responde com `responder(environ, gravadas)` -> Response. Devolve
    (url_base, gravadas)."""
    servidores = []

    def montar(responder):
        gravadas = []

        def app(environ, start_response):
            tamanho = int(environ.get("CONTENT_LENGTH") or 0)
            corpo = environ["wsgi.input"].read(tamanho).decode("utf-8", "replace") if tamanho else ""
            gravadas.append({"metodo": environ["REQUEST_METHOD"], "caminho": environ["PATH_INFO"],
                             "query": environ.get("QUERY_STRING", ""), "corpo": corpo})
            return responder(environ, gravadas)(environ, start_response)

        porta = porta_livre()
        servidor = make_server("127.0.0.1", porta, app, threaded=True)
        threading.Thread(target=servidor.serve_forever, daemon=True).start()
        servidores.append(servidor)
        return f"http://127.0.0.1:{porta}", gravadas

    yield montar
    for servidor in servidores:
        servidor.shutdown()
