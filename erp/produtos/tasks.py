"""Trabalhos da fila do catálogo: exportação em lote e envio de estoque às lojas."""
import time

from huey import crontab

from erp.lojas_virtuais.tray.limitador import em_lote
from erp.produtos.exportacao.lote import executar_exportacao
from erp.produtos.sincronizacao import sincronizar_pendentes
from erp.tarefas import fila

# Rodada seguinte já agendada por este processo (tempo monotônico), para não multiplicar rodadas.
_seguinte = {"em": None}


@fila.tarefa()
def sincronizar_estoque(seguinte: bool = False) -> dict:
    """Envia o estoque pendente; se sobrou algo para mais tarde, agenda uma rodada seguinte.

    Pedida pelo estoque (`fila.apos_commit("produtos.sincronizar_estoque", atraso_s=...)`) depois do commit
    de um movimento, e a cada minuto pela varredura."""
    if seguinte:
        _seguinte["em"] = None
    resumo = sincronizar_pendentes()
    if resumo["proxima_em_s"] is not None:
        _agendar_seguinte(max(1.0, resumo["proxima_em_s"]))
    return resumo


def _agendar_seguinte(atraso_s: float) -> None:
    agora = time.monotonic()
    alvo = agora + atraso_s
    ja = _seguinte["em"]
    if ja is not None and ja > agora - 60 and ja <= alvo + 0.5:
        return  # já há uma rodada antes disso (ou uma que acabou de vencer e vai rodar)
    _seguinte["em"] = alvo
    sincronizar_estoque.schedule(kwargs={"seguinte": True}, delay=atraso_s)


@fila.periodica(crontab(minute="*"))
def varrer_estoque_pendente() -> None:
    """A cada minuto: garante que nenhuma linha pendente fique esquecida (ex.: fila reiniciada)."""
    sincronizar_estoque()


@fila.tarefa()
def exportar_produtos(tarefa_id: int) -> None:
    """A exportação em lote pedida pela tela (`fila.enfileirar("produtos.exportar_produtos", tarefa_id)`)."""
    with em_lote():
        executar_exportacao(tarefa_id)
