"""Cliente da API da Tray por loja: o único código que fala HTTP com a Tray.

    cli = cliente_da_loja(loja)
    pedido = cli.get("/orders/1001/complete")["Order"]
    for pedido in cli.paginar("/orders", "Order", params={"status": "A ENVIAR"}): ...

Uma `requests.Session` por loja, guardada no processo. O access token vai na query string, é renovado
sozinho 5 minutos antes de expirar e mais uma vez se a Tray responder 401 (a chamada é repetida uma vez);
os tokens girados são gravados na hora. Refresh token recusado marca a loja "precisa reconectar".
"""
import threading
from datetime import timedelta

from flask import current_app, has_app_context

from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import SituacaoLoja, pode_mudar_loja
from erp.lojas_virtuais.tray import armazenamento, auth, erros
from erp.lojas_virtuais.tray.limitador import JANELA_PADRAO_S, LIMITE_PADRAO
from erp.lojas_virtuais.tray.transporte import (
    ESPERA_BASE_PADRAO_S,
    TENTATIVAS_PADRAO,
    TIMEOUT_PADRAO,
    Transporte,
    log,
)

MARGEM_RENOVACAO = timedelta(minutes=5)
MSG_REFRESH_RECUSADO = ("A Tray recusou o token de renovação (expirado ou já usado): "
                        "reconecte a loja com um novo code.")
MSG_REFRESH_EXPIRADO = "O token de renovação da Tray expirou: reconecte a loja com um novo code."
MSG_PRECISA_RECONECTAR = "Credenciais recusadas pela Tray: reconecte a loja."
# error_code do 401 (tray-api.md §3.3) em que renovar o token não adianta.
LOJA_BLOQUEADA = {1001: "bloqueada", 1002: "inativa", 1003: "cancelada"}


def _config(nome: str, padrao):
    if has_app_context():
        return current_app.config.get(nome, padrao)
    return padrao


def opcoes_da_config() -> dict:
    """Ajustes do cliente pela configuração da aplicação (úteis em testes e na bancada)."""
    return {
        "limite_minuto": int(_config("TRAY_LIMITE_MINUTO", LIMITE_PADRAO)),
        "janela_s": float(_config("TRAY_JANELA_S", JANELA_PADRAO_S)),
        "tentativas": int(_config("TRAY_TENTATIVAS", TENTATIVAS_PADRAO)),
        "espera_base_s": float(_config("TRAY_ESPERA_BASE_S", ESPERA_BASE_PADRAO_S)),
        "timeout": (float(_config("TRAY_TIMEOUT_CONEXAO", TIMEOUT_PADRAO[0])),
                    float(_config("TRAY_TIMEOUT_LEITURA", TIMEOUT_PADRAO[1]))),
    }


def _plural(chave: str) -> list[str]:
    if chave.endswith("y"):
        return [chave[:-1] + "ies", chave + "s"]
    if chave.endswith("s"):
        return [chave + "es", chave + "s", chave]
    return [chave + "s", chave + "es"]


def desembrulhar(lista, chave: str) -> list[dict]:
    """[{"Order": {...}}, ...] → [{...}, ...] (aceita também itens já sem o envelope)."""
    itens = []
    for item in lista or []:
        if isinstance(item, dict) and isinstance(item.get(chave), dict):
            itens.append(item[chave])
        elif isinstance(item, dict):
            itens.append(item)
    return itens


def itens_da_lista(corpo, chave: str) -> list[dict]:
    """Os itens de uma resposta de lista da Tray (envelope `Orders: [{"Order": {...}}]`)."""
    if not isinstance(corpo, dict):
        return []
    for nome in _plural(chave):
        if isinstance(corpo.get(nome), list):
            return desembrulhar(corpo[nome], chave)
    ignorar = {"sort", "availableFilters", "appliedFilters"}
    for nome, valor in corpo.items():
        if nome not in ignorar and isinstance(valor, list):
            return desembrulhar(valor, chave)
    return []


