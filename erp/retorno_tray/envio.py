"""Um envio à Tray: reserva atômica da linha e depois os dois passos, cada um gravado assim que termina.

(a) A nota no pedido: antes de postar (e sempre depois de uma resposta ambígua) confere na Tray se a chave
    já está no pedido; se estiver, só registra. Um 400 "key: nota fiscal já cadastrada" também conta.
(b) O status mapeado: uma vez só (a Tray manda e-mail ao comprador a cada mudança). Se o pedido já está
    no status escolhido, registra sem mandar de novo. O retorno só leva o pedido para a frente: se ele já está
    num status posterior ou final na Tray (finalizado, enviado, entregue, cancelado — pelo tipo do status na
    loja ou pelo nome), o status fica como está (`status_mantido`); a nota vai do mesmo jeito.
Falhas passageiras (limite, 5xx, rede) voltam para a fila com espera crescente, até um limite de tentativas;
recusas da Tray (validação, pedido inexistente) param em "falhou" com o motivo em português.
"""
import logging
import re
from dataclasses import asdict, dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from erp.comum.modelos import agora
from erp.comum.texto import sem_acento
from erp.extensions import db
from erp.lojas_virtuais.tray import api, erros
from erp.lojas_virtuais.tray import valores as tv
from erp.lojas_virtuais.tray.client import cliente_da_loja
from erp.retorno_tray.dados_nota import corpo_da_nota
from erp.retorno_tray.models import (
    ConfiguracaoRetorno,
    EnvioTray,
    SituacaoEnvio,
    origens,
    pode_mudar_envio,
)
from erp.tarefas import fila

log = logging.getLogger("erp.retorno_tray")

def opcao(nome: str):
    """Um ajuste do retorno (RETORNO_TRAY_*), declarado com o padrão em erp.config.Config."""
    return current_app.config[nome]


@dataclass
class ResultadoEnvio:
    envio: int
    nota: int
    numero: int | None
    venda: int
    pedido_tray: str
    chave: str
    resultado: str  # enviado, ja_enviado, falhou, pendente
    motivo: str | None = None

    def como_dict(self) -> dict:
        return asdict(self)


class Bloqueio(Exception):
    """Agora não dá para enviar (configuração ou loja); a linha espera sem gastar tentativa."""


class Recusa(Exception):
    """A Tray (ou o estado da nota) impede o envio de vez: a linha vai para "falhou"."""


class TransicaoInvalida(ValueError):
    """Um envio não pode ir da situação atual para a pedida."""


def mudar_situacao(envio: EnvioTray, nova: SituacaoEnvio) -> None:
    """A única porta para mudar a situação de um envio já carregado (sem commit); as mudanças atômicas
    (reserva, "tentar de novo") usam `origens(nova)` da mesma tabela no WHERE do UPDATE."""
    if not pode_mudar_envio(envio.situacao, nova):
        raise TransicaoInvalida(f"O envio {envio.id} não pode ir de {envio.situacao} para {nova}.")
    envio.situacao = SituacaoEnvio(nova).value


# -- reserva ---------------------------------------------------------------------------------------
def condicao_disponivel(respeitar_agenda: bool = True):
    """Linhas que um trabalhador pode pegar: livres (e vencidas) ou reservadas por alguém que sumiu."""
    t = EnvioTray.__table__
    momento = agora()
    livre = t.c.situacao.in_(origens(SituacaoEnvio.ENVIANDO))
    if respeitar_agenda:
        livre = and_(livre, or_(t.c.proxima_tentativa_em.is_(None), t.c.proxima_tentativa_em <= momento))
    abandonada = and_(t.c.situacao == SituacaoEnvio.ENVIANDO.value,
                      t.c.reservado_em < momento - timedelta(seconds=float(opcao("RETORNO_TRAY_RESERVA_S"))))
    return or_(livre, abandonada)


