"""Mudanças do pedido na Tray depois de importado (notificação de atualização, sondagem, importação de novo)."""
import logging

from erp.comum.modelos import agora
from erp.extensions import db
from erp.pedidos import mapeamento as m
from erp.produtos.estoque import movimentar
from erp.vendas import estados
from erp.vendas.estados import SituacaoVenda
from erp.vendas.models import Venda

log = logging.getLogger("erp.pedidos.importacao")


def cancelar_venda(venda: Venda) -> None:
    """Cancela a venda no ERP e devolve ao estoque o que ela tirou (sem commit)."""
    estados.mudar_situacao(venda, SituacaoVenda.CANCELADO)
    for item in venda.itens:
        movimentar(item.produto, item.variacao, int(item.quantidade.to_integral_value()), "cancelamento",
                   f"Venda {venda.id}")


def atualizar_pelo_pedido(venda: Venda, pedido: dict) -> bool:
    """Atualiza o status da Tray na venda. Cancelado na Tray: a venda fica marcada (`cancelado_na_tray_em`); se
    ela ainda não tem nota válida (antes de faturar, ou com a NF-e cancelada ou denegada) é cancelada e o estoque
    volta; faturada, continua de pé e a NF-e dela é proposta para cancelamento (tela da venda e da NF-e), que só
    o usuário pede. Devolve True se algo mudou (com commit)."""
    nome = m.nome_status(pedido)
    mudou = False
    if nome and venda.status_tray != nome:
        venda.status_tray, mudou = nome, True
    if m.cancelado(pedido) and venda.cancelado_na_tray_em is None:
        venda.cancelado_na_tray_em, venda.cancelado_na_tray_por = agora(), "tray"
        log.info("Venda %s: pedido %s cancelado na Tray", venda.id, venda.pedido_tray_id)
        mudou = True
    if m.cancelado(pedido) and estados.pode_faturar(venda):
        cancelar_venda(venda)
        log.info("Venda %s cancelada: pedido %s cancelado na Tray", venda.id, venda.pedido_tray_id)
        mudou = True
    if mudou:
        db.session.commit()
    return mudou
