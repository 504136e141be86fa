"""Servidores HTTP mínimos para os testes do simulador: imagens e receptor de notificações."""
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


def png_minimo(largura: int = 2, altura: int = 2) -> bytes:
    """Um PNG de verdade (RGB, pixels vermelhos)."""
    def bloco(tipo: bytes, dados: bytes) -> bytes:
        return struct.pack(">I", len(dados)) + tipo + dados + struct.pack(">I", zlib.crc32(tipo + dados))

    linhas = b"".join(b"\x00" + b"\xff\x00\x00" * largura for _ in range(altura))
    cabecalho = struct.pack(">IIBBBBB", largura, altura, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + bloco(b"IHDR", cabecalho) + bloco(b"IDAT", zlib.compress(linhas))
            + bloco(b"IEND", b""))


class ServidorLocal:
    """ThreadingHTTPServer em 127.0.0.1 numa porta livre; `rotas` mapeia caminho -> (status, tipo, corpo)."""

    def __init__(self, rotas: dict | None = None, respostas_post: list[int] | None = None):
        self.rotas = rotas or {}
        self.respostas_post = list(respostas_post or [])
        self.recebidos: list[dict] = []
        self.evento = threading.Condition()
        servidor = self

        class Manipulador(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                status, tipo, corpo = servidor.rotas.get(self.path, (404, "text/plain", b"nao encontrado"))
                self.send_response(status)
                self.send_header("Content-Type", tipo)
                self.send_header("Content-Length", str(len(corpo)))
                self.end_headers()
                self.wfile.write(corpo)

            def do_POST(self):
                tamanho = int(self.headers.get("Content-Length", 0))
                corpo = self.rfile.read(tamanho).decode()
                with servidor.evento:
                    status = servidor.respostas_post.pop(0) if servidor.respostas_post else 200
                    servidor.recebidos.append({"path": self.path, "tipo": self.headers.get("Content-Type", ""),
                                               "form": {k: v[0] for k, v in parse_qs(corpo).items()},
                                               "status": status})
                    servidor.evento.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"OK")

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Manipulador)
        self.http.daemon_threads = True
        self.thread = threading.Thread(target=self.http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http.server_port}"

    def esperar(self, quantidade: int, timeout_s: float = 5.0) -> list[dict]:
        with self.evento:
            self.evento.wait_for(lambda: len(self.recebidos) >= quantidade, timeout=timeout_s)
            return list(self.recebidos)

    def parar(self) -> None:
        self.http.shutdown()
        self.http.server_close()
