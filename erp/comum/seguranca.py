"""Proteções de toda resposta: cabeçalhos de segurança, cookie de sessão e proxy reverso."""
from flask import request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

# Tudo é servido pela própria aplicação: nenhum script de fora, nenhum script embutido, nada de eval.
POLITICA = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

CABECALHOS = {
    "Content-Security-Policy": POLITICA,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SessaoNoCookie(SecureCookieSessionInterface):
    """O cookie da sessão leva `Secure` quando a requisição chegou por HTTPS (direto ou pelo proxy)."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def init_app(app) -> None:
    app.session_interface = SessaoNoCookie()
    proxies = int(app.config.get("ERP_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)

    @app.after_request
    def cabecalhos(resposta):
        for nome, valor in CABECALHOS.items():
            resposta.headers.setdefault(nome, valor)
        if request.is_secure:
            resposta.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return resposta
