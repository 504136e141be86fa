"""Tarefa da fila: gerar e assinar as NF-e de várias vendas, com progresso por venda."""
from erp.nfe.services import emissao
from erp.nfe.services.notas import TIPO_TAREFA
from erp.tarefas import fila
from erp.tarefas import services as tarefas


def _registrar(tarefa_id: int):
    def registrar(r: emissao.Resultado) -> None:
        pedido = f" (pedido {r.pedido_tray})" if r.pedido_tray else ""
        if r.sucesso:
            mensagem = f"NF-e nº {r.numero}, série {r.serie}. Chave {r.chave}."
        else:
            mensagem = r.motivo
        tarefas.registrar_item(
            tarefa_id, f"Venda {r.venda}{pedido}", "Assinada" if r.sucesso else "Falhou",
            sucesso=r.sucesso, mensagem=mensagem, referencia_id=r.venda,
            dados={**r.como_dict(), "nota_id": r.nota_id, "links": r.links},
        )
    return registrar


@fila.tarefa()
def gerar_notas(tarefa_id: int, venda_ids: list[int]) -> None:
    tarefas.iniciar(tarefa_id, total=len(venda_ids))
    try:
        resultados = emissao.gerar(venda_ids, tarefa_id=tarefa_id, ao_processar=_registrar(tarefa_id))
    except emissao.EmissaoImpossivel as erro:
        tarefas.falhar(tarefa_id, str(erro))
        return
    except Exception as erro:
        tarefas.falhar(tarefa_id, f"Erro inesperado: {erro}")
        raise
    assinadas = sum(1 for r in resultados if r.sucesso)
    tarefas.concluir(tarefa_id, f"{assinadas} NF-e assinada(s), {len(resultados) - assinadas} com falha.")


def agendar_geracao(venda_ids: list[int]):
    """Cria a tarefa (visível na tela) e a põe na fila. Devolve a Tarefa."""
    ids = [int(v) for v in venda_ids]
    tarefa = tarefas.criar_tarefa(TIPO_TAREFA, f"Gerar e assinar {len(ids)} NF-e", total=len(ids),
                                  parametros={"vendas": ids})
    gerar_notas(tarefa.id, ids)
    return tarefa


from erp.nfe import tasks_sefaz  # noqa: E402,F401
