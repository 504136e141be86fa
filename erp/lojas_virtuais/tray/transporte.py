"""A camada HTTP da Tray: sessão, tempos-limite, limitador, novas tentativas, registro e erros tipados.

Novas tentativas (com espera crescente e aleatória):
- GET, PUT e DELETE são idempotentes: repetem após 429, 5xx, falha de conexão, tempo esgotado e JSON
  inválido.
- POST (e a renovação de token, que gira o refresh token) só repete quando a requisição certamente não
  chegou à Tray: falha ao abrir a conexão ou 429 (a Tray recusa antes de processar). Depois de um 5xx, de
  um tempo esgotado na leitura ou de uma resposta ilegível, a Tray pode ter gravado o registro; repetir
  criaria duplicatas (um produto a mais, uma nota a mais). Aí o erro sobe como `Indisponivel` com
  `talvez_aplicado=True` e quem chamou confere na loja antes de tentar de novo.

A sessão é a `sessao_guardada` de erp.comum.rede: cada requisição e cada redirecionamento é conferido antes
de conectar, e um redirecionamento para outro host não é seguido.
"""
import json as jsonlib
import logging
import random
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from erp.comum.rede import EnderecoRecusado, sessao_guardada
from erp.lojas_virtuais.tray import erros
from erp.lojas_virtuais.tray.limitador import (
    JANELA_PADRAO_S,
    LIMITE_PADRAO,
    chave_da_loja,
    limitador_da_loja,
)

log = logging.getLogger("erp.lojas_virtuais.tray")

TIMEOUT_PADRAO = (5.0, 30.0)  # (conexão, leitura) em segundos
TENTATIVAS_PADRAO = 4
ESPERA_BASE_PADRAO_S = 0.5


@dataclass
class Resposta:
    status: int
    corpo: object  # JSON decodificado, ou None se não for JSON
    texto: str
    ms: int

    @property
    def json_valido(self) -> bool:
        return self.corpo is not None or not self.texto.strip()


class _FalhaRede(Exception):
    def __init__(self, erro: erros.Indisponivel, chegou: bool):
        super().__init__(str(erro))
        self.erro = erro
        self.chegou = chegou  # a requisição pode ter sido recebida pela Tray


