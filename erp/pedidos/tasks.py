"""Tarefas da fila: importação em lote (todos do filtro ou os selecionados), novas tentativas de pedidos em falha
passageira da Tray, processamento das notificações, a varredura das notificações presas e a sondagem dos pedidos
alterados na Tray (a cada minuto, as lojas cujo período venceu)."""
from huey import crontab

from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray.limitador import em_lote
from erp.pedidos import importacao, lote, sondagem, webhooks
from erp.tarefas import fila
from erp.tarefas import services as tarefas


def _loja_ou_falha(tarefa_id: int, loja_id: int) -> LojaVirtual | None:
    loja = db.session.get(LojaVirtual, loja_id)
    if loja is None:
        tarefas.falhar(tarefa_id, "A loja virtual não existe mais.")
    return loja


@fila.tarefa()
def importar_pedidos_do_filtro(tarefa_id: int, loja_id: int, filtros: dict) -> None:
    loja = _loja_ou_falha(tarefa_id, loja_id)
    if loja is not None:
        with em_lote():
            lote.executar_importacao(tarefa_id, loja, filtros)


@fila.tarefa()
def continuar_importacao(tarefa_id: int, loja_id: int, ids: list[str]) -> None:
    """O lote seguinte de uma importação "todos do filtro" (ver `lote.continuar_importacao`)."""
    loja = _loja_ou_falha(tarefa_id, loja_id)
    if loja is not None:
        with em_lote():
            lote.continuar_importacao(tarefa_id, loja, ids)


@fila.tarefa()
def importar_pedidos_selecionados(tarefa_id: int, loja_id: int, ids: list[str]) -> None:
    loja = _loja_ou_falha(tarefa_id, loja_id)
    if loja is not None:
        with em_lote():
            lote.executar_selecionados(tarefa_id, loja, ids)


@fila.tarefa()
def tentar_de_novo(loja_id: int, pedido_id: str, tentativa: int) -> None:
    """Nova tentativa de um pedido que falhou por um problema passageiro da Tray (5xx, 429, tempo esgotado)."""
    loja = db.session.get(LojaVirtual, loja_id)
    if loja is not None:
        importacao.tentar_de_novo(loja, pedido_id, tentativa)


@fila.tarefa()
def processar_notificacao(evento_id: int) -> None:
    espera = webhooks.processar(evento_id)
    if espera is not None:
        fila.enfileirar("pedidos.processar_notificacao", evento_id, atraso_s=espera)


@fila.periodica(crontab(minute="*"))
def recuperar_notificacoes_presas() -> list[int]:
    """A cada minuto: notificações "processando" de um trabalhador que parou voltam à fila."""
    return webhooks.recuperar_presas()


@fila.periodica(crontab(minute="*"))
def sondar_lojas() -> dict:
    """A cada minuto: as lojas com sondagem ligada cujo período (`sondagem_min`) venceu leem os pedidos alterados
    na Tray desde a última sondagem (erp/pedidos/sondagem.py)."""
    return sondagem.sondar_devidas()
