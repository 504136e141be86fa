"""A guarda de todo endereço de saída que um usuário pode digitar (Site da loja, URL de imagem).

Antes de qualquer conexão: só `https` (e `http` com ERP_PERMITIR_REDE_LOCAL=1), e o endereço resolvido não pode
ser de loopback, rede privada, link-local, multicast, reservado ou não especificado (IPv4 e IPv6, inclusive
escritos em decimal ou hexadecimal, e IPv4 dentro de IPv6), a menos que ERP_PERMITIR_REDE_LOCAL=1. A sessão
`sessao_guardada` confere também cada redirecionamento e o endereço em que de fato conectou.
"""
import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter


class EnderecoRecusado(ValueError):
    """O endereço não pode ser usado para uma conexão de saída."""


def _permitir_local(permitir_rede_local: bool | None) -> bool:
    if permitir_rede_local is not None:
        return permitir_rede_local
    from flask import current_app, has_app_context

    return bool(has_app_context() and current_app.config.get("ERP_PERMITIR_REDE_LOCAL"))


def endereco_proibido(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, privado, link-local, multicast, reservado, não especificado ou compartilhado (CGNAT)."""
    if isinstance(ip, ipaddress.IPv6Address):
        embutido = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embutido is not None and endereco_proibido(embutido):
            return True
    return (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved
            or ip.is_unspecified or not ip.is_global)


def _ips(host: str, porta: int) -> list:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, porta, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as erro:
        raise EnderecoRecusado(f"O endereço {host} não foi encontrado (DNS): confira o que foi digitado.") from erro
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def verificar_url(url: str, permitir_rede_local: bool | None = None, rotulo: str = "O endereço") -> str:
    """Confere a URL antes de conectar; devolve-a sem espaços. Levanta EnderecoRecusado com o motivo."""
    url = (url or "").strip()
    local = _permitir_local(permitir_rede_local)
    partes = urlsplit(url)
    esquema = partes.scheme.lower()
    if esquema not in ("https", "http") or not partes.hostname:
        raise EnderecoRecusado(f"{rotulo} precisa ser uma URL https:// completa (ex.: https://www.sualoja.com.br/web_api).")
    if esquema == "http" and not local:
        raise EnderecoRecusado(f"{rotulo} precisa usar https:// (conexão cifrada).")
    if partes.username or partes.password:
        raise EnderecoRecusado(f"{rotulo} não pode levar usuário e senha na URL.")
    try:
        porta = partes.port or (443 if esquema == "https" else 80)
    except ValueError:
        raise EnderecoRecusado(f"{rotulo} tem uma porta inválida.") from None
    if not local:
        for ip in _ips(partes.hostname, porta):
            if endereco_proibido(ip):
                raise EnderecoRecusado(
                    f"{rotulo} aponta para um endereço interno ({ip}), que não é aceito: use o endereço público.")
    return url


class _AdaptadorGuardado(HTTPAdapter):
    """Confere o endereço de cada requisição (inclusive as de redirecionamento) antes de enviá-la."""

    def __init__(self, permitir_rede_local: bool, *args, **kwargs):
        self._local = permitir_rede_local
        super().__init__(*args, **kwargs)

    def send(self, request, *args, **kwargs):
        verificar_url(request.url, self._local)
        return super().send(request, *args, **kwargs)


def sessao_guardada(permitir_rede_local: bool | None = None) -> requests.Session:
    """Uma `requests.Session` que passa cada requisição (e cada redirecionamento) pela guarda."""
    local = _permitir_local(permitir_rede_local)
    sessao = requests.Session()
    adaptador = _AdaptadorGuardado(local)
    sessao.mount("http://", adaptador)
    sessao.mount("https://", adaptador)
    return sessao


def _eh_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def mesmo_dominio_registravel(url_a: str, url_b: str) -> bool:
    """Os dois endereços estão sob o mesmo domínio registrável (ex.: loja.com.br e api.loja.com.br)?
    Um endereço IP só é "do mesmo domínio" que ele mesmo."""
    a, b = ((urlsplit(u).hostname or "").lower() for u in (url_a, url_b))
    if not a or not b:
        return False
    if a == b:
        return True
    if _eh_ip(a) or _eh_ip(b):
        return False
    return _registravel(a) == _registravel(b)


# Sufixos públicos de dois níveis comuns nas lojas (o resto: os dois últimos rótulos).
_SUFIXOS_DUPLOS = {"com.br", "net.br", "org.br", "art.br", "eco.br", "ind.br", "adv.br", "blog.br", "eti.br",
                   "inf.br", "srv.br", "tv.br", "app.br", "dev.br", "log.br", "co.uk", "com.ar", "com.mx"}


def _registravel(host: str) -> str:
    rotulos = host.lower().rstrip(".").split(".")
    if len(rotulos) >= 3 and ".".join(rotulos[-2:]) in _SUFIXOS_DUPLOS:
        return ".".join(rotulos[-3:])
    return ".".join(rotulos[-2:])
