"""Fixtures comuns: aplicação com banco migrado, cliente, usuário logado, servidor vivo e navegador."""
import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from erp import create_app
from erp.config import url_do_banco
from erp.extensions import db
from tests.util import SENHA_TESTE, entrar, porta_livre

try:  # simulador da Tray (fixtures tray_sim, tray_sim_factory)
    from tests.fixtures_tray import *  # noqa: F401,F403
except ImportError:  # pragma: no cover
    pass
from tests.fixtures_redis import *  # noqa: F401,F403 — servidor_redis

RAIZ = Path(__file__).resolve().parent.parent
ARTEFATOS = RAIZ / "artefatos"


@pytest.fixture(scope="session")
def _base(tmp_path_factory):
    """Banco migrado uma vez por sessão (SQLite temporário, ou DATABASE_URL se houver)."""
    pasta = tmp_path_factory.mktemp("instancia")
    url = url_do_banco(os.environ.get("DATABASE_URL") or f"sqlite:///{pasta / 'teste.sqlite3'}")
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "HUEY_ARQUIVO": str(pasta / "fila.sqlite3"),
        "UPLOADS": str(pasta / "uploads"),
        "ARQUIVO_XML_PASTA": str(pasta / "xml"),
        "SECRET_KEY": "teste",
        "ERP_SANDBOX": True,
        "ERP_CHAVE_SEGREDOS": "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=",
    }
    app = create_app(config)
    with app.app_context():
        from flask_migrate import downgrade, upgrade

        if url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade(revision="heads")
    return config


def _limpar_tabelas():
    tabelas = [t for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        nomes = ", ".join(f'"{t.name}"' for t in tabelas)
        db.session.execute(text(f"TRUNCATE {nomes} RESTART IDENTITY CASCADE"))
    else:
        for tabela in tabelas:
            db.session.execute(tabela.delete())
        db.session.execute(text("DELETE FROM sqlite_sequence")) if _tem_sequencia() else None
    db.session.commit()


def _tem_sequencia() -> bool:
    return bool(
        db.session.execute(
            text("SELECT name FROM sqlite_master WHERE name='sqlite_sequence'")
        ).first()
    )


@pytest.fixture
def app(_base):
    app = create_app(dict(_base))
    with app.app_context():
        _limpar_tabelas()
        from erp.tarefas.fila import huey

        huey.flush()
        from erp.extensions import limiter

        limiter.reset()
        yield app
        db.session.remove()
        db.engine.dispose()  # as conexões desta aplicação voltam já (o PostgreSQL tem um teto de conexões)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def usuario(app):
    from erp.usuarios.services import criar_usuario

    return criar_usuario("demo@erp.local", SENHA_TESTE, admin=True, nome="Demonstração")


@pytest.fixture
def logado(client, usuario):
    resposta = entrar(client)
    assert resposta.status_code == 302
    return client


@pytest.fixture
def servidor_vivo(app):
    """A aplicação servida por HTTP de verdade numa thread (para o navegador)."""
    porta = porta_livre()
    servidor = make_server("127.0.0.1", porta, app, threaded=True)
    thread = threading.Thread(target=servidor.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{porta}"
    servidor.shutdown()


@pytest.fixture(scope="session")
def navegador():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--lang=pt-BR",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def pagina(navegador, servidor_vivo, usuario):
    """Uma aba do Chromium já logada na aplicação."""
    contexto = navegador.new_context(locale="pt-BR", viewport={"width": 1400, "height": 900})
    aba = contexto.new_page()
    aba.set_default_timeout(15000)
    aba.goto(f"{servidor_vivo}/entrar")
    aba.fill("#email", "demo@erp.local")
    aba.fill("#senha", SENHA_TESTE)
    aba.click("button[type=submit]")
    aba.wait_for_url(f"{servidor_vivo}/")
    aba.base = servidor_vivo
    yield aba
    contexto.close()


def captura(aba, nome: str) -> Path:
    """Salva uma captura de tela em artefatos/ (para olhar depois)."""
    ARTEFATOS.mkdir(exist_ok=True)
    caminho = ARTEFATOS / f"{nome}.png"
    aba.screenshot(path=str(caminho), full_page=True)
    return caminho
