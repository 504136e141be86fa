"""Registro de progresso e resultados das tarefas longas, visível nas telas."""
from erp.comum.modelos import agora
from erp.extensions import db
from erp.tarefas.models import SituacaoTarefa, Tarefa, TarefaItem, pode_mudar_tarefa


class TransicaoInvalida(ValueError):
    """Uma tarefa não pode ir da situação atual para a pedida."""


def mudar_situacao(tarefa: Tarefa, nova: SituacaoTarefa) -> None:
    """A única porta para mudar a situação de uma tarefa (sem commit)."""
    if not pode_mudar_tarefa(tarefa.situacao, nova):
        raise TransicaoInvalida(f"A tarefa {tarefa.id} não pode ir de {tarefa.situacao} para {nova}.")
    tarefa.situacao = nova.value


def criar_tarefa(tipo: str, titulo: str, total: int = 0, parametros=None, loja_id=None) -> Tarefa:
    tarefa = Tarefa(
        tipo=tipo, titulo=titulo, total=total, parametros=parametros or {}, loja_id=loja_id
    )
    db.session.add(tarefa)
    db.session.commit()
    return tarefa


def iniciar(tarefa_id: int, total: int | None = None) -> Tarefa:
    tarefa = db.session.get(Tarefa, tarefa_id)
    mudar_situacao(tarefa, SituacaoTarefa.EXECUTANDO)
    tarefa.iniciada_em = tarefa.iniciada_em or agora()
    if total is not None:
        tarefa.total = total
    db.session.commit()
    return tarefa


def registrar_item(
    tarefa_id: int,
    chave: str,
    resultado: str,
    sucesso: bool = True,
    mensagem: str | None = None,
    referencia_id: int | None = None,
    dados=None,
) -> None:
    """Grava o resultado de um item e avança o progresso, na mesma transação."""
    db.session.add(
        TarefaItem(
            tarefa_id=tarefa_id,
            chave=str(chave),
            resultado=resultado,
            sucesso=sucesso,
            mensagem=mensagem,
            referencia_id=referencia_id,
            dados=dados,
        )
    )
    contadores = {Tarefa.processados: Tarefa.processados + 1}
    if sucesso:
        contadores[Tarefa.sucessos] = Tarefa.sucessos + 1
    else:
        contadores[Tarefa.falhas] = Tarefa.falhas + 1
    db.session.query(Tarefa).filter(Tarefa.id == tarefa_id).update(
        contadores, synchronize_session=False
    )
    db.session.commit()


def concluir(tarefa_id: int, mensagem: str | None = None) -> Tarefa:
    tarefa = db.session.get(Tarefa, tarefa_id)
    db.session.refresh(tarefa)
    mudar_situacao(tarefa, SituacaoTarefa.CONCLUIDA)
    tarefa.concluida_em = agora()
    tarefa.mensagem = mensagem
    db.session.commit()
    return tarefa


def falhar(tarefa_id: int, mensagem: str) -> Tarefa:
    db.session.rollback()
    tarefa = db.session.get(Tarefa, tarefa_id)
    mudar_situacao(tarefa, SituacaoTarefa.FALHOU)
    tarefa.concluida_em = agora()
    tarefa.mensagem = mensagem
    db.session.commit()
    return tarefa


def obter(tarefa_id: int) -> Tarefa | None:
    return db.session.get(Tarefa, tarefa_id)


def executar(tarefa_id: int, trabalho, mensagem_final, esperados: tuple = (), total: int | None = None):
    """Roda `trabalho()` como a tarefa: inicia (com `total`), e conclui com `mensagem_final(resultado)`.

    Um erro de `esperados` falha a tarefa com a própria mensagem (e devolve None); qualquer outro a falha como
    "Erro inesperado" e sobe, para a fila registrá-lo. O progresso por item fica com o `trabalho`
    (`registrar_item`).
    """
    iniciar(tarefa_id, total=total)
    try:
        resultado = trabalho()
    except esperados as erro:
        falhar(tarefa_id, str(erro))
        return None
    except Exception as erro:
        falhar(tarefa_id, f"Erro inesperado: {erro}")
        raise
    concluir(tarefa_id, mensagem_final(resultado))
    return resultado


def agendar_lote(tarefa_da_fila, tipo: str, titulo: str, parametro: str, ids: list[int]) -> Tarefa:
    """Cria a tarefa de um lote (total = quantos ids; parametros={parametro: ids}) e põe
    `tarefa_da_fila(tarefa.id, ids)` na fila. Devolve a Tarefa, para a tela acompanhar."""
    tarefa = criar_tarefa(tipo, titulo, total=len(ids), parametros={parametro: ids})
    tarefa_da_fila(tarefa.id, ids)
    return tarefa
