"""Tarefas da fila da NF-e: gerar e assinar as notas de várias vendas e transmiti-las à SEFAZ, com o progresso
de cada item na tela."""
from huey import crontab

from erp.nfe.services import arquivo, correio, emissao, transmissao
from erp.nfe.services.notas import TIPO_TAREFA
from erp.tarefas import fila, ligacoes
from erp.tarefas import services as tarefas


def _registrar(tarefa_id: int):
    def registrar(r: emissao.ResultadoGeracao) -> None:
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
    tarefas.executar(
        tarefa_id, lambda: emissao.gerar(venda_ids, tarefa_id=tarefa_id, ao_processar=_registrar(tarefa_id)),
        emissao.resumo, esperados=(emissao.EmissaoImpossivel,), total=len(venda_ids))


def agendar_geracao(venda_ids: list[int]):
    """Cria a tarefa (visível na tela) e a põe na fila. Devolve a Tarefa."""
    ids = [int(v) for v in venda_ids]
    return tarefas.agendar_lote(gerar_notas, TIPO_TAREFA, f"Gerar e assinar {len(ids)} NF-e", "vendas", ids)


TIPO_TRANSMISSAO = "nfe_transmitir"
ROTULOS = {"autorizada": "Autorizada", "rejeitada": "Rejeitada", "denegada": "Denegada",
           "em_processamento": "Em processamento", "falhou": "Falhou"}


def _registrar_transmissao(tarefa_id: int):
    def registrar(r: transmissao.ResultadoTransmissao) -> None:
        tarefas.registrar_item(
            tarefa_id, f"NF-e nº {r.numero} (venda {r.venda})", ROTULOS.get(r.resultado, r.resultado),
            sucesso=r.sucesso, mensagem=r.motivo, referencia_id=r.nota, dados=r.como_dict(),
        )
    return registrar


@fila.tarefa()
def transmitir_notas(tarefa_id: int, nota_ids: list[int]) -> None:
    tarefas.executar(
        tarefa_id, lambda: transmissao.transmitir(nota_ids, ao_processar=_registrar_transmissao(tarefa_id)),
        transmissao.resumo, esperados=(transmissao.SefazImpossivel,), total=len(nota_ids))


def agendar_transmissao(nota_ids: list[int]):
    """Cria a tarefa (visível na tela) e a põe na fila. Devolve a Tarefa."""
    ids = [int(n) for n in nota_ids]
    return tarefas.agendar_lote(transmitir_notas, TIPO_TRANSMISSAO, f"Transmitir {len(ids)} NF-e à SEFAZ",
                                "notas", ids)


def _url_da_nota(nota_id) -> str | None:
    from flask import url_for

    return url_for("nfe.nota", nota_id=nota_id) if nota_id else None


def ligar_resultados() -> None:
    """Os itens de "gerar" guardam a nota em dados.nota_id; os de "transmitir", em referencia_id."""
    ligacoes.registrar(TIPO_TAREFA, lambda item: _url_da_nota((item.dados or {}).get("nota_id")))
    ligacoes.registrar(TIPO_TRANSMISSAO, lambda item: _url_da_nota(item.referencia_id))


# -- documentos: e-mail ao comprador e arquivo dos XML ------------------------------------------------
@fila.tarefa()
def enviar_email(email_id: int) -> None:
    """Pedida depois do commit que registrou o e-mail (ou depois de uma falha, com espera)."""
    correio.enviar(email_id)


@fila.periodica(crontab(minute="*/5"))
def varrer_emails() -> None:
    """A cada 5 minutos: os e-mails na fila cuja hora chegou seguem, mesmo se a fila perdeu o pedido."""
    correio.enviar_pendentes()


@fila.tarefa()
def completar_arquivo() -> None:
    """Arquiva os XML que o armazém recusou na hora (pedida com espera pelos ouvintes)."""
    arquivo.completar()


@fila.periodica(crontab(minute="17"))
def varrer_arquivo() -> None:
    """De hora em hora: nenhum XML autorizado fica fora do arquivo."""
    arquivo.completar()
