"""Servidor HTTP de um simulador em 127.0.0.1: numa thread (testes) ou em primeiro plano (linha de comando)."""
import threading
from dataclasses import dataclass, field

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

HOST = "127.0.0.1"


class _ManipuladorSilencioso(WSGIRequestHandler):
    """Sem uma linha de log por requisição (os testes consultam o registro de requisições do simulador)."""

    def log_request(self, *args, **kwargs) -> None:
        pass


def servidor_wsgi(app: Flask, porta: int = 0, registrar_acessos: bool = False) -> BaseWSGIServer:
    """Servidor (ainda parado) com uma thread por requisição; `porta` 0 escolhe uma porta livre."""
    manipulador = WSGIRequestHandler if registrar_acessos else _ManipuladorSilencioso
    servidor = make_server(HOST, porta, app, threaded=True, request_handler=manipulador)
    servidor.daemon_threads = True
    return servidor


@dataclass
class SimuladorHttp:
    """O app do simulador e o seu servidor; cada simulador diz em `_ao_parar` o que soltar antes de fechar."""
    app: Flask
    servidor: BaseWSGIServer
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def porta(self) -> int:
        return self.servidor.server_port

    @property
    def url_base(self) -> str:
        return f"http://{HOST}:{self.porta}"

    def iniciar_thread(self, nome: str):
        """Passa a servir numa thread (daemon) chamada `<nome>-<porta>`. Devolve o próprio simulador."""
        self.thread = threading.Thread(target=self.servidor.serve_forever, kwargs={"poll_interval": 0.05},
                                       name=f"{nome}-{self.porta}", daemon=True)
        self.thread.start()
        return self

    def _ao_parar(self) -> None:
        pass

    def parar(self) -> None:
        self._ao_parar()
        if self.thread is not None:
            self.servidor.shutdown()
            self.thread.join(timeout=5)
        self.servidor.server_close()
