"""Troca do code por tokens (POST /auth) e renovação (GET /auth?refresh_token=), tray-api.md §1 e §12."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from erp.comum.modelos import agora
from erp.lojas_virtuais.tray import erros, valores
from erp.lojas_virtuais.tray.transporte import Transporte, _FalhaRede, causas_do_corpo

VIDA_ACESSO_PADRAO = timedelta(hours=3)
VIDA_REFRESH_PADRAO = timedelta(days=30)

MSG_CODE_INVALIDO = "Code inválido ou já utilizado: gere um novo code no painel da Tray"
MSG_NAO_E_TRAY = "O endereço informado não respondeu como a API da Tray"


@dataclass
class Tokens:
    access_token: str
    refresh_token: str
    access_expira_em: datetime  # UTC, sem fuso
    refresh_expira_em: datetime  # UTC, sem fuso
    api_host: str
    store_id: str


def ler_tokens(corpo) -> Tokens | None:
    """Tokens de uma resposta de /auth (code 200/201 como número ou texto); None se não houver tokens."""
    if not isinstance(corpo, dict):
        return None
    acesso, refresh = valores.texto(corpo.get("access_token")), valores.texto(corpo.get("refresh_token"))
    if not acesso or not refresh:
        return None
    agora_utc = agora().replace(microsecond=0)
    return Tokens(
        access_token=acesso,
        refresh_token=refresh,
        access_expira_em=valores.data_hora_utc(corpo.get("date_expiration_access_token"))
        or agora_utc + VIDA_ACESSO_PADRAO,
        refresh_expira_em=valores.data_hora_utc(corpo.get("date_expiration_refresh_token"))
        or agora_utc + VIDA_REFRESH_PADRAO,
        api_host=valores.texto(corpo.get("api_host")).rstrip("/"),
        store_id=valores.texto(corpo.get("store_id")),
    )


def _parece_tray(corpo) -> bool:
    """Corpo de erro no formato da Tray: {"code", "message", "causes"}."""
    return isinstance(corpo, dict) and "causes" in corpo and ("code" in corpo or "message" in corpo)


def trocar_code(transporte: Transporte, consumer_key: str, consumer_secret: str, code) -> Tokens:
    """POST {site}/auth com o corpo em formulário. Erros com mensagens para quem cadastra a loja."""
    dados = {"consumer_key": consumer_key, "consumer_secret": consumer_secret, "code": str(code).strip()}
    try:
        resposta = transporte.bruto("POST", "/auth", data=dados)
    except _FalhaRede as falha:
        motivo = str(falha.erro).removeprefix("Loja Tray indisponível (").removesuffix(")")
        raise erros.Indisponivel(f"Não foi possível acessar {transporte.site}: {motivo}") from None
    status, corpo = resposta.status, resposta.corpo
    if status in (200, 201):
        tokens = ler_tokens(corpo)
        if tokens is None:
            raise erros.EnderecoInvalido(MSG_NAO_E_TRAY, status=status)
        return tokens
    if status in (400, 401, 403) and _parece_tray(corpo):
        raise erros.ErroAutenticacao(MSG_CODE_INVALIDO, status, causas_do_corpo(corpo), corpo.get("error_code"))
    if status == 429 and _parece_tray(corpo):
        raise erros.LimiteExcedido(status=429)
    if status >= 500:
        raise erros.Indisponivel(f"Não foi possível acessar {transporte.site}: a loja respondeu com erro {status}",
                                 status=status)
    raise erros.EnderecoInvalido(MSG_NAO_E_TRAY, status=status)


def renovar(transporte: Transporte, refresh_token: str) -> Tokens:
    """GET {site}/auth?refresh_token=...; a Tray devolve um par novo e o refresh token antigo morre.

    Não é idempotente (gira o refresh token): só repete se a requisição certamente não chegou.
    401 vira `ErroAutenticacao` (quem chama marca a loja para reconectar).
    """
    corpo = transporte.enviar("GET", "/auth", params={"refresh_token": refresh_token}, idempotente=False)
    tokens = ler_tokens(corpo)
    if tokens is None:
        raise erros.Indisponivel("Loja Tray indisponível (resposta inválida ao renovar o token)")
    return tokens
