"""Servidor do simulador da SEFAZ numa thread (testes) ou em primeiro plano (`flask sandbox sefaz`)."""
import threading
from dataclasses import dataclass, field

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from erp.sandbox.sefaz.app import criar_app_simulador
from erp.sandbox.sefaz.estado import CHAVE, EstadoSefaz

HOST = "127.0.0.1"


class _ManipuladorSilencioso(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass
class SimuladorSefaz:
    app: Flask
    servidor: BaseWSGIServer
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def estado(self) -> EstadoSefaz:
        return self.app.extensions[CHAVE]

    @property
    def porta(self) -> int:
        return self.servidor.server_port

    @property
    def url(self) -> str:
        """O valor de SEFAZ_URL: o cliente troca o esquema e o host das URLs oficiais por este."""
        return f"http://{HOST}:{self.porta}"

    def parar(self) -> None:
        self.estado.parando.set()  # libera as requisições presas numa falha "timeout"
        if self.thread is not None:
            self.servidor.shutdown()
            self.thread.join(timeout=5)
        self.servidor.server_close()


def criar_simulador(porta: int = 0, registrar_acessos: bool = False, **opcoes) -> SimuladorSefaz:
    """Opções: ambiente (2), consultas_em_processamento (1), tempo_medio_s (1), prazo_cancelamento_h (24),
    dias_atraso_maximo (30)."""
    app = criar_app_simulador(**opcoes)
    manipulador = WSGIRequestHandler if registrar_acessos else _ManipuladorSilencioso
    servidor = make_server(HOST, porta, app, threaded=True, request_handler=manipulador)
    servidor.daemon_threads = True
    return SimuladorSefaz(app=app, servidor=servidor)


def iniciar_em_thread(porta: int = 0, **opcoes) -> SimuladorSefaz:
    """Simulador servindo em 127.0.0.1 numa thread; `porta` 0 escolhe uma porta livre."""
    simulador = criar_simulador(porta, **opcoes)
    simulador.thread = threading.Thread(target=simulador.servidor.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"sefaz-sim-{simulador.porta}", daemon=True)
    simulador.thread.start()
    return simulador
