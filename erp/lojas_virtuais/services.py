"""Regras do cadastro de lojas virtuais: conectar, testar, pausar, retomar, editar, remover.

Funções simples (sem request, sessão HTTP do navegador ou usuário logado); erros são `ErroTray`
(da conversa com a Tray) ou `DadosInvalidos` (do que foi digitado), sempre com mensagem em português.
"""
import logging
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import delete, func, select, update

from erp.comum.banco import inserir_se_novo
from erp.comum.rede import EnderecoRecusado, mesmo_dominio_registravel, verificar_url
from erp.comum.formatos import data_hora, numero
from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual, SituacaoLoja, pode_mudar_loja
from erp.lojas_virtuais.tray import api, auth, erros
from erp.lojas_virtuais.tray.client import ClienteTray, descartar_cliente, opcoes_da_config
from erp.lojas_virtuais.tray.limitador import chave_da_loja, limitador_da_loja
from erp.lojas_virtuais.tray.transporte import Transporte

log = logging.getLogger(__name__)


class TransicaoInvalida(ValueError):
    """A loja não pode ir da situação atual para a pedida."""


class DadosInvalidos(ValueError):
    """Dado digitado inválido; `.campo` diz qual (para o formulário)."""

    def __init__(self, campo: str, mensagem: str):
        super().__init__(mensagem)
        self.campo = campo
        self.mensagem = mensagem

    def __str__(self) -> str:
        return self.mensagem


# -- situação ----------------------------------------------------------------------------------------
def mudar_situacao(loja: LojaVirtual, nova: SituacaoLoja, ultimo_erro: str | None = None) -> None:
    """A única porta para mudar a situação de uma loja (sem commit); confere a tabela de transições."""
    if not pode_mudar_loja(loja.situacao, nova):
        raise TransicaoInvalida(f"A loja {loja.nome} não pode ir de {loja.situacao} para {nova}.")
    loja.situacao = SituacaoLoja(nova).value
    loja.ultimo_erro = ultimo_erro


# -- consultas ---------------------------------------------------------------------------------------
def consulta():
    """SELECT das lojas na ordem da lista."""
    return select(LojaVirtual).order_by(LojaVirtual.nome_ordem, LojaVirtual.id)


def listar() -> list[LojaVirtual]:
    return list(db.session.scalars(consulta()))


def obter(loja_id: int) -> LojaVirtual | None:
    return db.session.get(LojaVirtual, loja_id)


def conectada(loja: LojaVirtual) -> bool:
    """A loja pode ser usada agora (importar pedidos, exportar produtos)."""
    return loja.situacao == SituacaoLoja.CONECTADA


def situacao_resumo(loja: LojaVirtual) -> tuple[str, str]:
    """(rótulo curto para o selo, detalhe): ("Conectada", "token expira em 23/12/2026 14:39")."""
    if loja.pausada:
        return "Pausada", loja.motivo_pausa or ""
    if loja.situacao == SituacaoLoja.PRECISA_RECONECTAR:
        return "Precisa reconectar", ""
    if loja.situacao == SituacaoLoja.ERRO:
        return "Erro", loja.ultimo_erro or ""
    if loja.refresh_expira_em and loja.refresh_expira_em <= agora():
        return "Precisa reconectar", "token expirado"
    if loja.refresh_expira_em:
        return "Conectada", f"token expira em {data_hora(loja.refresh_expira_em)}"
    return "Conectada", ""


def situacao_texto(loja: LojaVirtual) -> str:
    """"Conectada · token expira em dd/mm/aaaa hh:mm", "Precisa reconectar", "Erro: ...", "Pausada: motivo"."""
    rotulo, detalhe = situacao_resumo(loja)
    if not detalhe:
        return rotulo
    if rotulo == "Conectada":
        return f"{rotulo} · {detalhe}"
    if rotulo == "Precisa reconectar":
        return f"{rotulo} ({detalhe})"
    return f"{rotulo}: {detalhe}"


def situacao_cor(loja: LojaVirtual) -> str:
    """Cor Bootstrap do selo da situação."""
    if loja.pausada:
        return "secondary"
    if loja.situacao == SituacaoLoja.ERRO:
        return "danger"
    if loja.situacao == SituacaoLoja.PRECISA_RECONECTAR or (loja.refresh_expira_em and loja.refresh_expira_em <= agora()):
        return "warning"
    return "success"