def reservar(envio_id: int, respeitar_agenda: bool = True) -> bool:
    """UPDATE atômico para "enviando": só um trabalhador consegue (rowcount 1). `condicao_disponivel` é a
    tabela de transições (`origens(ENVIANDO)`) mais a reserva abandonada."""
    t = EnvioTray.__table__
    momento = agora()
    resultado = db.session.execute(
        update(t).where(t.c.id == envio_id, condicao_disponivel(respeitar_agenda))
        .values(situacao=SituacaoEnvio.ENVIANDO.value, reservado_em=momento, atualizado_em=momento))
    db.session.commit()
    return resultado.rowcount == 1


def ids_disponiveis(loja_id: int | None = None, respeitar_agenda: bool = True, limite: int = 200) -> list[int]:
    consulta = select(EnvioTray.id).where(condicao_disponivel(respeitar_agenda))
    if loja_id is not None:
        consulta = consulta.where(EnvioTray.loja_id == loja_id)
    return list(db.session.scalars(consulta.order_by(EnvioTray.id).limit(limite)))


# -- processamento ---------------------------------------------------------------------------------
def processar_um(envio_id: int, respeitar_agenda: bool = True,
                 cache: dict | None = None) -> ResultadoEnvio | None:
    """Processa a linha se conseguir reservá-la; None se outro trabalhador a tem ou nada há a fazer."""
    if not reservar(envio_id, respeitar_agenda):
        return None
    cache = {} if cache is None else cache
    envio = db.session.get(EnvioTray, envio_id)
    try:
        escreveu = _executar(envio, cache)
    except Bloqueio as bloqueio:
        return _liberar(envio_id, str(bloqueio))
    except Recusa as recusa:
        return _falhar(envio_id, str(recusa))
    except (erros.LojaPausada, erros.ErroAutenticacao) as erro:
        return _liberar(envio_id, str(erro))
    except (erros.LimiteExcedido, erros.Indisponivel) as erro:
        return _adiar(envio_id, str(erro))
    except erros.NaoEncontrado as erro:
        return _falhar(envio_id, str(erro))
    except erros.ErroTray as erro:
        if erro.status is not None and erro.status >= 500:
            return _adiar(envio_id, str(erro))
        return _falhar(envio_id, str(erro))
    except Exception as erro:  # noqa: BLE001  (a linha não pode ficar presa em "enviando")
        log.exception("Retorno à Tray: erro inesperado no envio %s", envio_id)
        return _adiar(envio_id, f"Erro inesperado no envio: {erro}")
    mudar_situacao(envio, SituacaoEnvio.CONCLUIDO)
    envio.concluido_em = agora()
    envio.ultimo_erro = None
    envio.proxima_tentativa_em = None
    envio.tentativas = 0
    db.session.commit()
    log.info("Retorno à Tray: NF-e %s enviada ao pedido %s", envio.chave, envio.pedido_tray_id)
    return _resultado(envio, "enviado" if escreveu else "ja_enviado")


def _executar(envio: EnvioTray, cache: dict) -> bool:
    """Os passos que faltam. Devolve True se algo foi escrito na Tray nesta execução."""
    nota, loja = envio.nota, envio.loja
    if nota is None or nota.situacao != "autorizada":
        situacao = nota.situacao_nome.lower() if nota is not None else "removida"
        raise Recusa(f"A NF-e não está mais autorizada ({situacao}): o envio à Tray foi interrompido.")
    config = db.session.scalar(select(ConfiguracaoRetorno).where(ConfiguracaoRetorno.loja_id == loja.id))
    if config is None:
        raise Bloqueio(f"A loja {loja.nome} ainda não tem o retorno à Tray configurado: escolha o status do "
                       "pedido depois de faturado em Lojas Virtuais → Retorno à Tray.")
    if not config.ativo:
        raise Bloqueio(f"O retorno à Tray está desligado na loja {loja.nome}: ligue-o em Retorno à Tray "
                       "para enviar esta nota.")
    mudar_status = config.alterar_status and not envio.status_na_tray
    if mudar_status and not config.status_nome:
        raise Bloqueio(f"Escolha o status da Tray que o pedido recebe depois de faturado (loja {loja.nome}).")
    cli = cliente_da_loja(loja)
    alvo = _status_alvo(cli, loja, config.status_nome, cache) if mudar_status else None
    pedido = _pedido(cli, envio)
    escreveu = False
    if not envio.nota_na_tray:
        escreveu = _enviar_nota(cli, envio, pedido) or escreveu
    if alvo is not None:
        escreveu = _enviar_status(cli, envio, pedido, alvo, cache.get(loja.id, [])) or escreveu
    return escreveu


