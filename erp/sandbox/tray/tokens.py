"""Emissão, renovação e validação de tokens de acesso (tray-api.md §12)."""
import secrets
import threading
from datetime import timedelta

from erp.sandbox.tray.relogio import Relogio
from erp.sandbox.tray.valores import formatar_data_hora

TOKEN_EXPIRADO = 1000
TOKEN_INVALIDO = 1099


class GerenciadorTokens:
    def __init__(self, relogio: Relogio, store_id: str,
                 ttl_acesso_s: int = 10800, ttl_refresh_s: int = 2592000, prefixo: str = "APP_ID"):
        self._relogio = relogio
        self.store_id = store_id
        self.ttl_acesso_s = int(ttl_acesso_s)
        self.ttl_refresh_s = int(ttl_refresh_s)
        self._prefixo = prefixo
        self._acessos: dict[str, object] = {}
        self._refreshs: dict[str, dict] = {}
        self._trava = threading.Lock()

    def _emitir(self, mensagem: str, codigo, api_host: str) -> dict:
        agora = self._relogio.agora().replace(microsecond=0)
        expira_acesso = agora + timedelta(seconds=self.ttl_acesso_s)
        expira_refresh = agora + timedelta(seconds=self.ttl_refresh_s)
        acesso = f"{self._prefixo}-{self.store_id}-{secrets.token_hex(24)}"
        refresh = secrets.token_hex(32)
        self._acessos[acesso] = expira_acesso
        self._refreshs[refresh] = {"expira": expira_refresh, "usado": False}
        return {
            "message": mensagem,
            "code": codigo,
            "access_token": acesso,
            "refresh_token": refresh,
            "date_expiration_access_token": formatar_data_hora(expira_acesso),
            "date_expiration_refresh_token": formatar_data_hora(expira_refresh),
            "date_activated": formatar_data_hora(agora),
            "api_host": api_host,
            "store_id": self.store_id,
        }

    def criar(self, api_host: str) -> dict:
        """POST /auth: novo par; pares anteriores continuam válidos até expirar."""
        with self._trava:
            return self._emitir("Created tokens", 201, api_host)

    def renovar(self, refresh: str, api_host: str) -> tuple[dict | None, int | None]:
        """GET /auth?refresh_token=: gira os dois tokens; devolve (resposta, None) ou (None, error_code)."""
        with self._trava:
            registro = self._refreshs.get(refresh or "")
            if registro is None or registro["usado"]:
                return None, TOKEN_INVALIDO
            if self._relogio.agora() >= registro["expira"]:
                return None, TOKEN_EXPIRADO
            registro["usado"] = True
            return self._emitir("Refreshed tokens", "200", api_host), None

    def verificar_acesso(self, acesso: str | None) -> int | None:
        """None se o token vale; senão o error_code do 401."""
        with self._trava:
            expira = self._acessos.get(acesso or "")
        if expira is None:
            return TOKEN_INVALIDO
        if self._relogio.agora() >= expira:
            return TOKEN_EXPIRADO
        return None