def uso_do_limite(loja: LojaVirtual) -> dict:
    """O limite de requisições da Tray desta loja agora (somado por todos os processos): `minuto_usados` e
    `minuto_limite` na janela de `janela_s` segundos, `dia_usados`, `dia_limite` e `dia_restantes` hoje (dia de
    Brasília), a `reserva_dia` do trabalho interativo e `espera_s` até a próxima vaga de um lote."""
    return limitador_da_loja(chave_da_loja(loja.site, loja.usuario)).uso()


def uso_do_limite_texto(loja: LojaVirtual) -> tuple[str, str]:
    """("Hoje: 1.234 de 10.000 (8.766 restantes)", "Último minuto: 12 de 180")."""
    uso = uso_do_limite(loja)
    minuto = "minuto" if uso["janela_s"] == 60 else f"{numero(uso['janela_s'], 0)} s"
    janela = f"Último {minuto}: {numero(uso['minuto_usados'], 0)} de {numero(uso['minuto_limite'], 0)}"
    if uso["dia_limite"] is None:
        return "", janela
    hoje = (f"Hoje: {numero(uso['dia_usados'], 0)} de {numero(uso['dia_limite'], 0)} "
            f"({numero(uso['dia_restantes'], 0)} restantes)")
    return hoje, janela


# -- validação ---------------------------------------------------------------------------------------
def normalizar_site(site: str | None) -> str:
    """Tira espaços e barras finais; exige http(s)://.../web_api."""
    bruto = "".join((site or "").split())
    while bruto.endswith("/"):
        bruto = bruto[:-1]
    if not bruto:
        raise DadosInvalidos("site", "Informe o Site (URL da API da loja, terminando em /web_api).")
    partes = urlsplit(bruto)
    if partes.scheme not in ("http", "https") or not partes.netloc:
        raise DadosInvalidos("site", "O Site deve ser um endereço completo, começando com https:// "
                                     "(ex.: https://www.minhaloja.com.br/web_api).")
    if partes.query or partes.fragment or not partes.path.lower().endswith("/web_api"):
        raise DadosInvalidos("site", "O Site deve ser a URL da API da loja, terminando em /web_api "
                                     "(ex.: https://www.minhaloja.com.br/web_api).")
    return bruto


def verificar_site(site: str | None) -> str:
    """O Site normalizado e conferido pela guarda de endereços de saída (`erp.comum.rede.verificar_url`):
    https, endereço público (salvo ERP_PERMITIR_REDE_LOCAL). Chamada antes de qualquer conexão, para que nada
    (nem o consumer secret) vá a um endereço que não pode receber."""
    return _pela_guarda(normalizar_site(site), "site", "O Site")


def _pela_guarda(url: str, campo: str, rotulo: str) -> str:
    """A URL, se a guarda de endereços de saída aceita; senão DadosInvalidos no campo do formulário."""
    try:
        verificar_url(url, rotulo=rotulo)
    except EnderecoRecusado as erro:
        raise DadosInvalidos(campo, str(erro)) from None
    return url


def _mesmo_emissor(api_host: str, site: str) -> bool:
    """O `api_host` da resposta de /auth está sob o mesmo dono do Site digitado? Mesmo host, ou o mesmo domínio
    registrável (nunca entre endereços IP diferentes), e sem trocar https por http."""
    if urlsplit(site).scheme == "https" and urlsplit(api_host).scheme != "https":
        return False
    return mesmo_dominio_registravel(api_host, site)


def site_da_resposta(api_host: str | None, site: str, usuario: str = "") -> str:
    """O endereço da API que a loja passa a usar: o `api_host` informado por /auth só se for do mesmo domínio
    do Site digitado (tokens e segredos nunca vão a outro dono); senão o Site digitado, com um aviso no log."""
    api_host = (api_host or "").strip()
    if not api_host:
        return site
    try:
        candidato = normalizar_site(api_host)
    except DadosInvalidos:
        log.warning("Loja %s: api_host “%s” informado pela Tray não é uma URL de API; mantido o Site %s",
                    usuario, api_host, site)
        return site
    if candidato == site:
        return site
    if not _mesmo_emissor(candidato, site):
        log.warning("Loja %s: api_host “%s” informado pela Tray é de outro domínio que o Site %s; ignorado "
                    "(o Site digitado continua valendo)", usuario, candidato, site)
        return site
    try:
        verificar_url(candidato, rotulo="O api_host informado pela Tray")
    except EnderecoRecusado as erro:
        log.warning("Loja %s: %s; mantido o Site %s", usuario, erro, site)
        return site
    return candidato


