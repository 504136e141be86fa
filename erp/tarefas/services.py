"""Registro de progresso e resultados das tarefas longas, visível nas telas.

Cada processo que executa tarefas bate um sinal de vida nas que tem em mãos (`bater`, por uma thread do
trabalhador); `recuperar_interrompidas` falha, com a explicação, as que ficaram "executando" sem sinal — o
trabalhador morreu (kill -9, queda da máquina) — para que possam rodar de novo.
"""
import contextlib
import contextvars
import logging
import os
import socket
import threading
from datetime import timedelta

from blinker import Namespace
from flask import current_app
from sqlalchemy import func, or_, select, update

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


# Tarefas que este processo está executando agora (para o sinal de vida).
_em_maos: set[int] = set()
_trava = threading.Lock()
IDENTIDADE = f"{socket.gethostname()}:{os.getpid()}"
MSG_INTERROMPIDA = ("O trabalhador parou no meio desta tarefa (processo encerrado ou máquina reiniciada). O que foi "
                    "feito até aqui está registrado abaixo; rode de novo para continuar.")

_sinais = Namespace()
# Enviado com a Tarefa quando ela é dada como interrompida, para o módulo dono soltar o que ela prendia.
tarefa_interrompida = _sinais.signal("tarefas.interrompida")


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
    tarefa.batida_em = agora()
    tarefa.trabalhador = IDENTIDADE
    with _trava:
        _em_maos.add(tarefa_id)
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
    _soltar(tarefa_id)
    tarefa.concluida_em = agora()
    tarefa.mensagem = mensagem
    db.session.commit()
    return tarefa


def devolver_a_fila(tarefa_id: int, mensagem: str | None = None) -> Tarefa:
    """A tarefa fez uma parte e volta para a fila (pendente, sem trabalhador) até a vez da próxima."""
    tarefa = db.session.get(Tarefa, tarefa_id)
    db.session.refresh(tarefa)
    mudar_situacao(tarefa, SituacaoTarefa.PENDENTE)
    _soltar(tarefa_id)
    tarefa.trabalhador = None
    tarefa.mensagem = mensagem
    db.session.commit()
    return tarefa


def falhar(tarefa_id: int, mensagem: str) -> Tarefa:
    db.session.rollback()
    tarefa = db.session.get(Tarefa, tarefa_id)
    mudar_situacao(tarefa, SituacaoTarefa.FALHOU)
    _soltar(tarefa_id)
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


@contextlib.contextmanager
def avisar_espera(tarefa_id: int, estimar, mensagem, intervalo_s: float = 1.0, minimo_s: float = 1.0):
    """Enquanto o bloco roda, uma thread confere `estimar()` (segundos de espera) a cada `intervalo_s` e, se passa
    de `minimo_s`, põe `mensagem(segundos)` na mensagem da tarefa; quando a espera acaba, tira. Grava na sua
    própria sessão (nunca faz commit do trabalho do bloco) e só mexe numa mensagem vazia ou escrita por ela."""
    app = current_app._get_current_object()
    contexto = contextvars.copy_context()  # o mesmo tipo de requisição do bloco (ex.: em lote)
    parar = threading.Event()
    escrita: list[str | None] = [None]

    def gravar(texto: str | None) -> None:
        if texto == escrita[0]:
            return
        try:
            db.session.execute(update(Tarefa).where(
                Tarefa.id == tarefa_id, or_(Tarefa.mensagem.is_(None), Tarefa.mensagem == escrita[0]))
                .values(mensagem=texto).execution_options(synchronize_session=False))
            db.session.commit()
            escrita[0] = texto
        except Exception:  # noqa: BLE001 — banco ocupado: a mensagem fica para a próxima conferida
            db.session.rollback()
            logging.getLogger(__name__).debug("mensagem de espera da tarefa %s não gravada", tarefa_id)

    def acompanhar() -> None:
        with app.app_context():
            while not parar.wait(intervalo_s):
                segundos = estimar()
                gravar(mensagem(segundos) if segundos is not None and segundos >= minimo_s else None)
            gravar(None)

    thread = threading.Thread(target=contexto.run, args=(acompanhar,), name=f"espera-tarefa-{tarefa_id}",
                              daemon=True)
    thread.start()
    try:
        yield
    finally:
        parar.set()
        thread.join(timeout=20)


def _soltar(tarefa_id: int) -> None:
    with _trava:
        _em_maos.discard(tarefa_id)


def em_maos() -> set[int]:
    with _trava:
        return set(_em_maos)


def bater() -> int:
    """Sinal de vida nas tarefas que este processo executa. Devolve quantas."""
    ids = em_maos()
    if not ids:
        return 0
    db.session.execute(update(Tarefa).where(Tarefa.id.in_(ids), Tarefa.situacao == SituacaoTarefa.EXECUTANDO)
                       .values(batida_em=agora()).execution_options(synchronize_session=False))
    db.session.commit()
    return len(ids)


def recuperar_interrompidas(sem_sinal_s: float) -> list[int]:
    """Falha as tarefas "executando" sem sinal de vida há mais de `sem_sinal_s` segundos. Devolve os ids."""
    limite = agora() - timedelta(seconds=sem_sinal_s)
    ultima = func.coalesce(Tarefa.batida_em, Tarefa.atualizado_em)
    ids = list(db.session.scalars(select(Tarefa.id).where(
        Tarefa.situacao == SituacaoTarefa.EXECUTANDO, ultima < limite).with_for_update(skip_locked=True)))
    ids = [i for i in ids if i not in em_maos()]
    recuperadas = []
    for tarefa_id in ids:
        tarefa = db.session.get(Tarefa, tarefa_id)
        db.session.refresh(tarefa)
        if tarefa.situacao != SituacaoTarefa.EXECUTANDO:
            continue
        mudar_situacao(tarefa, SituacaoTarefa.FALHOU)
        tarefa.concluida_em = agora()
        tarefa.mensagem = MSG_INTERROMPIDA
        tarefa_interrompida.send(tarefa)
        recuperadas.append(tarefa_id)
    db.session.commit()
    return recuperadas


def listar(situacao: str | None = None, limite: int = 50) -> list[Tarefa]:
    consulta = select(Tarefa).order_by(Tarefa.id.desc()).limit(limite)
    if situacao:
        consulta = consulta.where(Tarefa.situacao == SituacaoTarefa(situacao))
    return list(db.session.scalars(consulta))


def como_dict(tarefa: Tarefa) -> dict:
    return {
        "id": tarefa.id,
        "tipo": tarefa.tipo,
        "situacao": str(tarefa.situacao),
        "feitos": tarefa.processados,
        "total": tarefa.total,
        "erro": tarefa.mensagem if tarefa.situacao == SituacaoTarefa.FALHOU else None,
        "atualizada_em": tarefa.atualizado_em.isoformat(timespec="seconds") + "Z" if tarefa.atualizado_em else None,
    }
