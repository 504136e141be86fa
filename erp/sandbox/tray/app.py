"""A aplicação WSGI do simulador da loja Tray: /web_api (a API) e /_sandbox (inspeção para testes)."""
import socket
import time

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from erp.sandbox.tray.contexto import CHAVE
from erp.sandbox.tray.estado import EstadoLoja
from erp.sandbox.tray.respostas import ErroApi, resposta_erro
from erp.sandbox.tray.semente import normalizar_semente

PREFIXO = "/web_api"
PUBLICOS_GET = {"produtos.listar", "produtos.obter", "variacoes.listar"}
SEM_TOKEN = {"auth.criar", "auth.renovar"}
_DESCONECTAR = "tray_sim.desconectar"
_FALHA = "tray_sim.falha"


class _Borda:
    """Camada WSGI: tira a barra final do caminho e derruba a conexão quando uma falha pede."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        caminho = environ.get("PATH_INFO", "")
        if len(caminho) > 1 and caminho.endswith("/"):
            environ["PATH_INFO"] = caminho.rstrip("/") or "/"
        iteravel = self.wsgi_app(environ, start_response)
        if environ.get(_DESCONECTAR):
            if hasattr(iteravel, "close"):
                iteravel.close()
            conexao = environ.get("werkzeug.socket")
            if conexao is not None:
                try:
                    conexao.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            raise ConnectionAbortedError("conexão derrubada pela falha programada")
        return iteravel


def _registrar_requisicao(est: EstadoLoja, status: int) -> None:
    desconectou = bool(request.environ.get(_DESCONECTAR))
    est.requisicoes.append({"method": request.method, "path": request.path, "query": request.args.to_dict(),
                            "status": None if desconectou else status, "time": est.agora(),
                            "falha": request.environ.get(_FALHA)})


def _aplicar_falha(est: EstadoLoja):
    falha = est.falhas.consumir(request.method, request.path)
    if falha is None:
        return None
    tipo = falha["tipo"]
    request.environ[_FALHA] = tipo
    if tipo == "lento":
        time.sleep(falha["atraso_s"])
        return None
    if tipo == "desconectar":
        request.environ[_DESCONECTAR] = True
        return Response(b"", status=200)
    if tipo == "json_invalido":
        return Response('{"paging": {"total": 1, "page": 1, "Orders": [{"Order": {"id": "1"', status=200,
                        mimetype="application/json")
    status = int(tipo)
    causa = {429: "Limite de requisições excedido", 400: "Requisição recusada (falha simulada)",
             403: "Acesso negado (falha simulada)"}.get(status, "Erro interno simulado")
    return resposta_erro(ErroApi(status, [causa]))


def _antes(est: EstadoLoja):
    est.url_base = request.host_url.rstrip("/")
    if not request.path.startswith(PREFIXO):
        return None
    resposta = _aplicar_falha(est)
    if resposta is not None:
        return resposta
    if est.limitador.registrar() is not None:
        return resposta_erro(ErroApi(429, ["Limite de requisições excedido"]))
    if request.routing_exception is not None:
        return None
    if request.endpoint in SEM_TOKEN or (request.method == "GET" and request.endpoint in PUBLICOS_GET):
        return None
    codigo = est.tokens.verificar_acesso(request.args.get("access_token"))
    if codigo is not None:
        return resposta_erro(ErroApi(401, ["Invalid or expired token"], codigo))
    return None


def criar_app_simulador(seed: dict, webhook_url=None, webhook_duplicado=False, webhook_intervalos_s=None,
                        webhook_max_tentativas=None, timeout_imagem_s=None) -> Flask:
    """Aplicação Flask do simulador; o estado fica em `app.extensions["simulador_tray"]`."""
    from erp.sandbox.tray import (rotas_auth, rotas_categorias, rotas_clientes, rotas_instalacao, rotas_notas,
                                  rotas_pedidos, rotas_produtos, rotas_sandbox, rotas_variacoes)

    est = EstadoLoja(normalizar_semente(seed), webhook_url=webhook_url, webhook_duplicado=webhook_duplicado,
                     webhook_intervalos_s=webhook_intervalos_s, webhook_max_tentativas=webhook_max_tentativas,
                     timeout_imagem_s=timeout_imagem_s)
    app = Flask(__name__)
    app.extensions[CHAVE] = est
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    for modulo in (rotas_auth, rotas_pedidos, rotas_notas, rotas_clientes, rotas_produtos, rotas_variacoes,
                   rotas_categorias):
        app.register_blueprint(modulo.bp, url_prefix=PREFIXO)
    app.register_blueprint(rotas_sandbox.bp, url_prefix="/_sandbox")
    app.register_blueprint(rotas_instalacao.bp)  # /auth.php, na raiz da loja
    app.before_request(lambda: _antes(est))

    @app.after_request
    def depois(resposta):
        if request.path.startswith(PREFIXO):
            _registrar_requisicao(est, resposta.status_code)
        return resposta

    @app.errorhandler(ErroApi)
    def erro_api(erro: ErroApi):
        return resposta_erro(erro)

    @app.errorhandler(HTTPException)
    def erro_http(erro: HTTPException):
        if erro.code == 404:
            return resposta_erro(ErroApi(404, [f"Recurso não encontrado: {request.path}"]))
        if erro.code == 405:
            resposta = resposta_erro(ErroApi(405, [f"Método {request.method} não permitido em {request.path}"]))
            resposta.headers["Allow"] = ", ".join(erro.valid_methods or [])
            return resposta
        return resposta_erro(ErroApi(erro.code, [erro.description], nome=erro.name))

    app.wsgi_app = _Borda(app.wsgi_app)
    return app
