"""Trabalhos da fila do catálogo: exportação em lote, conferência das imagens na loja e envio de estoque às lojas."""
import time

from flask import current_app
from huey import crontab

from erp.comum.modelos import agora
from erp.lojas_virtuais.tray.limitador import em_lote
from erp.produtos import estoque_tray
from erp.produtos.exportacao.lote import executar_exportacao
from erp.produtos.revisao import completar_da_tray
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


@fila.tarefa()
def completar_importados(loja_id: int, produto_ids: list[int]) -> dict:
    """Depois do commit de uma venda importada: lê na loja o nome, a referência e a descrição dos produtos que a
    importação acabou de cadastrar (pedida por `fila.apos_commit("produtos.completar_importados", ...)`)."""
    return completar_da_tray(loja_id, produto_ids)


@fila.tarefa()
def conferir_imagens(loja_id: int, produto_id: int) -> dict | None:
    """Depois da exportação: confere se a Tray mostra as imagens enviadas, reenvia as que faltam (poucas vezes) ou
    marca o erro no produto (erp/produtos/exportacao/imagens_tray.py)."""
    from erp.lojas_virtuais.tray import erros
    from erp.produtos.exportacao.imagens_tray import conferir, pedir_conferencia

    try:
        return conferir(loja_id, produto_id)
    except (erros.LimiteExcedido, erros.Indisponivel):
        pedir_conferencia(loja_id, produto_id)  # a Tray volta: confere depois
        return None
    except erros.ErroTray:
        return None


@fila.tarefa()
def conferir_estoque_tray(loja_id: int, escopo: str, registro_id: str) -> int:
    """Pedida pela notificação product/product_stock/variant/variant_stock da Tray, depois do commit."""
    return estoque_tray.conferir_notificacao(loja_id, escopo, registro_id)


@fila.tarefa()
def comparar_estoque_tray(loja_id: int | None = None) -> list[dict]:
    """A comparação pedida pela tela (uma loja) ou pela varredura (todas as conectadas)."""
    resumos = [estoque_tray.comparar_loja(loja_id)] if loja_id else estoque_tray.comparar_todas()
    return [r.como_dict() for r in resumos]


@fila.periodica(crontab(minute="23"))
def varrer_estoque_tray() -> None:
    """De hora em hora confere se é a vez da comparação (a cada ESTOQUE_TRAY_COMPARAR_H horas; 0 desliga)."""
    intervalo = int(current_app.config.get("ESTOQUE_TRAY_COMPARAR_H") or 0)
    if intervalo > 0 and agora().hour % intervalo == 0:
        estoque_tray.comparar_todas()
