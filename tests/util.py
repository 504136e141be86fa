"""Auxiliares dos testes."""
import re
import socket
import threading
from contextlib import contextmanager


def em_paralelo(funcoes, prazo_s: float | None = None) -> None:
    """Roda cada função numa thread própria, todas ao mesmo tempo, e espera todas terminarem."""
    threads = [threading.Thread(target=funcao) for funcao in funcoes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(prazo_s)


def porta_livre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def csrf_de(resposta) -> str:
    """Extrai o token CSRF de uma página renderizada."""
    html = resposta.get_data(as_text=True) if hasattr(resposta, "get_data") else resposta
    achado = re.search(r'name="csrf-token" content="([^"]+)"', html) or re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', html
    )
    assert achado, "página sem token CSRF"
    return achado.group(1)


SENHA_TESTE = "demo-erp-2026"


def entrar(cliente, email="demo@erp.local", senha=SENHA_TESTE):
    token = csrf_de(cliente.get("/entrar"))
    return cliente.post("/entrar", data={"email": email, "senha": senha, "csrf_token": token})


def postar(cliente, url, dados=None, pagina="/", **kwargs):
    """POST de formulário com o token CSRF de uma página da aplicação."""
    dados = dict(dados or {})
    dados.setdefault("csrf_token", csrf_de(cliente.get(pagina)))
    return cliente.post(url, data=dados, **kwargs)


@contextmanager
def contando_consultas():
    """Os comandos SQL enviados ao banco dentro do bloco (lista preenchida enquanto ele corre)."""
    from sqlalchemy import event

    from erp.extensions import db

    consultas: list[str] = []

    def anotar(conexao, cursor, sql, *_):
        consultas.append(sql)

    event.listen(db.engine, "before_cursor_execute", anotar)
    try:
        yield consultas
    finally:
        event.remove(db.engine, "before_cursor_execute", anotar)
