"""Servidor do simulador em uma thread (testes) ou em primeiro plano (CLI)."""
import threading
from dataclasses import dataclass, field

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from erp.sandbox.tray.app import criar_app_simulador
from erp.sandbox.tray.contexto import CHAVE
from erp.sandbox.tray.estado import EstadoLoja
from erp.sandbox.tray.semente import carregar_semente

HOST = "127.0.0.1"


class _ManipuladorSilencioso(WSGIRequestHandler):
    """Sem uma linha de log por requisição (os testes consultam /_sandbox/requests)."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass
class SimuladorTray:
    app: Flask
    servidor: BaseWSGIServer
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def estado(self) -> EstadoLoja:
        return self.app.extensions[CHAVE]

    @property
    def porta(self) -> int:
        return self.servidor.server_port

    @property
    def url_base(self) -> str:
        return f"http://{HOST}:{self.porta}"

    @property
    def url_api(self) -> str:
        return f"{self.url_base}/web_api"

    @property
    def store_id(self) -> str:
        return self.estado.loja["id"]

    @property
    def code(self) -> str:
        return self.estado.loja["code"]

    @property
    def consumer_key(self) -> str:
        return self.estado.app["consumer_key"]

    @property
    def consumer_secret(self) -> str:
        return self.estado.app["consumer_secret"]

    def parar(self) -> None:
        self.estado.notificador.parar()
        if self.thread is not None:
            self.servidor.shutdown()
            self.thread.join(timeout=5)
        self.servidor.server_close()


def criar_simulador(seed: dict | None = None, porta: int = 0, webhook_url=None, webhook_duplicado=False,
                    registrar_acessos: bool = False, **opcoes) -> SimuladorTray:
    """Monta app e servidor (sem iniciar). `seed` None = semente de demonstração."""
    semente = carregar_semente(seed)
    app = criar_app_simulador(semente, webhook_url=webhook_url, webhook_duplicado=webhook_duplicado, **opcoes)
    manipulador = WSGIRequestHandler if registrar_acessos else _ManipuladorSilencioso
    servidor = make_server(HOST, porta, app, threaded=True, request_handler=manipulador)
    servidor.daemon_threads = True
    simulador = SimuladorTray(app=app, servidor=servidor)
    simulador.estado.url_base = simulador.url_base
    return simulador


def iniciar_em_thread(seed: dict | None = None, porta: int = 0, webhook_url=None, webhook_duplicado=False,
                      **opcoes) -> SimuladorTray:
    """Simulador servindo em 127.0.0.1 numa thread; `porta` 0 escolhe uma porta livre.

    Opções extras: webhook_intervalos_s (ex.: (0.05, 0.1)), webhook_max_tentativas, timeout_imagem_s.
    """
    simulador = criar_simulador(seed, porta, webhook_url, webhook_duplicado, **opcoes)
    simulador.thread = threading.Thread(target=simulador.servidor.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"tray-sim-{simulador.porta}", daemon=True)
    simulador.thread.start()
    return simulador
