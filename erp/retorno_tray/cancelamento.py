"""Cancelar na Tray o pedido de uma venda cancelada no ERP (`PUT /orders/cancel/{id}`), a pedido de um
administrador, depois de uma tela de confirmação.

Uma venda com NF-e autorizada não cancela o pedido: a nota vale como documento fiscal e precisa ser cancelada
antes (NF-e → Cancelar). A venda ainda não cancelada no ERP é cancelada junto (o estoque volta). A chamada muda o
status do pedido e e-mail o comprador: nunca se repete às cegas; uma resposta ambígua é conferida relendo o
pedido na Tray.
"""
import logging
from dataclasses import dataclass

from sqlalchemy import select

from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.tray import api, erros
from erp.nfe.models import NotaFiscal
from erp.pedidos import mapeamento
from erp.pedidos.situacao_tray import cancelar_venda
from erp.vendas import estados
from erp.vendas.estados import SituacaoVenda
from erp.vendas.models import Venda

log = logging.getLogger("erp.retorno_tray")


class CancelamentoRecusado(ValueError):
    """A venda não pode ter o pedido cancelado agora; a mensagem é para a tela."""


@dataclass
class ResultadoCancelamento:
    venda: int
    pedido_tray: str
    resultado: str  # cancelado, ja_cancelado, falhou
    motivo: str | None = None

    def como_dict(self) -> dict:
        return dict(self.__dict__)


def verificar(venda: Venda) -> None:
    """Levanta CancelamentoRecusado se o pedido desta venda não pode ser cancelado na Tray pelo ERP."""
    if venda.loja is None or venda.loja.plataforma != "tray" or not venda.pedido_tray_id:
        raise CancelamentoRecusado(f"A venda nº {venda.id} não veio de uma loja Tray.")
    if venda.cancelado_na_tray_em is not None:
        raise CancelamentoRecusado(f"O pedido {venda.pedido_tray_id} já está cancelado na Tray.")
    valida = db.session.scalar(select(NotaFiscal.numero).where(NotaFiscal.venda_id == venda.id,
                                                               NotaFiscal.situacao == "autorizada"))
    if valida is not None:
        raise CancelamentoRecusado(f"A venda nº {venda.id} tem a NF-e nº {valida} autorizada: cancele "
                                   "a nota antes de cancelar o pedido na Tray.")
    if venda.situacao != SituacaoVenda.CANCELADO and not estados.pode_mudar(venda, SituacaoVenda.CANCELADO):
        raise CancelamentoRecusado(f"A venda nº {venda.id} está {venda.situacao_nome.lower()} e não pode ser "
                                   "cancelada.")


def cancelar_pedido_na_tray(venda_id: int) -> ResultadoCancelamento:
    """Cancela o pedido na Tray e, se preciso, a venda no ERP (com commit). Erros da Tray viram "falhou" com o
    motivo; nada muda no ERP nesse caso."""
    venda = db.session.get(Venda, venda_id)
    if venda is None:
        raise CancelamentoRecusado(f"Venda {venda_id} não encontrada.")
    verificar(venda)
    pid = venda.pedido_tray_id
    try:
        api.cancelar_pedido(venda.loja, pid)
    except erros.Indisponivel as erro:
        if not (erro.talvez_aplicado and _cancelado_na_tray(venda)):
            return ResultadoCancelamento(venda.id, pid, "falhou", f"{erro} Nada mudou no ERP; tente de novo.")
    except erros.ErroTray as erro:
        motivo = "; ".join(erro.causas) or str(erro)
        return ResultadoCancelamento(venda.id, pid, "falhou", f"A Tray não cancelou o pedido {pid}: {motivo}")
    if venda.situacao != SituacaoVenda.CANCELADO:
        cancelar_venda(venda)
    venda.cancelado_na_tray_em, venda.cancelado_na_tray_por = agora(), "erp"
    db.session.commit()
    log.info("Venda %s: pedido %s cancelado na Tray pelo ERP", venda.id, pid)
    return ResultadoCancelamento(venda.id, pid, "cancelado")


def _cancelado_na_tray(venda: Venda) -> bool:
    try:
        pedido = api.pedido(venda.loja, venda.pedido_tray_id)
    except erros.ErroTray:
        return False
    return bool(pedido) and mapeamento.cancelado(pedido)