def _status_da_loja(cli) -> list[dict]:
    """[{"id", "nome", "tipo"}] dos status de pedido da loja, lidos agora."""
    return [{"id": tv.texto(s.get("id")), "nome": tv.texto(s.get("status")), "tipo": tv.texto(s.get("type"))}
            for s in api.status_de_pedido(cli) if tv.texto(s.get("status"))]


# Tipos de status da Tray que encerram o pedido, e nomes (sem acento) de status que já passaram do faturado.
TIPOS_FINAIS = {"closed", "canceled", "cancelled", "finalizado", "cancelado"}
_NOMES_POSTERIORES = re.compile(r"\b(finalizad[oa]s?|enviad[oa]s?|entregues?|cancelad[oa]s?|concluid[oa]s?)\b")


def status_posterior(nome: str, tipo: str = "") -> bool:
    """O status (nome e tipo, como a loja os informa) é posterior ao faturamento ou final? Então o retorno não
    o troca: FINALIZADO, ENVIADO, ENTREGUE, CANCELADO ou qualquer status de tipo closed/canceled."""
    return sem_acento(tipo or "") in TIPOS_FINAIS or bool(_NOMES_POSTERIORES.search(sem_acento(nome or "")))


def _status_atual(pedido: dict, status_loja: list[dict]) -> tuple[str, str, str]:
    """(id, nome, tipo) do status em que o pedido está agora na Tray."""
    bloco = pedido.get("OrderStatus") if isinstance(pedido.get("OrderStatus"), dict) else {}
    atual_id = tv.texto(bloco.get("id")) or tv.texto(pedido.get("status_id"))
    nome = tv.texto(pedido.get("status")) or tv.texto(bloco.get("status"))
    tipo = tv.texto(bloco.get("type"))
    for status in status_loja:
        if (atual_id and status["id"] == atual_id) or (not atual_id and status["nome"] == nome):
            return status["id"], status["nome"] or nome, status.get("tipo") or tipo
    return atual_id, nome, tipo


def _status_alvo(cli, loja, nome: str, cache: dict) -> tuple[str, str]:
    """(id, nome) do status escolhido, pelo nome, na lista atual da loja (ids mudam de loja para loja)."""
    if loja.id not in cache:
        cache[loja.id] = _status_da_loja(cli)
    for status in cache[loja.id]:
        if status["nome"] == nome:
            return status["id"], status["nome"]
    for status in cache[loja.id]:
        if status["nome"].casefold() == nome.casefold():
            return status["id"], status["nome"]
    raise Bloqueio(f"O status “{nome}” não existe mais na loja {loja.nome}: escolha outro em Retorno à Tray.")


def _pedido(cli, envio: EnvioTray) -> dict:
    try:
        pedido = api.pedido(cli, envio.pedido_tray_id)
    except erros.NaoEncontrado:
        raise Recusa(f"O pedido {envio.pedido_tray_id} não foi encontrado na loja Tray.") from None
    if pedido is None:
        raise erros.Indisponivel("A Tray devolveu o pedido num formato inesperado.")
    return pedido


# -- passo (a): a nota no pedido -------------------------------------------------------------------
def _nota_no_pedido(cli, envio: EnvioTray) -> dict | None:
    for nota in api.notas_do_pedido(cli, envio.pedido_tray_id):
        if tv.texto(nota.get("key")) == envio.chave:
            return nota
    return None


