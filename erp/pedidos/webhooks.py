"""Notificações da Tray (tray-api.md §8): guardar, responder já, processar na fila relendo o pedido.

A notificação não tem assinatura: o endereço leva um segredo, o seller_id tem de ser de uma loja cadastrada,
e o pedido é sempre relido na API (nada do corpo da notificação é usado como dado). Uma só notificação de
cada pedido espera na fila: a restrição única (loja, escopo, chave_fila) decide, no banco; as repetidas
ficam registradas como duplicadas. A leitura de uma notificação cobre as do mesmo pedido recebidas antes de ela
começar (`cobre_ate`), e as leituras das notificações de uma loja não passam de um orçamento por minuto: uma
rajada não gasta o limite da Tray que as telas e a importação usam.
"""
import hmac
import logging
import random
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from erp.comum.banco import inserir_se_novo
from erp.comum.cripto import chave_da_instancia
from erp.comum.modelos import agora
from erp.comum.texto import texto_limpo
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import valores as tv
from erp.pedidos.configuracao import configuracao_da_loja
from erp.pedidos.importacao import duracao, esperas_de_repeticao, importar_pedido
from erp.pedidos.models import DesfechoImportacao, EventoWebhook, SituacaoEvento, pode_mudar_evento
from erp.pedidos.resultado import anotar_nova_tentativa
from erp.tarefas import fila

log = logging.getLogger("erp.pedidos.webhooks")
ACOES_PEDIDO = {"insert", "update"}
ESCOPOS_ESTOQUE = {"product", "product_stock", "variant", "variant_stock"}  # erp.produtos.estoque_tray
JA_NA_FILA = "Já há uma notificação deste pedido na fila."
LEITURAS_POR_MINUTO_PADRAO = 60  # de 180 da Tray: o resto fica para as telas e a importação
PRESA_PADRAO_S = 600.0
MSG_PRESA = "O trabalhador parou no meio desta notificação; ela voltou à fila."
MSG_PRESA_SEM_TENTATIVAS = ("O trabalhador parou no meio desta notificação e as tentativas acabaram: importe o "
                            "pedido em Importar Pedidos.")


class NotificacaoInvalida(Exception):
    """Faltam campos obrigatórios: vai para o log; a Tray recebe 200 do mesmo jeito."""


class LojaDesconhecida(Exception):
    """O seller_id não é de nenhuma loja cadastrada: vai para o log; a Tray recebe a mesma resposta de sempre."""


class TransicaoDeEventoInvalida(Exception):
    pass


def tentativas_maximas() -> int:
    """A primeira tentativa e uma a cada espera de `esperas_de_repeticao` (ex.: 30 s, 2 min, 10 min)."""
    return len(esperas_de_repeticao()) + 1


def mudar_situacao(evento: EventoWebhook, nova: SituacaoEvento) -> None:
    """A porta para mudar a situação de uma notificação já gravada; sem commit."""
    if not pode_mudar_evento(evento.situacao, nova):
        raise TransicaoDeEventoInvalida(f"A notificação {evento.id} não pode ir de {evento.situacao} para {nova}.")
    evento.situacao = SituacaoEvento(nova).value


def segredo_do_webhook() -> str:
    """O segredo do endereço das notificações: TRAY_WEBHOOK_SEGREDO, ou um gerado uma vez em instance/."""
    configurado = current_app.config.get("TRAY_WEBHOOK_SEGREDO")
    return configurado or chave_da_instancia(current_app.instance_path, "webhook.key",
                                             lambda: __import__("secrets").token_urlsafe(24))


def segredo_confere(recebido: str) -> bool:
    return hmac.compare_digest((recebido or "").encode(), segredo_do_webhook().encode())


def url_do_webhook() -> str:
    """O endereço completo a cadastrar no aplicativo da Tray (ERP_URL_PUBLICA + /webhooks/tray/<segredo>)."""
    return f"{current_app.config['ERP_URL_PUBLICA'].rstrip('/')}/webhooks/tray/{segredo_do_webhook()}"