def _usuario(usuario) -> str:
    valor = str(usuario if usuario is not None else "").strip()
    if not valor:
        raise DadosInvalidos("usuario", "Informe o Usuário (código de cliente da loja na Tray).")
    if len(valor) > 60:
        raise DadosInvalidos("usuario", "O Usuário deve ter no máximo 60 caracteres.")
    return valor


def _code(code) -> str:
    valor = str(code if code is not None else "").strip()
    if not valor:
        raise DadosInvalidos("code", "Informe o Code gerado no painel da Tray.")
    return valor


def erros_do_cadastro(usuario, site, code) -> dict[str, str]:
    """Todos os problemas do que foi digitado na nova loja de uma vez ({campo: mensagem}), sem conectar nada:
    o formulário mostra cada um no seu campo em vez de um por envio."""
    erros = {}
    for funcao, valor in ((_usuario, usuario), (verificar_site, site), (_code, code)):
        try:
            funcao(valor)
        except DadosInvalidos as erro:
            erros[erro.campo] = erro.mensagem
    return erros


# -- conexão -----------------------------------------------------------------------------------------
def _transporte(site: str, usuario: str) -> Transporte:
    opcoes = opcoes_da_config()
    opcoes["tentativas"] = 1
    return Transporte(site, usuario, rotulo=f"conexão {usuario}", **opcoes)


def _nome_da_loja(site: str, usuario: str, token: str) -> str | None:
    """Nome da loja em GET /info (se a loja responder); None se não der."""
    transporte = _transporte(site, usuario)
    try:
        info = api.info_com_token(transporte, token)
    except erros.ErroTray:
        return None
    finally:
        transporte.fechar()
    nome = info.get("name")
    return str(nome).strip()[:200] if nome and str(nome).strip() else None


def _trocar_code(site: str, usuario: str, code: str, consumer_key=None, consumer_secret=None) -> auth.Tokens:
    cfg = current_app.config
    transporte = _transporte(site, usuario)
    try:
        tokens = auth.trocar_code(transporte, consumer_key or cfg["TRAY_CONSUMER_KEY"],
                                  consumer_secret or cfg["TRAY_CONSUMER_SECRET"], code)
    finally:
        transporte.fechar()
    if tokens.store_id and tokens.store_id != usuario:
        raise DadosInvalidos("usuario", f"Este code é da loja {tokens.store_id}, não da loja {usuario}: "
                                        "confira o Usuário (código de cliente).")
    return tokens


def _aplicar_tokens(loja: LojaVirtual, tokens: auth.Tokens, code: str, site: str) -> None:
    """Grava os tokens; `site` é o endereço já escolhido por `site_da_resposta`."""
    loja.site = site
    loja.code = code
    loja.access_token = tokens.access_token
    loja.refresh_token = tokens.refresh_token
    loja.access_expira_em = tokens.access_expira_em
    loja.refresh_expira_em = tokens.refresh_expira_em
    mudar_situacao(loja, SituacaoLoja.PAUSADA if loja.pausada else SituacaoLoja.CONECTADA)