def _pedido_com_a_chave(cli, chave: str) -> str | None:
    for nota in api.notas_com_a_chave(cli, chave):
        if tv.texto(nota.get("key")) == chave:
            return tv.texto(nota.get("order_id")) or None
    return None


def _ja_cadastrada(erro: erros.ErroValidacao) -> bool:
    return any("key" in c.lower() and "cadastrad" in c.lower() for c in erro.causas)


def _registrar_nota(envio: EnvioTray, invoice_id, ja_existia: bool) -> None:
    envio.tray_invoice_id = tv.texto(invoice_id) or None
    envio.nota_ja_existia = ja_existia
    envio.nota_enviada_em = agora()
    envio.conferir_na_tray = False
    envio.tentativas = 0
    envio.ultimo_erro = None
    db.session.commit()  # marco durável: daqui em diante a nota nunca é postada de novo


def _enviar_nota(cli, envio: EnvioTray, pedido: dict) -> bool:
    pid = envio.pedido_tray_id
    if envio.conferir_na_tray or tv.booleano(pedido.get("has_invoice")):
        achada = _nota_no_pedido(cli, envio)
        if achada is not None:
            _registrar_nota(envio, achada.get("id"), ja_existia=True)
            return False
    itens = envio.venda.itens if envio.venda is not None else []
    corpo = corpo_da_nota(envio.nota, itens, opcao("RETORNO_TRAY_URL_CONSULTA"))
    try:
        invoice_id = api.enviar_nota(cli, pid, corpo)
    except erros.ErroValidacao as erro:
        if not _ja_cadastrada(erro):
            motivos = "; ".join(erro.causas) or str(erro)
            raise Recusa(f"A Tray recusou a nota fiscal do pedido {pid}: {motivos}") from None
        achada = _nota_no_pedido(cli, envio)
        if achada is not None:
            _registrar_nota(envio, achada.get("id"), ja_existia=True)
            return False
        outro = _pedido_com_a_chave(cli, envio.chave)
        if outro:
            raise Recusa(f"A chave {envio.chave} já está cadastrada no pedido {outro} da Tray, não no pedido "
                         f"{pid}: confira os pedidos na loja.") from None
        raise Recusa(f"A Tray diz que a chave {envio.chave} já está cadastrada, mas ela não aparece no "
                     f"pedido {pid}.") from None
    except erros.Indisponivel as erro:
        if erro.talvez_aplicado:
            envio.conferir_na_tray = True
            db.session.commit()
        raise
    _registrar_nota(envio, invoice_id, ja_existia=False)
    return True


# -- passo (b): o status ---------------------------------------------------------------------------
def _registrar_status(envio: EnvioTray, status_id: str, nome: str) -> None:
    envio.status_tray_id = status_id
    envio.status_enviado = nome
    envio.status_enviado_em = agora()
    envio.tentativas = 0
    envio.ultimo_erro = None
    db.session.commit()


def _registrar_mantido(envio: EnvioTray, atual: str) -> None:
    """O pedido já passou do faturado na Tray: o status dele fica; o passo do status está resolvido."""
    envio.status_mantido = (atual or "?")[:120]
    envio.status_enviado_em = agora()
    envio.tentativas = 0
    envio.ultimo_erro = None
    db.session.commit()
    log.info("Retorno à Tray: pedido %s já estava em %s na Tray; status mantido", envio.pedido_tray_id, atual)


def _enviar_status(cli, envio: EnvioTray, pedido: dict, alvo: tuple[str, str],
                   status_loja: list[dict] | None = None) -> bool:
    status_id, nome = alvo
    atual_id, atual_nome, atual_tipo = _status_atual(pedido, status_loja or [])
    if atual_id == status_id or atual_nome == nome:
        _registrar_status(envio, status_id, nome)  # já está lá: mandar de novo só geraria outro e-mail
        return False
    if status_posterior(atual_nome, atual_tipo):
        _registrar_mantido(envio, atual_nome)  # só para a frente: ENVIADO não volta a NOTA FISCAL EMITIDA
        return False
    try:
        # Cada mudança de status e-mail o comprador: sem repetir às cegas; a próxima tentativa relê o pedido.
        api.mudar_status_do_pedido(cli, envio.pedido_tray_id, status_id)
    except erros.ErroValidacao as erro:
        motivos = "; ".join(erro.causas) or str(erro)
        raise Recusa(f"A Tray recusou a mudança do pedido {envio.pedido_tray_id} para o status “{nome}”: "
                     f"{motivos}") from None
    _registrar_status(envio, status_id, nome)
    return True