def receber(dados) -> EventoWebhook:
    """Guarda a notificação (com commit); a de um pedido a importar vai para a fila depois do commit."""
    seller = texto_limpo(tv.texto(dados.get("seller_id")), 30)
    escopo = texto_limpo(tv.texto(dados.get("scope_name")), 40).lower()
    registro = texto_limpo(tv.texto(dados.get("scope_id")), 30)
    acao = texto_limpo(tv.texto(dados.get("act")), 20).lower()
    if not seller or not escopo or not registro:
        raise NotificacaoInvalida("Notificação sem seller_id, scope_name ou scope_id.")
    loja = (db.session.query(LojaVirtual)
            .filter(LojaVirtual.plataforma == "tray", LojaVirtual.usuario == seller).first())
    if loja is None:
        raise LojaDesconhecida(f"Nenhuma loja cadastrada com o código {seller}.")
    campos = {"loja_id": loja.id, "seller_id": seller, "escopo": escopo, "registro_id": registro,
              "acao": acao, "app_code": texto_limpo(tv.texto(dados.get("app_code")), 60) or None}
    if escopo in ESCOPOS_ESTOQUE and acao in ACOES_PEDIDO:
        # Estoque ou produto mudado na Tray: a fila relê o item e confere com o ERP (tela Estoque na Tray).
        evento = _registrar(campos, SituacaoEvento.PROCESSADO, "Estoque do item conferido com o ERP pela fila.")
        fila.apos_commit("produtos.conferir_estoque_tray", loja.id, escopo, registro)
    elif escopo != "order" or acao not in ACOES_PEDIDO:
        evento = _registrar(campos, SituacaoEvento.IGNORADO, "Notificação sem tratamento no ERP.")
    elif not configuracao_da_loja(loja).importacao_automatica:
        evento = _registrar(campos, SituacaoEvento.IGNORADO, "Importação automática desligada para a loja.")
    else:
        ident = inserir_se_novo(EventoWebhook, {**campos, "situacao": SituacaoEvento.PENDENTE.value,
                                                "chave_fila": campos["registro_id"]},
                                ["loja_id", "escopo", "chave_fila"])
        if ident is None:
            evento = _registrar(campos, SituacaoEvento.DUPLICADO, JA_NA_FILA)
        else:
            evento = db.session.get(EventoWebhook, ident)
            fila.apos_commit("pedidos.processar_notificacao", ident)
    db.session.commit()
    return evento


def _registrar(campos: dict, situacao: SituacaoEvento, mensagem: str) -> EventoWebhook:
    """Uma notificação que não vai para a fila (ignorada ou duplicada): só o registro."""
    evento = EventoWebhook(**campos, situacao=situacao.value, mensagem=mensagem)
    db.session.add(evento)
    return evento


def _mesmo_registro(evento: EventoWebhook, modelo=EventoWebhook) -> tuple:
    return (modelo.loja_id == evento.loja_id, modelo.escopo == evento.escopo,
            modelo.registro_id == evento.registro_id)


def _coberta_por(evento: EventoWebhook) -> int | None:
    """A notificação do mesmo pedido cuja leitura na Tray começou depois de esta chegar (em curso ou feita):
    ela já traz o que esta avisou."""
    return db.session.scalar(
        select(EventoWebhook.id)
        .where(*_mesmo_registro(evento), EventoWebhook.id != evento.id, EventoWebhook.cobre_ate >= evento.id,
               EventoWebhook.situacao.in_((SituacaoEvento.PROCESSANDO.value, SituacaoEvento.PROCESSADO.value)))
        .order_by(EventoWebhook.id).limit(1))


