"""Tarefas da fila: importação "todos do filtro" e processamento das notificações da Tray."""
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.pedidos import lote, webhooks
from erp.tarefas import fila
from erp.tarefas import services as tarefas


@fila.tarefa()
def importar_pedidos_do_filtro(tarefa_id: int, loja_id: int, filtros: dict) -> None:
    loja = db.session.get(LojaVirtual, loja_id)
    if loja is None:
        tarefas.falhar(tarefa_id, "A loja virtual não existe mais.")
        return
    lote.executar_importacao(tarefa_id, loja, filtros)


@fila.tarefa()
def processar_notificacao(evento_id: int) -> None:
    espera = webhooks.processar(evento_id)
    if espera is not None:
        fila.enfileirar("pedidos.processar_notificacao", evento_id, atraso_s=espera)