def _nao_chegou(excecao: requests.RequestException) -> bool:
    """True quando a conexão nem chegou a abrir (o pedido certamente não foi recebido)."""
    if isinstance(excecao, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(excecao, requests.exceptions.ConnectionError):
        motivo = excecao.args[0] if excecao.args else None
        motivo = getattr(motivo, "reason", motivo)
        return isinstance(motivo, (urllib3.exceptions.NewConnectionError,
                                   urllib3.exceptions.ConnectTimeoutError))
    return False


def _motivo_conexao(excecao: Exception) -> str:
    texto = str(excecao)
    for marca, traducao in (("Connection refused", "conexão recusada"),
                            ("Name or service not known", "endereço não encontrado"),
                            ("Failed to resolve", "endereço não encontrado"),
                            ("nodename nor servname", "endereço não encontrado"),
                            ("timed out", "tempo esgotado"),
                            ("RemoteDisconnected", "a conexão foi encerrada pelo servidor"),
                            ("Connection aborted", "a conexão foi encerrada pelo servidor"),
                            ("Connection reset", "a conexão foi encerrada pelo servidor"),
                            ("SSL", "falha no certificado ou na conexão segura")):
        if marca in texto:
            return traducao
    return "falha de conexão"


def _origem(url: str) -> tuple[str, str, int | None]:
    partes = urlsplit(url)
    return partes.scheme.lower(), (partes.hostname or "").lower(), partes.port


def _redirecionar_so_no_mesmo_host(resposta, *_args, **_kwargs):
    """Gancho da sessão: um redirecionamento só é seguido para o mesmo host (e sem perder o https). Tokens
    na URL e o consumer secret no corpo nunca vão a um endereço que não os emitiu."""
    if not resposta.is_redirect:
        return resposta
    destino = urljoin(resposta.url, resposta.headers.get("location", ""))
    (esq_a, host_a, porta_a), (esq_b, host_b, porta_b) = _origem(resposta.url), _origem(destino)
    if host_a != host_b or porta_a != porta_b or (esq_a == "https" and esq_b != "https"):
        resposta.close()
        raise EnderecoRecusado(f"A loja redirecionou para outro endereço ({host_b or destino}), que não é "
                               "seguido.")
    return resposta


def causas_do_corpo(corpo) -> list[str]:
    if not isinstance(corpo, dict):
        return []
    causas = corpo.get("causes", corpo.get("errors"))
    if isinstance(causas, dict):
        return [f"{campo}: {motivo}" for campo, motivo in causas.items()]
    if isinstance(causas, (list, tuple)):
        return [str(c) for c in causas]
    if causas:
        return [str(causas)]
    return []


def erro_da_resposta(resposta: Resposta, metodo: str, caminho: str) -> erros.ErroTray:
    status, corpo = resposta.status, resposta.corpo
    causas = causas_do_corpo(corpo)
    codigo = corpo.get("error_code") if isinstance(corpo, dict) else None
    detalhe = f": {'; '.join(causas)}" if causas else ""
    if status == 400 or status == 422:
        return erros.ErroValidacao.das_causas(causas, status)
    if status == 401:
        return erros.ErroAutenticacao(status=401, causas=causas, error_code=codigo)
    if status == 403:
        return erros.ErroAutenticacao(f"A Tray negou o acesso a {caminho}{detalhe}", status, causas, codigo)
    if status == 404:
        return erros.NaoEncontrado(f"Não encontrado na Tray: {metodo} {caminho}{detalhe}", status, causas)
    if status == 429:
        return erros.LimiteExcedido(status=429, causas=causas)
    if status >= 500:
        return erros.Indisponivel(f"Loja Tray indisponível (erro {status})", status, causas)
    return erros.ErroTray(f"A Tray recusou a requisição {metodo} {caminho} (erro {status}){detalhe}",
                          status, causas, codigo)


class Transporte:
    """Fala HTTP com uma loja: uma `requests.Session`, o limitador da loja e as regras de repetição."""

    def __init__(self, site: str, usuario: str, *, limite_minuto: int = LIMITE_PADRAO,
                 janela_s: float = JANELA_PADRAO_S, tentativas: int = TENTATIVAS_PADRAO,
                 espera_base_s: float = ESPERA_BASE_PADRAO_S, timeout=TIMEOUT_PADRAO, rotulo: str = ""):
        self.site = site.rstrip("/")
        self.usuario = usuario
        self.limitador = limitador_da_loja(chave_da_loja(self.site, usuario), limite_minuto, janela_s)
        self.tentativas = max(1, int(tentativas))
        self.espera_base_s = float(espera_base_s)
        self.timeout = tuple(timeout) if isinstance(timeout, (tuple, list)) else (timeout, timeout)
        self.rotulo = rotulo or f"loja {usuario}"
        # Cada requisição, e cada redirecionamento, passa pela guarda de endereços de saída.
        self.sessao = sessao_guardada()
        self.sessao.hooks["response"].append(_redirecionar_so_no_mesmo_host)
        self.sessao.headers.update({"Accept": "application/json", "User-Agent": "erp-tray/1.0"})

    def fechar(self) -> None:
        self.sessao.close()

    # -- uma requisição --------------------------------------------------------------------------
    def bruto(self, metodo: str, caminho: str, params=None, json=None, data=None) -> Resposta:
        """Uma requisição, sem repetir nem traduzir o status. Falha de rede vira `_FalhaRede`."""
        url = self.site + (caminho if caminho.startswith("/") else "/" + caminho)
        vaga = self.limitador.adquirir()
        inicio = time.perf_counter()
        try:
            http = self.sessao.request(metodo, url, params=params, json=json, data=data, timeout=self.timeout)
            texto = http.text
        except EnderecoRecusado as recusa:
            log.warning("Tray %s %s -> endereço recusado pela guarda (%s): %s", metodo, caminho, self.rotulo, recusa)
            raise erros.EnderecoInvalido(f"{recusa} Confira o Site da loja em Lojas Virtuais.") from None
        except requests.exceptions.Timeout as excecao:
            ms = int((time.perf_counter() - inicio) * 1000)
            log.warning("Tray %s %s -> tempo esgotado em %d ms (%s)", metodo, caminho, ms, self.rotulo)
            chegou = not _nao_chegou(excecao)
            raise _FalhaRede(erros.Indisponivel("Loja Tray indisponível (tempo esgotado)",
                                                talvez_aplicado=chegou and metodo == "POST"), chegou) from None
        except requests.exceptions.RequestException as excecao:
            ms = int((time.perf_counter() - inicio) * 1000)
            motivo = _motivo_conexao(excecao)
            log.warning("Tray %s %s -> %s em %d ms (%s)", metodo, caminho, motivo, ms, self.rotulo)
            chegou = not _nao_chegou(excecao)
            raise _FalhaRede(erros.Indisponivel(f"Loja Tray indisponível ({motivo})",
                                                talvez_aplicado=chegou and metodo == "POST"), chegou) from None
        finally:
            self.limitador.liberar(vaga)
        ms = int((time.perf_counter() - inicio) * 1000)
        log.info("Tray %s %s -> %s em %d ms (%s)", metodo, caminho, http.status_code, ms, self.rotulo)
        try:
            corpo = jsonlib.loads(texto) if texto.strip() else None
        except ValueError:
            corpo = None
        return Resposta(http.status_code, corpo, texto, ms)

    # -- com repetição e tradução ----------------------------------------------------------------
    def _esperar(self, tentativa: int, limite: bool) -> None:
        base = self.espera_base_s * (2 ** (tentativa - 1))
        if limite:
            # Sem Retry-After: espera uma fração da janela que cresce a cada 429, e segura o processo todo.
            base = max(base, self.limitador.janela_s / 6 * (2 ** (tentativa - 1)))
            base = min(base, self.limitador.janela_s)
        espera = base * (1 + random.random() / 2)  # nosec B311 — só espalha as novas tentativas, não é segredo
        if limite:
            self.limitador.segurar(espera)
        time.sleep(espera)

    def enviar(self, metodo: str, caminho: str, params=None, json=None, data=None,
               idempotente: bool | None = None):
        """Corpo JSON da resposta (dict; {} se vazio). Erros viram subclasses de `ErroTray`."""
        metodo = metodo.upper()
        if idempotente is None:
            idempotente = metodo in ("GET", "PUT", "DELETE", "HEAD")
        tentativa = 0
        while True:
            tentativa += 1
            ultima = tentativa >= self.tentativas
            try:
                resposta = self.bruto(metodo, caminho, params=params, json=json, data=data)
            except _FalhaRede as falha:
                if ultima or (falha.chegou and not idempotente):
                    falha.erro.talvez_aplicado = falha.chegou and not idempotente
                    raise falha.erro from None
                self._esperar(tentativa, limite=False)
                continue
            if resposta.status == 429:
                if ultima:
                    raise erro_da_resposta(resposta, metodo, caminho)
                self._esperar(tentativa, limite=True)
                continue
            if resposta.status >= 500:
                erro = erro_da_resposta(resposta, metodo, caminho)
                if ultima or not idempotente:
                    erro.talvez_aplicado = not idempotente
                    raise erro
                self._esperar(tentativa, limite=False)
                continue
            if resposta.status >= 400:
                raise erro_da_resposta(resposta, metodo, caminho)
            if not resposta.json_valido or (resposta.corpo is not None
                                            and not isinstance(resposta.corpo, (dict, list))):
                if ultima or not idempotente:
                    raise erros.Indisponivel("Loja Tray indisponível (resposta inválida)",
                                             status=resposta.status, talvez_aplicado=not idempotente)
                self._esperar(tentativa, limite=False)
                continue
            return resposta.corpo if resposta.corpo is not None else {}
