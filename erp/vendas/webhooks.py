"""Notificações da Tray (tray-api.md §8): guardar, responder já, processar na fila relendo o pedido.

A notificação não tem assinatura: a única verificação possível é o seller_id ser de uma loja cadastrada,
e o pedido é sempre relido na API (nada do corpo da notificação é usado como dado).
"""
from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import valores as tv
from erp.vendas.models import EventoWebhook

ACOES_PEDIDO = {"insert", "update"}
MAX_TENTATIVAS = 4
ESPERA_BASE_S = 60.0  # 1, 2 e 4 minutos entre as tentativas


class NotificacaoInvalida(Exception):
    """Faltam campos obrigatórios (HTTP 400)."""


class LojaDesconhecida(Exception):
    """O seller_id não é de nenhuma loja cadastrada (HTTP 404)."""


def receber(dados) -> tuple[EventoWebhook, bool]:
    """Guarda a notificação; devolve (evento, se deve ir para a fila)."""
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
    evento = EventoWebhook(loja_id=loja.id, seller_id=seller[:30], escopo=escopo[:40], registro_id=registro[:30],
                           acao=acao[:20], app_code=tv.texto(dados.get("app_code"))[:60] or None)
    enfileirar = False
    if escopo != "order" or acao not in ACOES_PEDIDO:
        evento.situacao, evento.mensagem = "ignorado", "Notificação sem tratamento no ERP."
    elif not loja.importacao_automatica:
        evento.situacao, evento.mensagem = "ignorado", "Importação automática desligada para a loja."
    elif _pendente(loja.id, escopo, registro):
        evento.situacao, evento.mensagem = "duplicado", "Já há uma notificação deste pedido na fila."
    else:
        enfileirar = True
    db.session.add(evento)
    db.session.commit()
    return evento, enfileirar


def _pendente(loja_id: int, escopo: str, registro: str) -> bool:
    return db.session.query(EventoWebhook.id).filter_by(
        loja_id=loja_id, escopo=escopo, registro_id=registro, situacao="pendente").first() is not None


def processar(evento_id: int, max_tentativas: int = MAX_TENTATIVAS) -> float | None:
    """Importa (ou atualiza) o pedido da notificação pelo mesmo serviço da importação manual.

    Se a Tray estiver fora do ar ou no limite, o evento volta a "pendente" e a função devolve em quantos
    segundos tentar de novo (a Tray não reenvia: já recebeu o 200); senão devolve None.
    """
    from erp.vendas.importacao import importar_pedido

    evento = db.session.get(EventoWebhook, evento_id)
    if evento is None or evento.situacao != "pendente":
        return None
    evento.situacao = "processando"
    evento.tentativas = (evento.tentativas or 0) + 1
    db.session.commit()
    loja = db.session.get(LojaVirtual, evento.loja_id)
    resultado = importar_pedido(loja, evento.registro_id, origem="webhook", atualizar=True)
    evento = db.session.get(EventoWebhook, evento_id)
    evento.resultado, evento.mensagem = resultado.resultado, resultado.motivo
    evento.processado_em = agora()
    espera = None
    if resultado.resultado != "falhou":
        evento.situacao = "processado"
    elif resultado.transitorio and evento.tentativas < max_tentativas:
        evento.situacao = "pendente"
        espera = ESPERA_BASE_S * 2 ** (evento.tentativas - 1)
    else:
        evento.situacao = "falhou"
    db.session.commit()
    return espera