# -- desfechos -------------------------------------------------------------------------------------
def _recarregar(envio_id: int) -> EnvioTray:
    db.session.rollback()
    return db.session.get(EnvioTray, envio_id)


def _resultado(envio: EnvioTray, resultado: str) -> ResultadoEnvio:
    return ResultadoEnvio(envio=envio.id, nota=envio.nota_id, numero=envio.nota.numero if envio.nota else None,
                     venda=envio.venda_id, pedido_tray=envio.pedido_tray_id, chave=envio.chave,
                     resultado=resultado, motivo=envio.ultimo_erro if resultado in ("falhou", "pendente") else None)


def _liberar(envio_id: int, motivo: str) -> ResultadoEnvio:
    envio = _recarregar(envio_id)
    mudar_situacao(envio, envio.situacao_livre)
    envio.ultimo_erro = motivo
    envio.proxima_tentativa_em = agora() + timedelta(seconds=float(opcao("RETORNO_TRAY_ESPERA_BLOQUEIO_S")))
    db.session.commit()
    log.info("Retorno à Tray: envio %s aguardando (%s)", envio_id, motivo)
    return _resultado(envio, "pendente")


def _falhar(envio_id: int, motivo: str) -> ResultadoEnvio:
    envio = _recarregar(envio_id)
    mudar_situacao(envio, SituacaoEnvio.FALHOU)
    envio.ultimo_erro = motivo
    envio.proxima_tentativa_em = None
    db.session.commit()
    log.warning("Retorno à Tray: envio %s falhou: %s", envio_id, motivo)
    return _resultado(envio, "falhou")


def espera_para(tentativa: int) -> float:
    base = float(opcao("RETORNO_TRAY_ESPERA_BASE_S"))
    return min(base * (2 ** max(0, tentativa - 1)), float(opcao("RETORNO_TRAY_ESPERA_MAX_S")))


def _adiar(envio_id: int, motivo: str) -> ResultadoEnvio:
    envio = _recarregar(envio_id)
    envio.tentativas = (envio.tentativas or 0) + 1
    maximo = int(opcao("RETORNO_TRAY_TENTATIVAS"))
    if envio.tentativas >= maximo:
        mudar_situacao(envio, SituacaoEnvio.FALHOU)
        envio.ultimo_erro = f"A Tray não respondeu depois de {maximo} tentativas: {motivo}"
        envio.proxima_tentativa_em = None
        db.session.commit()
        log.warning("Retorno à Tray: envio %s desistiu: %s", envio_id, envio.ultimo_erro)
        return _resultado(envio, "falhou")
    espera = espera_para(envio.tentativas)
    mudar_situacao(envio, envio.situacao_livre)
    envio.ultimo_erro = f"{motivo} (tentativa {envio.tentativas} de {maximo}; nova tentativa automática)"
    envio.proxima_tentativa_em = agora() + timedelta(seconds=espera)
    db.session.commit()
    log.info("Retorno à Tray: envio %s adiado %.0f s (%s)", envio_id, espera, motivo)
    _agendar(envio_id, espera)
    return _resultado(envio, "pendente")


def _agendar(envio_id: int, espera: float) -> None:
    try:
        fila.enfileirar("retorno_tray.enviar_retorno", envio_id, atraso_s=max(0.0, espera))
    except Exception:  # noqa: BLE001  (sem fila, a varredura periódica pega a linha na hora certa)
        log.warning("Retorno à Tray: não foi possível agendar o envio %s; fica para a varredura", envio_id)