def conectar_loja(usuario, site, code, nome: str | None = None, consumer_key: str | None = None,
                  consumer_secret: str | None = None) -> LojaVirtual:
    """Troca o code por tokens e grava a loja (ou atualiza a já cadastrada com o mesmo Usuário).

    Nada é gravado se algo falhar. Erros: `DadosInvalidos` (também o Site recusado pela guarda de endereços,
    antes de qualquer conexão), `ErroAutenticacao` (code recusado), `Indisponivel` (endereço inacessível),
    `EnderecoInvalido` (não é a API da Tray).
    """
    usuario, site, code = _usuario(usuario), verificar_site(site), _code(code)
    nome = (nome or "").strip()[:200] or None
    tokens = _trocar_code(site, usuario, code, consumer_key, consumer_secret)
    site = site_da_resposta(tokens.api_host, site, usuario)
    chave = {"plataforma": "tray", "usuario": usuario}
    cadastrada = db.session.scalar(select(LojaVirtual.id).filter_by(**chave))
    if nome is None and cadastrada is None:  # loja nova sem nome: o que a Tray informa em /info
        nome = _nome_da_loja(site, usuario, tokens.access_token)
    # Uma linha por (plataforma, usuário): se outra requisição cadastrou a mesma loja agora, atualiza aquela.
    criada = inserir_se_novo(LojaVirtual, {**chave, "nome": nome or f"Loja {usuario}", "site": site,
                                           "situacao": SituacaoLoja.CONECTADA.value}, list(chave))
    loja = db.session.scalar(select(LojaVirtual).filter_by(**chave))
    if criada is None and nome:
        loja.nome = nome
    _aplicar_tokens(loja, tokens, code, site)
    db.session.commit()
    descartar_cliente(loja.id)
    log.info("Loja virtual %s (%s) conectada em %s", loja.id, usuario, loja.site)
    return loja


# -- instalação pelo botão "Conectar com a Tray" (tray-api.md §1.2) ----------------------------------------
def endereco_da_loja(texto: str | None) -> str:
    """O endereço da loja onde fica `auth.php` (https://www.minhaloja.com.br), conferido pela guarda de endereços
    como um Site digitado. Aceita também a URL da API (…/web_api), da qual tira o caminho."""
    bruto = "".join((texto or "").split()).rstrip("/")
    if not bruto:
        raise DadosInvalidos("endereco", "Informe o endereço da loja (ex.: https://www.minhaloja.com.br).")
    partes = urlsplit(bruto)
    if partes.scheme not in ("http", "https") or not partes.netloc or partes.query or partes.fragment:
        raise DadosInvalidos("endereco", "O endereço da loja deve ser completo, começando com https:// "
                                         "(ex.: https://www.minhaloja.com.br).")
    return _pela_guarda(f"{partes.scheme}://{partes.netloc}", "endereco", "O endereço da loja")


def url_de_instalacao(endereco: str, callback: str) -> str:
    """Para onde o botão leva o lojista: `auth.php` da loja com a consumer_key do aplicativo e o callback."""
    return api.url_de_autorizacao(endereco, current_app.config["TRAY_CONSUMER_KEY"], callback)


def conectar_pela_instalacao(code, api_address, store) -> LojaVirtual:
    """O retorno da Tray ao callback (`code`, `api_address`, `store`): conecta a loja como `conectar_loja`, com o
    `api_address` conferido pela guarda de endereços como um Site digitado."""
    if not (api_address or "").strip():
        raise DadosInvalidos("site", "A Tray não informou o endereço da API da loja (api_address).")
    return conectar_loja(store, api_address, code)


def reconectar(loja: LojaVirtual, code) -> LojaVirtual:
    """Gera tokens novos com um code novo, para a loja que precisa reconectar."""
    return conectar_loja(loja.usuario, loja.site, code, nome=loja.nome)


def testar_conexao(loja: LojaVirtual) -> str:
    """Uma leitura que exige token (`api.provar_acesso`). Registra o resultado."""
    if loja.pausada:
        raise erros.LojaPausada(f"A loja {loja.nome} está pausada: retome-a antes de testar a conexão.")
    descartar_cliente(loja.id)
    cliente = ClienteTray(loja, tentativas=2)
    try:
        api.provar_acesso(cliente)
    except erros.ErroAutenticacao as erro:
        db.session.refresh(loja)
        if loja.situacao != SituacaoLoja.PRECISA_RECONECTAR:
            _registrar(loja, SituacaoLoja.PRECISA_RECONECTAR, str(erro))
        raise
    except erros.ErroTray as erro:
        db.session.refresh(loja)
        _registrar(loja, SituacaoLoja.ERRO, str(erro))
        raise
    finally:
        cliente.transporte.fechar()
    db.session.refresh(loja)
    _registrar(loja, SituacaoLoja.CONECTADA, None)
    return f"Conexão com a loja “{loja.nome}” funcionando."


def _registrar(loja: LojaVirtual, situacao: SituacaoLoja, mensagem: str | None) -> None:
    mudar_situacao(loja, situacao, mensagem)
    db.session.commit()


