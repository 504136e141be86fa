"""Mudanças do pedido na Tray depois de importado (notificação de atualização)."""
import logging

from erp.extensions import db
from erp.pedidos import mapeamento as m
from erp.produtos.estoque import movimentar
from erp.vendas import estados
from erp.vendas.estados import SituacaoVenda
from erp.vendas.models import Venda

log = logging.getLogger("erp.pedidos.importacao")


def atualizar_pelo_pedido(venda: Venda, pedido: dict) -> bool:
    """Atualiza o status da Tray na venda; cancelado na Tray enquanto a venda não tem nota válida (antes de
    faturar, ou com a NF-e cancelada ou denegada) cancela a venda e devolve o estoque. Devolve True se algo
    mudou (com commit)."""
    nome = m.nome_status(pedido)
    mudou = False
    if nome and venda.status_tray != nome:
        venda.status_tray, mudou = nome, True
    if m.cancelado(pedido) and estados.pode_faturar(venda):
        estados.mudar_situacao(venda, SituacaoVenda.CANCELADO)
        for item in venda.itens:
            movimentar(item.produto, item.variacao, int(item.quantidade.to_integral_value()), "cancelamento",
                       f"Venda {venda.id}")
        log.info("Venda %s cancelada: pedido %s cancelado na Tray", venda.id, venda.pedido_tray_id)
        mudou = True
    if mudou:
        db.session.commit()
    return mudou
