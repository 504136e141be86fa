"""Sessões: sair encerra a sessão no banco, login limitado, sem chave no código, cabeçalhos de segurança."""
import time

import pytest
from werkzeug.security import generate_password_hash

from erp import create_app
from erp.usuarios import services
from tests.util import SENHA_TESTE, csrf_de, entrar


def test_cookie_copiado_nao_vale_depois_de_sair(app, client, usuario):
    assert entrar(client).status_code == 302
    cookie = client.get_cookie("session").value
    assert client.post("/sair", data={"csrf_token": csrf_de(client.get("/"))}).status_code == 302
    outro = _cliente_novo(app, "127.0.0.1")
    outro.set_cookie("session", cookie)
    resposta = outro.get("/")
    assert resposta.status_code == 302 and "/entrar" in resposta.headers["Location"]


def test_usuario_desativado_perde_a_sessao(app, client, usuario):
    assert entrar(client).status_code == 302
    outro = services.criar_usuario("admin2@erp.local", "outro-admin-1", admin=True)
    assert outro.admin
    services.alterar(usuario, ativo=False)
    assert client.get("/").status_code == 302
    assert entrar(client).status_code == 200  # não entra mais


def test_sempre_fica_um_admin(app, usuario):
    with pytest.raises(services.UsuarioInvalido, match="único administrador"):
        services.alterar(usuario, admin=False)


def test_dez_falhas_bloqueiam_o_email_mesmo_com_a_senha_certa(app, client, usuario):
    for _ in range(10):
        assert entrar(client, senha="errada-123").status_code == 200
    bloqueado = entrar(client)
    assert bloqueado.status_code == 429
    assert "Aguarde 15 minutos" in bloqueado.get_data(as_text=True)


def _cliente_novo(app, endereco):
    """Outro navegador (o contexto da aplicação dos testes é um só: o token CSRF guardado em g não vale)."""
    from flask import g

    g.pop("csrf_token", None)
    cliente = app.test_client()
    cliente.environ_base["REMOTE_ADDR"] = endereco
    return cliente


def test_bloqueio_por_email_vale_de_outro_endereco(app, usuario):
    for n in range(10):
        cliente = _cliente_novo(app, f"203.0.113.{n + 1}")
        assert entrar(cliente, senha="errada-123").status_code == 200
    novo = _cliente_novo(app, "203.0.113.99")
    assert entrar(novo).status_code == 429


def test_bloqueio_por_endereco_vale_para_outros_emails(app, client, usuario):
    for n in range(10):
        assert entrar(client, email=f"x{n}@erp.local", senha="errada-123").status_code == 200
    assert entrar(client).status_code == 429


def test_login_certo_nao_conta_como_falha(app, client, usuario):
    for _ in range(12):
        assert entrar(client).status_code == 302


def test_mesmo_tempo_com_ou_sem_o_email(app, usuario):
    """A senha é conferida contra um hash também quando o e-mail não existe."""
    usuario.senha_hash = generate_password_hash(SENHA_TESTE)

    def tempo(email):
        inicio = time.perf_counter()
        for _ in range(3):
            services.autenticar(email, "errada-123")
        return time.perf_counter() - inicio

    tempo("demo@erp.local"), tempo("ninguem@erp.local")  # aquece
    existe, nao_existe = tempo("demo@erp.local"), tempo("ninguem@erp.local")
    assert nao_existe > existe * 0.5


def test_sem_secret_key_gera_uma_chave_da_instalacao(tmp_path, monkeypatch, _base):
    from erp import config as modulo_config

    monkeypatch.setattr(modulo_config.Config, "SECRET_KEY", None)
    monkeypatch.setattr(modulo_config.Config, "ERP_INSTANCIA", str(tmp_path / "inst"))
    config = {k: v for k, v in _base.items() if k != "SECRET_KEY"}
    app = create_app(config)
    chave = tmp_path / "inst" / "sessao.key"
    assert app.config["SECRET_KEY"] == chave.read_text().strip() and len(app.config["SECRET_KEY"]) >= 40
    assert chave.stat().st_mode & 0o777 == 0o600
    assert create_app(config).config["SECRET_KEY"] == app.config["SECRET_KEY"]  # a mesma da próxima vez


def test_cookie_assinado_com_a_chave_antiga_do_codigo_e_recusado(app, client, usuario):
    """Um cookie forjado com a chave que já esteve no código não abre sessão."""
    from flask.sessions import SecureCookieSessionInterface

    falsa = create_app({**app.config, "SECRET_KEY": "erp-tray-chave-de-desenvolvimento"})
    serializador = SecureCookieSessionInterface().get_signing_serializer(falsa)
    client.set_cookie("session", serializador.dumps({"_user_id": str(usuario.id), "_fresh": True}))
    assert client.get("/").status_code == 302


def test_cabecalhos_de_seguranca(client):
    resposta = client.get("/entrar")
    politica = resposta.headers["Content-Security-Policy"]
    assert "default-src 'self'" in politica and "frame-ancestors 'none'" in politica
    assert "unsafe-eval" not in politica and "script-src 'self'" in politica
    assert resposta.headers["X-Content-Type-Options"] == "nosniff"
    assert resposta.headers["X-Frame-Options"] == "DENY"
    assert resposta.headers["Referrer-Policy"]
    cookie = resposta.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_cookie_secure_por_https_atras_do_proxy(_base):
    app = create_app({**_base, "ERP_PROXIES": 1})
    cliente = app.test_client()
    resposta = cliente.get("/entrar", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in resposta.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in resposta.headers


def test_corpo_grande_demais_recebe_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    resposta = client.post("/entrar", data={"email": "x" * 4000}, headers={"Content-Length": "4010"})
    assert resposta.status_code == 413
    assert "Arquivo grande demais" in resposta.get_data(as_text=True)
    assert create_app({"TESTING": True}).config["MAX_CONTENT_LENGTH"] == 32 * 1024 * 1024