def _inteiro(valor) -> int | None:
    try:
        return int(valor)
    except (TypeError, ValueError):
        return None


def _mais_recente(a, b, empate: bool = False) -> bool:
    """a é posterior a b (None conta como o mais antigo possível)."""
    if a is None:
        return False
    if b is None:
        return True
    return a >= b if empate else a > b


class ClienteTray:
    """Cliente de uma loja. Prefira `cliente_da_loja(loja)`, que reaproveita a sessão e o limitador."""

    def __init__(self, loja, *, limite_minuto: int | None = None, janela_s: float | None = None,
                 tentativas: int | None = None, espera_base_s: float | None = None, timeout=None,
                 margem_renovacao: timedelta = MARGEM_RENOVACAO):
        padroes = opcoes_da_config()
        self.loja_id = loja.id
        self.usuario = loja.usuario
        self.nome = loja.nome
        self.margem_renovacao = margem_renovacao
        self._trava = threading.RLock()
        self._estado: dict = {}
        self.sincronizar(loja, forcar=True)
        self.transporte = Transporte(
            self._estado["site"], loja.usuario,
            limite_minuto=limite_minuto or padroes["limite_minuto"],
            janela_s=janela_s or padroes["janela_s"],
            tentativas=tentativas or padroes["tentativas"],
            espera_base_s=padroes["espera_base_s"] if espera_base_s is None else espera_base_s,
            timeout=timeout or padroes["timeout"],
            rotulo=f"loja {loja.id}",
        )

    @property
    def site(self) -> str:
        return self._estado["site"]

    def sincronizar(self, loja, forcar: bool = False) -> None:
        """Atualiza pausa/situação pelo objeto da loja e adota tokens dele se forem mais novos."""
        with self._trava, db.session.no_autoflush:  # ler a loja não pode gravar o trabalho de quem chamou
            novo = {nome: getattr(loja, nome) for nome in armazenamento.CAMPOS_TOKENS}
            novo["site"] = (novo["site"] or "").rstrip("/")
            atual = self._estado
            mais_novo = forcar or (novo["access_token"] != atual.get("access_token") and _mais_recente(
                novo["access_expira_em"], atual.get("access_expira_em"), empate=True))
            if mais_novo:
                self._estado = novo
            else:
                for nome in ("situacao", "ultimo_erro", "motivo_pausa"):
                    self._estado[nome] = novo[nome]

    # -- verbos ------------------------------------------------------------------------------------
    def get(self, path: str, params=None) -> dict:
        return self._chamar("GET", path, params=params)

    def post(self, path: str, json=None, data=None) -> dict:
        return self._chamar("POST", path, json=json, data=data)

    def put(self, path: str, json=None, data=None, idempotente: bool = True) -> dict:
        """`idempotente=False` para um PUT com efeito visível a cada vez (mudança de status e-mail o
        comprador): não se repete depois de um 5xx ou de uma resposta perdida (`talvez_aplicado`)."""
        return self._chamar("PUT", path, json=json, data=data, idempotente=idempotente)

    def delete(self, path: str) -> dict:
        return self._chamar("DELETE", path)

    def listar_pagina(self, path: str, chave: str, params=None, pagina: int = 1,
                      limite: int = 50) -> tuple[list[dict], dict]:
        """Uma página de uma lista: (itens sem o envelope, `paging` da Tray)."""
        consulta = dict(params or {}, page=int(pagina), limit=int(limite))
        corpo = self.get(path, params=consulta)
        itens = itens_da_lista(corpo, chave)
        paging = corpo.get("paging") if isinstance(corpo, dict) and isinstance(corpo.get("paging"), dict) else {}
        paging = dict(paging) or {"total": None, "page": int(pagina), "limit": int(limite)}
        return itens, paging

    def paginar(self, path: str, chave: str, params=None, limite: int = 50):
        """Todos os itens de todas as páginas; para na página vazia ou ao atingir `paging.total`."""
        pagina, vistos = 1, 0
        while True:
            itens, paging = self.listar_pagina(path, chave, params=params, pagina=pagina, limite=limite)
            if not itens:
                return
            yield from itens
            vistos += len(itens)
            if len(itens) < (_inteiro(paging.get("limit")) or limite):
                return  # página incompleta: era a última
            total = _inteiro(paging.get("total"))
            if total is not None and vistos >= total:
                return
            pagina += 1

    # -- tokens ------------------------------------------------------------------------------------
    def _verificar_uso(self) -> None:
        estado = self._estado
        if estado.get("situacao") == SituacaoLoja.PAUSADA:
            motivo = estado.get("motivo_pausa") or "sem motivo informado"
            raise erros.LojaPausada(f"A loja {self.nome} está pausada ({motivo}): retome-a em Lojas Virtuais "
                                    "para voltar a sincronizar.")
        if estado.get("situacao") == SituacaoLoja.PRECISA_RECONECTAR:
            raise erros.ErroAutenticacao(MSG_PRECISA_RECONECTAR, causas=[estado.get("ultimo_erro") or ""])

    def _token_valido(self) -> str:
        with self._trava:
            estado = self._estado
            expira = estado.get("access_expira_em")
            if estado.get("access_token") and expira and expira - self.margem_renovacao > agora():
                return estado["access_token"]
            return self._renovar(recusado=None)

    def _marcar(self, situacao: SituacaoLoja, mensagem: str) -> None:
        """Registra o que a Tray respondeu. Uma loja pausada no meio da chamada continua pausada (só a
        pausa a tira da pausa): fica registrado apenas o erro."""
        campos = {"situacao": situacao.value, "ultimo_erro": mensagem}
        atual = (armazenamento.ler(self.loja_id) or {}).get("situacao") or self._estado.get("situacao")
        if atual and not pode_mudar_loja(atual, situacao):
            del campos["situacao"]
        self._estado.update(campos)
        armazenamento.gravar(self.loja_id, **campos)

    def _renovar(self, recusado: str | None) -> str:
        """Renova o par de tokens (ou adota o que outro processo já gravou). Devolve o access token."""
        with self._trava:
            if recusado is not None and self._estado.get("access_token") != recusado:
                return self._estado["access_token"]  # outra thread já renovou
            linha = armazenamento.ler(self.loja_id)
            if linha is None:
                raise erros.ErroTray("A loja virtual não existe mais no cadastro.")
            limite = agora() + self.margem_renovacao
            if (linha["access_token"] and linha["access_token"] not in (recusado, self._estado.get("access_token"))
                    and linha["access_expira_em"] and linha["access_expira_em"] > limite
                    and (recusado is not None
                         or _mais_recente(linha["access_expira_em"], self._estado.get("access_expira_em")))):
                self._estado.update(linha, site=(linha["site"] or "").rstrip("/"))
                return linha["access_token"]
            if _mais_recente(linha.get("refresh_expira_em"), self._estado.get("refresh_expira_em")):
                self._estado.update(linha, site=(linha["site"] or "").rstrip("/"))
            refresh = self._estado.get("refresh_token")
            refresh_expira = self._estado.get("refresh_expira_em")
            if not refresh or (refresh_expira and refresh_expira <= agora()):
                self._marcar(SituacaoLoja.PRECISA_RECONECTAR, MSG_REFRESH_EXPIRADO)
                raise erros.ErroAutenticacao(MSG_PRECISA_RECONECTAR, causas=[MSG_REFRESH_EXPIRADO])
            try:
                tokens = auth.renovar(self.transporte, refresh)
            except erros.ErroTray as erro:
                # Qualquer 4xx (menos o 429 do limite) é recusa: 400, 401, 403 ou 404 ao renovar não passam
                # sozinhos (tray-api.md §1.5 só documenta o 401; docs/tray.md, "Tokens").
                if erro.status is None or not 400 <= erro.status < 500 or erro.status == 429:
                    raise
                # Outro processo pode ter girado o refresh token entre a nossa leitura e o nosso pedido.
                atual = armazenamento.ler(self.loja_id) or {}
                if (atual.get("refresh_token") not in (None, refresh) and atual.get("access_token")
                        and atual.get("access_expira_em") and atual["access_expira_em"] > limite):
                    self._estado.update(atual, site=(atual["site"] or "").rstrip("/"))
                    return atual["access_token"]
                self._marcar(SituacaoLoja.PRECISA_RECONECTAR, MSG_REFRESH_RECUSADO)
                log.warning("Tray: refresh token da loja %s recusado; loja marcada para reconectar", self.loja_id)
                raise erros.ErroAutenticacao(MSG_PRECISA_RECONECTAR, erro.status, erro.causas, erro.error_code) from None
            campos = {
                "access_token": tokens.access_token, "refresh_token": tokens.refresh_token,
                "access_expira_em": tokens.access_expira_em, "refresh_expira_em": tokens.refresh_expira_em,
            }
            if linha["situacao"] in (SituacaoLoja.PRECISA_RECONECTAR, SituacaoLoja.ERRO):
                campos.update(situacao=SituacaoLoja.CONECTADA.value, ultimo_erro=None)
            armazenamento.gravar(self.loja_id, **campos)
            self._estado.update(campos)
            log.info("Tray: tokens da loja %s renovados (expiram em %s UTC)", self.loja_id, tokens.access_expira_em)
            return tokens.access_token

    def _chamar(self, metodo: str, path: str, params=None, json=None, data=None, idempotente=None):
        self._verificar_uso()
        token = self._token_valido()
        try:
            return self.transporte.enviar(metodo, path, params=dict(params or {}, access_token=token),
                                          json=json, data=data, idempotente=idempotente)
        except erros.ErroAutenticacao as erro:
            if erro.status != 401:
                raise
            if erro.error_code in LOJA_BLOQUEADA:
                mensagem = f"A loja está {LOJA_BLOQUEADA[erro.error_code]} na Tray: fale com o lojista."
                self._marcar(SituacaoLoja.ERRO, mensagem)
                raise erros.ErroAutenticacao(mensagem, 401, erro.causas, erro.error_code) from None
        # 401 com token que parecia válido: renova uma vez (a Tray não recebeu nada) e repete a chamada.
        token = self._renovar(recusado=token)
        try:
            return self.transporte.enviar(metodo, path, params=dict(params or {}, access_token=token),
                                          json=json, data=data, idempotente=idempotente)
        except erros.ErroAutenticacao as erro:
            if erro.status == 401:
                self._marcar(SituacaoLoja.PRECISA_RECONECTAR, "A Tray recusou o token recém-renovado: reconecte a loja.")
            raise


_clientes: dict[int, ClienteTray] = {}
_trava_clientes = threading.Lock()


def cliente_da_loja(loja, **opcoes) -> ClienteTray:
    """O cliente desta loja no processo (criado na primeira vez; sessão e tokens reaproveitados).

    Com `opcoes` (limite_minuto, janela_s, tentativas, espera_base_s, timeout) cria um cliente novo.
    """
    with _trava_clientes, db.session.no_autoflush:
        cliente = _clientes.get(loja.id)
        site = (loja.site or "").rstrip("/")
        if cliente is None or opcoes or cliente.site != site or cliente.usuario != loja.usuario:
            if cliente is not None:
                cliente.transporte.fechar()
            cliente = _clientes[loja.id] = ClienteTray(loja, **opcoes)
        else:
            cliente.nome = loja.nome
            cliente.sincronizar(loja)
        return cliente


def descartar_cliente(loja_id: int | None = None) -> None:
    """Esquece o cliente da loja (ou todos): o próximo `cliente_da_loja` relê tudo do cadastro."""
    with _trava_clientes:
        ids = list(_clientes) if loja_id is None else [loja_id]
        for ident in ids:
            cliente = _clientes.pop(ident, None)
            if cliente is not None:
                cliente.transporte.fechar()