# -- cadastro ----------------------------------------------------------------------------------------
def pausar(loja: LojaVirtual, motivo: str) -> LojaVirtual:
    motivo = (motivo or "").strip()
    if not motivo:
        raise DadosInvalidos("motivo", "Informe o motivo da pausa.")
    mudar_situacao(loja, SituacaoLoja.PAUSADA, loja.ultimo_erro)
    loja.motivo_pausa = motivo[:500]
    db.session.commit()
    descartar_cliente(loja.id)
    return loja


def retomar(loja: LojaVirtual) -> LojaVirtual:
    mudar_situacao(loja, SituacaoLoja.CONECTADA, loja.ultimo_erro)
    if not loja.refresh_token or (loja.refresh_expira_em and loja.refresh_expira_em <= agora()):
        mudar_situacao(loja, SituacaoLoja.PRECISA_RECONECTAR, loja.ultimo_erro)
    loja.motivo_pausa = None
    db.session.commit()
    descartar_cliente(loja.id)
    return loja


MSG_SITE_MUDOU = "O Site da loja mudou: os tokens antigos foram descartados; reconecte a loja com um novo code."


def editar(loja: LojaVirtual, nome: str | None = None, site: str | None = None) -> LojaVirtual:
    """Altera o cadastro (o Usuário não muda: é a identidade da loja na Tray). Os ajustes de importação têm um
    dono só: erp.pedidos.configuracao (tela Pedidos → Configurar importação).

    Um Site novo passa pela guarda de endereços e descarta os tokens (foram emitidos para o endereço antigo e
    não vão a outro): a loja fica "precisa reconectar" (ou continua pausada, sem tokens) até um code novo."""
    if nome is not None:
        nome = nome.strip()
        if not nome:
            raise DadosInvalidos("nome", "Informe o nome da loja.")
    if site is not None:
        site = normalizar_site(site)
        if site != loja.site:
            site = verificar_site(site)
    if nome is not None:
        loja.nome = nome[:200]
    if site is not None and site != loja.site:
        loja.site = site
        _descartar_tokens(loja)
    db.session.commit()
    descartar_cliente(loja.id)
    return loja


def _descartar_tokens(loja: LojaVirtual) -> None:
    loja.code = None
    loja.access_token = loja.refresh_token = None
    loja.access_expira_em = loja.refresh_expira_em = None
    if not loja.pausada:
        mudar_situacao(loja, SituacaoLoja.PRECISA_RECONECTAR, MSG_SITE_MUDOU)
    else:
        loja.ultimo_erro = MSG_SITE_MUDOU
    log.info("Loja virtual %s: Site alterado para %s; tokens descartados", loja.id, loja.site)


ROTULOS_VINCULOS = {"vendas": "pedido(s) de venda"}


def _referencias() -> list[tuple]:
    """(tabela, coluna, ondelete) de cada chave estrangeira que aponta para lojas_virtuais."""
    achadas = []
    for tabela in db.metadata.sorted_tables:
        for fk in tabela.foreign_keys:
            if fk.column.table.name == LojaVirtual.__tablename__:
                achadas.append((tabela, fk.parent, (fk.ondelete or "").upper()))
    return achadas


def remover(loja: LojaVirtual) -> None:
    """Remove a loja. Recusa se houver vendas (ou outro registro que não pode ficar órfão) ligadas a ela."""
    refs = _referencias()
    for tabela, coluna, ondelete in refs:
        if ondelete in ("CASCADE", "SET NULL"):
            continue
        quantos = db.session.scalar(select(func.count()).select_from(tabela).where(coluna == loja.id))
        if quantos:
            oque = ROTULOS_VINCULOS.get(tabela.name, f"registro(s) em “{tabela.name}”")
            raise DadosInvalidos("loja", f"A loja {loja.nome} tem {quantos} {oque} ligados a ela e não pode "
                                         "ser removida; pause-a em vez disso.")
    # O SQLite não aplica ON DELETE sem PRAGMA foreign_keys: aplica aqui, igual em qualquer banco.
    for tabela, coluna, ondelete in refs:
        if ondelete == "CASCADE":
            db.session.execute(delete(tabela).where(coluna == loja.id))
        elif ondelete == "SET NULL":
            db.session.execute(update(tabela).where(coluna == loja.id).values({coluna.name: None}))
    loja_id = loja.id
    db.session.delete(loja)
    db.session.commit()
    descartar_cliente(loja_id)