def _marcar_coberta(evento_id: int, cobridora: int) -> bool:
    """Pendente → duplicada, sem ler a Tray: a leitura de `cobridora` já vale por esta."""
    feita = db.session.execute(
        update(EventoWebhook)
        .where(EventoWebhook.id == evento_id, EventoWebhook.situacao == SituacaoEvento.PENDENTE.value)
        .values(situacao=SituacaoEvento.DUPLICADO.value, chave_fila=None, processado_em=agora(),
                mensagem=f"Coberta pela leitura do pedido da notificação nº {cobridora}.")
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return feita == 1


def leituras_por_minuto() -> int:
    return max(1, int(current_app.config.get("PEDIDOS_NOTIFICACOES_POR_MINUTO") or LEITURAS_POR_MINUTO_PADRAO))


def _recentes(loja_id: int, desde):
    return (select(func.count()).select_from(EventoWebhook)
            .where(EventoWebhook.loja_id == loja_id, EventoWebhook.tomado_em > desde).scalar_subquery())


def _tomar(evento_id: int) -> bool:
    """Pendente → processando, de uma vez no banco: de duas execuções da mesma notificação, só uma a toma, e
    só se a loja ainda tem orçamento de leituras no último minuto. Fora da fila, a notificação libera a chave do
    pedido para a próxima, e passa a cobrir as do mesmo pedido recebidas até aqui."""
    evento = db.session.get(EventoWebhook, evento_id)
    if evento is None:
        return False
    agora_ = agora()
    ultima = select(func.max(EventoWebhook.id)).where(*_mesmo_registro(evento)).scalar_subquery()
    tomada = db.session.execute(
        update(EventoWebhook)
        .where(EventoWebhook.id == evento_id, EventoWebhook.situacao == SituacaoEvento.PENDENTE.value,
               _recentes(evento.loja_id, agora_ - timedelta(minutes=1)) < leituras_por_minuto())
        .values(situacao=SituacaoEvento.PROCESSANDO.value, chave_fila=None, tentativas=EventoWebhook.tentativas + 1,
                tomado_em=agora_, cobre_ate=ultima)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return tomada == 1


def _espera_do_orcamento(loja_id: int) -> float:
    """Segundos até a leitura mais antiga do último minuto sair da conta (com um pouco de folga espalhada)."""
    limite = agora() - timedelta(minutes=1)
    mais_antiga = db.session.scalar(select(func.min(EventoWebhook.tomado_em))
                                    .where(EventoWebhook.loja_id == loja_id, EventoWebhook.tomado_em > limite))
    base = (mais_antiga - limite).total_seconds() if mais_antiga else 1.0
    return max(1.0, base) + random.random() * 5  # nosec B311 — só espalha as novas tentativas


def processar(evento_id: int, max_tentativas: int | None = None) -> float | None:
    """Importa (ou atualiza) o pedido da notificação pelo mesmo serviço da importação manual.

    Devolve em quantos segundos a fila deve tentar de novo, ou None. Há espera quando a Tray está fora do ar ou
    no limite (a notificação volta a "pendente"; a Tray não reenvia: já recebeu o 200) e quando a loja gastou
    o orçamento de leituras das notificações no último minuto (a notificação espera a vez, pendente). Uma
    notificação coberta pela leitura de outra do mesmo pedido não lê a Tray.
    """
    evento = db.session.get(EventoWebhook, evento_id)
    if evento is None or evento.situacao != SituacaoEvento.PENDENTE:
        return None
    cobridora = _coberta_por(evento)
    if cobridora is not None:
        _marcar_coberta(evento_id, cobridora)
        return None
    if not _tomar(evento_id):
        db.session.expire_all()
        evento = db.session.get(EventoWebhook, evento_id)
        if evento is not None and evento.situacao == SituacaoEvento.PENDENTE:
            return _espera_do_orcamento(evento.loja_id)  # sem orçamento: espera a vez
        return None
    evento = db.session.get(EventoWebhook, evento_id)
    loja = db.session.get(LojaVirtual, evento.loja_id)
    resultado = importar_pedido(loja, evento.registro_id, origem="webhook", atualizar=True, repetir=False)
    db.session.expire_all()
    evento = db.session.get(EventoWebhook, evento_id)
    if evento is None or evento.situacao != SituacaoEvento.PROCESSANDO:
        log.info("Notificação %s devolvida à fila enquanto era processada; a outra execução segue", evento_id)
        return None
    evento.resultado, evento.mensagem = str(resultado.resultado), resultado.motivo
    evento.processado_em = agora()
    limite = max_tentativas or tentativas_maximas()
    if resultado.resultado != DesfechoImportacao.FALHOU:
        mudar_situacao(evento, SituacaoEvento.PROCESSADO)
    elif not (resultado.transitorio and evento.tentativas < limite):
        mudar_situacao(evento, SituacaoEvento.FALHOU)
    else:
        db.session.commit()  # o resultado desta tentativa fica gravado
        espera = _voltar_para_a_fila(evento_id)
        if espera is not None:
            anotar_nova_tentativa(evento.loja_id, evento.registro_id, espera,
                                  f"Nova tentativa automática em {duracao(espera)} (notificação da Tray).")
        return espera
    db.session.commit()
    return None


def _voltar_para_a_fila(evento_id: int, mensagem: str | None = None) -> float | None:
    """A notificação volta a esperar na fila (devolve a espera até a nova tentativa); se outra do mesmo pedido
    já espera lá, esta fica duplicada e a outra faz o trabalho."""
    evento = db.session.get(EventoWebhook, evento_id)
    mudar_situacao(evento, SituacaoEvento.PENDENTE)
    evento.chave_fila = evento.registro_id
    if mensagem:
        evento.mensagem = mensagem
    tentativas = evento.tentativas
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        evento = db.session.get(EventoWebhook, evento_id)
        mudar_situacao(evento, SituacaoEvento.DUPLICADO)
        evento.mensagem = JA_NA_FILA
        db.session.commit()
        return None
    esperas = esperas_de_repeticao()
    return esperas[min(max(tentativas, 1), len(esperas)) - 1] if esperas else 60.0


def recuperar_presas(presa_s: float | None = None) -> list[int]:
    """Notificações "processando" há mais de `presa_s` segundos são de um trabalhador que parou (kill -9,
    máquina reiniciada): voltam à fila (ou falham, se já gastaram as tentativas). Devolve os ids devolvidos."""
    presa_s = float(presa_s if presa_s is not None else
                    current_app.config.get("PEDIDOS_NOTIFICACAO_PRESA_S") or PRESA_PADRAO_S)
    limite = agora() - timedelta(seconds=presa_s)
    ids = list(db.session.scalars(select(EventoWebhook.id).where(
        EventoWebhook.situacao == SituacaoEvento.PROCESSANDO.value,
        func.coalesce(EventoWebhook.tomado_em, EventoWebhook.recebido_em) < limite)))
    devolvidas = []
    for evento_id in ids:
        evento = db.session.get(EventoWebhook, evento_id)
        db.session.refresh(evento)
        if evento.situacao != SituacaoEvento.PROCESSANDO:
            continue
        if evento.tentativas >= tentativas_maximas():
            mudar_situacao(evento, SituacaoEvento.FALHOU)
            evento.mensagem = MSG_PRESA_SEM_TENTATIVAS
            evento.processado_em = agora()
            db.session.commit()
            continue
        if _voltar_para_a_fila(evento_id, MSG_PRESA) is not None:
            fila.apos_commit("pedidos.processar_notificacao", evento_id)
            devolvidas.append(evento_id)
    return devolvidas
