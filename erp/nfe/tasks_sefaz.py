"""Tarefa da fila: transmitir NF-e à SEFAZ, com o resultado de cada nota na tela de progresso."""
from erp.nfe.services import transmissao
from erp.tarefas import fila
from erp.tarefas import services as tarefas

TIPO_TRANSMISSAO = "nfe_transmitir"
ROTULOS = {"autorizada": "Autorizada", "rejeitada": "Rejeitada", "denegada": "Denegada",
           "em_processamento": "Em processamento", "falhou": "Falhou"}


def _registrar(tarefa_id: int):
    def registrar(r: transmissao.ResultadoTransmissao) -> None:
        tarefas.registrar_item(
            tarefa_id, f"NF-e nº {r.numero} (venda {r.venda})", ROTULOS.get(r.resultado, r.resultado),
            sucesso=r.sucesso, mensagem=r.motivo, referencia_id=r.nota, dados=r.como_dict(),
        )
    return registrar


@fila.tarefa()
def transmitir_notas(tarefa_id: int, nota_ids: list[int]) -> None:
    tarefas.iniciar(tarefa_id, total=len(nota_ids))
    try:
        resultados = transmissao.transmitir(nota_ids, ao_processar=_registrar(tarefa_id))
    except transmissao.SefazImpossivel as erro:
        tarefas.falhar(tarefa_id, str(erro))
        return
    except Exception as erro:
        tarefas.falhar(tarefa_id, f"Erro inesperado: {erro}")
        raise
    autorizadas = sum(1 for r in resultados if r.sucesso)
    tarefas.concluir(tarefa_id, f"{autorizadas} NF-e autorizada(s), {len(resultados) - autorizadas} não autorizada(s).")


def agendar_transmissao(nota_ids: list[int]):
    """Cria a tarefa (visível na tela) e a põe na fila. Devolve a Tarefa."""
    ids = [int(n) for n in nota_ids]
    tarefa = tarefas.criar_tarefa(TIPO_TRANSMISSAO, f"Transmitir {len(ids)} NF-e à SEFAZ", total=len(ids),
                                  parametros={"notas": ids})
    transmitir_notas(tarefa.id, ids)
    return tarefa
