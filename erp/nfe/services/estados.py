"""Máquina de estados da NF-e: cada transição é conferida na tabela e vira um evento."""
from erp.comum.modelos import agora
from erp.extensions import db
from erp.nfe.models import SITUACOES_NOTA, NotaEvento, NotaFiscal, NumeroInutilizar, SituacaoNota, pode_mudar_nota
from erp.vendas import estados as estados_venda


class TransicaoInvalida(Exception):
    """A nota não pode ir da situação atual para a pedida."""


def transicionar(nota: NotaFiscal, nova: str, mensagem: str | None = None, xml: bytes | None = None,
                 tipo: str = "transicao") -> NotaEvento:
    """A única mudança de situação da nota (sem commit): confere a tabela e registra o evento com o XML."""
    anterior = nota.situacao
    nova = SituacaoNota(nova)
    if not pode_mudar_nota(anterior, nova):
        raise TransicaoInvalida(
            f"A NF-e {nota.numero} não pode passar de “{SITUACOES_NOTA.get(anterior, anterior)}” "
            f"para “{SITUACOES_NOTA.get(nova, nova)}”."
        )
    nota.situacao = nova.value
    evento = NotaEvento(
        nota=nota, tipo=tipo, situacao_anterior=anterior, situacao_nova=nova.value,
        mensagem=mensagem, xml=xml,
    )
    db.session.add(evento)
    _venda_acompanha(nota, nova)
    return evento


# A venda de uma nota cancelada ou denegada fica sem nota válida e pode ser faturada de novo.
_VENDA_APOS = {SituacaoNota.CANCELADA: estados_venda.SituacaoVenda.NFE_CANCELADA,
               SituacaoNota.DENEGADA: estados_venda.SituacaoVenda.NFE_DENEGADA}


def _venda_acompanha(nota: NotaFiscal, nova: SituacaoNota) -> None:
    destino = _VENDA_APOS.get(nova)
    venda = nota.venda
    if destino is None or venda is None or venda.situacao == destino:
        return
    if estados_venda.pode_mudar_venda(venda.situacao, destino):  # uma venda cancelada continua cancelada
        estados_venda.mudar_situacao(venda, destino)


def registrar_evento(nota: NotaFiscal, tipo: str, mensagem: str | None = None,
                     xml: bytes | None = None) -> NotaEvento:
    """Evento sem mudança de situação (ex.: um XML recebido)."""
    evento = NotaEvento(nota=nota, tipo=tipo, situacao_anterior=nota.situacao,
                        situacao_nova=nota.situacao, mensagem=mensagem, xml=xml)
    db.session.add(evento)
    return evento


def descartar(nota: NotaFiscal, motivo: str) -> NumeroInutilizar:
    """A nota não seguirá adiante: o número fica pendente de inutilização (sem commit)."""
    transicionar(nota, "descartada", mensagem=motivo)
    nota.motivo = motivo
    pendente = (
        db.session.query(NumeroInutilizar)
        .filter_by(ambiente=nota.ambiente, serie=nota.serie, numero=nota.numero)
        .one_or_none()
    )
    if pendente is None:
        pendente = NumeroInutilizar(ambiente=nota.ambiente, serie=nota.serie, numero=nota.numero)
        db.session.add(pendente)
    pendente.nota = nota
    pendente.motivo = motivo
    return pendente


def marcar_inutilizado(pendente: NumeroInutilizar) -> None:
    pendente.situacao = "inutilizado"
    pendente.inutilizado_em = agora()
    if pendente.nota is not None and pendente.nota.situacao == "descartada":
        transicionar(pendente.nota, "inutilizada")
