"""Notificações da Tray (tray-api.md §8): guardar, responder já, processar na fila relendo o pedido.

A notificação não tem assinatura: a única verificação possível é o seller_id ser de uma loja cadastrada,
e o pedido é sempre relido na API (nada do corpo da notificação é usado como dado). Uma só notificação de
cada pedido espera na fila: a restrição única (loja, escopo, chave_fila) decide, no banco; as repetidas
ficam registradas como duplicadas.
"""
import hmac

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from erp.comum.banco import inserir_se_novo
from erp.comum.cripto import chave_da_instancia
from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import valores as tv
from erp.pedidos.configuracao import configuracao_da_loja
from erp.pedidos.importacao import importar_pedido
from erp.pedidos.models import DesfechoImportacao, EventoWebhook, SituacaoEvento, pode_mudar_evento
from erp.tarefas import fila

ACOES_PEDIDO = {"insert", "update"}
MAX_TENTATIVAS = 4
ESPERA_BASE_S = 60.0  # 1, 2 e 4 minutos entre as tentativas
JA_NA_FILA = "Já há uma notificação deste pedido na fila."


class NotificacaoInvalida(Exception):
    """Faltam campos obrigatórios (HTTP 400)."""


class LojaDesconhecida(Exception):
    """O seller_id não é de nenhuma loja cadastrada (HTTP 404)."""


class TransicaoDeEventoInvalida(Exception):
    pass


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
    seller = tv.texto(dados.get("seller_id"))
    escopo = tv.texto(dados.get("scope_name")).lower()
    registro = tv.texto(dados.get("scope_id"))
    acao = tv.texto(dados.get("act")).lower()
    if not seller or not escopo or not registro:
        raise NotificacaoInvalida("Notificação sem seller_id, scope_name ou scope_id.")
    loja = (db.session.query(LojaVirtual)
            .filter(LojaVirtual.plataforma == "tray", LojaVirtual.usuario == seller).first())
    if loja is None:
        raise LojaDesconhecida(f"Nenhuma loja cadastrada com o código {seller}.")
    campos = {"loja_id": loja.id, "seller_id": seller[:30], "escopo": escopo[:40], "registro_id": registro[:30],
              "acao": acao[:20], "app_code": tv.texto(dados.get("app_code"))[:60] or None}
    if escopo != "order" or acao not in ACOES_PEDIDO:
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


def _tomar(evento_id: int) -> bool:
    """Pendente → processando, de uma vez no banco: de duas execuções da mesma notificação, só uma a toma.
    Fora da fila, a notificação libera a chave do pedido para a próxima."""
    tomada = db.session.execute(
        update(EventoWebhook)
        .where(EventoWebhook.id == evento_id, EventoWebhook.situacao == SituacaoEvento.PENDENTE.value)
        .values(situacao=SituacaoEvento.PROCESSANDO.value, chave_fila=None, tentativas=EventoWebhook.tentativas + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return tomada == 1


def processar(evento_id: int, max_tentativas: int = MAX_TENTATIVAS) -> float | None:
    """Importa (ou atualiza) o pedido da notificação pelo mesmo serviço da importação manual.

    Se a Tray estiver fora do ar ou no limite, o evento volta a "pendente" e a função devolve em quantos
    segundos tentar de novo (a Tray não reenvia: já recebeu o 200); senão devolve None.
    """
    if not _tomar(evento_id):
        return None
    evento = db.session.get(EventoWebhook, evento_id)
    loja = db.session.get(LojaVirtual, evento.loja_id)
    resultado = importar_pedido(loja, evento.registro_id, origem="webhook", atualizar=True)
    evento = db.session.get(EventoWebhook, evento_id)
    evento.resultado, evento.mensagem = str(resultado.resultado), resultado.motivo
    evento.processado_em = agora()
    if resultado.resultado != DesfechoImportacao.FALHOU:
        mudar_situacao(evento, SituacaoEvento.PROCESSADO)
    elif not (resultado.transitorio and evento.tentativas < max_tentativas):
        mudar_situacao(evento, SituacaoEvento.FALHOU)
    else:
        db.session.commit()  # o resultado desta tentativa fica gravado
        return _voltar_para_a_fila(evento_id)
    db.session.commit()
    return None


def _voltar_para_a_fila(evento_id: int) -> float | None:
    """A notificação volta a esperar na fila (devolve a espera até a nova tentativa); se outra do mesmo pedido
    já espera lá, esta fica duplicada e a outra faz o trabalho."""
    evento = db.session.get(EventoWebhook, evento_id)
    mudar_situacao(evento, SituacaoEvento.PENDENTE)
    evento.chave_fila = evento.registro_id
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
    return ESPERA_BASE_S * 2 ** (tentativas - 1)
