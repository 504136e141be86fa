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
    tarefas.executar(
        tarefa_id, lambda: transmissao.transmitir(nota_ids, ao_processar=_registrar(tarefa_id)),
        transmissao.resumo, esperados=(transmissao.SefazImpossivel,), total=len(nota_ids))


def agendar_transmissao(nota_ids: list[int]):
    """Cria a tarefa (visível na tela) e a põe na fila. Devolve a Tarefa."""
    ids = [int(n) for n in nota_ids]
    return tarefas.agendar_lote(transmitir_notas, TIPO_TRANSMISSAO, f"Transmitir {len(ids)} NF-e à SEFAZ",
                                "notas", ids)
