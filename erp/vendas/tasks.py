"""Tarefas da fila: importação "todos do filtro" e processamento das notificações da Tray."""
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.tarefas import fila
from erp.tarefas import services as tarefas
from erp.vendas import webhooks
from erp.vendas.filtros import Filtros
from erp.vendas.importacao import resumo
from erp.vendas.lote import importar_do_filtro

TIPO_IMPORTACAO = "importar_pedidos"


def mensagem_resumo(contagem: dict) -> str:
    return (f"{contagem['importado']} importado(s), {contagem['ja_importado']} já importado(s), "
            f"{contagem['ignorado']} ignorado(s), {contagem['falhou']} com falha.")


def registrar_resultado(tarefa_id: int, resultado) -> None:
    tarefas.registrar_item(tarefa_id, f"Pedido {resultado.pedido_tray}", resultado.nome,
                           sucesso=resultado.sucesso, mensagem=resultado.motivo, referencia_id=resultado.venda,
                           dados=resultado.como_dict())


def executar_importacao(tarefa_id: int, loja_id: int, filtros: dict) -> None:
    loja = db.session.get(LojaVirtual, loja_id)
    if loja is None:
        tarefas.falhar(tarefa_id, "A loja virtual não existe mais.")
        return
    tarefas.executar(
        tarefa_id,
        lambda: importar_do_filtro(
            loja, Filtros.de_dict(filtros), "tarefa",
            ao_item=lambda resultado: registrar_resultado(tarefa_id, resultado),
            ao_contar=lambda total: tarefas.iniciar(tarefa_id, total=total)),
        lambda resultados: mensagem_resumo(resumo(resultados)), esperados=(erros_tray.ErroTray,))


@fila.tarefa()
def importar_pedidos_do_filtro(tarefa_id: int, loja_id: int, filtros: dict) -> None:
    executar_importacao(tarefa_id, loja_id, filtros)


@fila.tarefa()
def processar_notificacao(evento_id: int) -> None:
    espera = webhooks.processar(evento_id)
    if espera is not None:
        processar_notificacao.schedule((evento_id,), delay=espera)
