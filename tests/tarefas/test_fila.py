from erp.extensions import db
from erp.tarefas import fila, services
from erp.tarefas.models import Tarefa


@fila.tarefa()
def _tarefa_de_teste(tarefa_id, itens):
    services.iniciar(tarefa_id, total=len(itens))
    for item in itens:
        services.registrar_item(tarefa_id, item, "ok" if item != "ruim" else "falhou",
                                sucesso=item != "ruim", mensagem=None if item != "ruim" else "Item ruim")
    services.concluir(tarefa_id, "Fim.")


def test_tarefa_enfileirada_roda_no_trabalhador_e_grava_progresso(app, runner):
    tarefa = services.criar_tarefa("teste", "Tarefa de teste")
    _tarefa_de_teste(tarefa.id, ["a", "ruim", "c"])
    assert db.session.get(Tarefa, tarefa.id).situacao == "pendente"
    assert len(fila.huey) == 1  # está na fila, não rodou
    resultado = runner.invoke(args=["tarefas", "trabalhar", "--ate-esvaziar"])
    assert resultado.exit_code == 0, resultado.output
    assert "1 tarefa(s) executada(s)" in resultado.output
    db.session.expire_all()
    feita = db.session.get(Tarefa, tarefa.id)
    assert (feita.situacao, feita.processados, feita.sucessos, feita.falhas) == ("concluida", 3, 2, 1)
    assert feita.percentual == 100
    assert [i.chave for i in feita.itens] == ["a", "ruim", "c"]


def test_progresso_na_tela(app, logado):
    tarefa = services.criar_tarefa("teste", "Importação", total=4)
    services.iniciar(tarefa.id)
    services.registrar_item(tarefa.id, "1", "importado")
    html = logado.get(f"/tarefas/{tarefa.id}/progresso").get_data(as_text=True)
    assert "1 de 4" in html and "25%" in html and 'hx-trigger="every 1s"' in html
    services.concluir(tarefa.id)
    html = logado.get(f"/tarefas/{tarefa.id}").get_data(as_text=True)
    assert "100%" in html and "every 1s" not in html
    dados = logado.get(f"/tarefas/{tarefa.id}.json").get_json()
    assert dados["situacao"] == "concluida" and dados["itens"][0]["resultado"] == "importado"


@fila.tarefa()
def _marcar(tarefa_id):
    services.iniciar(tarefa_id)
    services.concluir(tarefa_id, "Marcada.")


def test_apos_commit_enfileira_so_depois_do_commit(app):
    tarefa = services.criar_tarefa("teste", "Depois do commit")
    db.session.get(Tarefa, tarefa.id).titulo = "Alterada"  # abre uma transação
    fila.apos_commit("tarefas._marcar", tarefa.id)
    assert len(fila.huey) == 0  # ainda não: a transação está aberta
    db.session.commit()
    assert len(fila.huey) == 1
    fila.executar_pendentes()
    db.session.expire_all()
    assert db.session.get(Tarefa, tarefa.id).situacao == "concluida"


def test_apos_commit_descartado_no_rollback(app):
    tarefa = services.criar_tarefa("teste", "Desfeita")
    db.session.get(Tarefa, tarefa.id).titulo = "Alterada"
    fila.apos_commit("tarefas._marcar", tarefa.id)
    db.session.rollback()
    db.session.commit()
    assert len(fila.huey) == 0


def test_apos_commit_sem_transacao_enfileira_na_hora(app):
    tarefa_id = services.criar_tarefa("teste", "Na hora").id
    db.session.close()
    fila.apos_commit("tarefas._marcar", tarefa_id)
    assert len(fila.huey) == 1


def test_apos_commit_recusa_tarefa_desconhecida(app):
    import pytest

    with pytest.raises(LookupError):
        fila.apos_commit("tarefas.nao_existe")


def test_transicoes_da_tarefa():
    import pytest

    from erp.tarefas.models import SituacaoTarefa as S
    from erp.tarefas.models import pode_mudar_tarefa

    assert pode_mudar_tarefa(S.PENDENTE, S.EXECUTANDO)
    assert pode_mudar_tarefa(S.EXECUTANDO, S.CONCLUIDA)
    assert pode_mudar_tarefa(S.EXECUTANDO, S.FALHOU)
    assert pode_mudar_tarefa(S.FALHOU, S.PENDENTE)  # pode rodar de novo
    assert not pode_mudar_tarefa(S.CONCLUIDA, S.EXECUTANDO)
    assert not pode_mudar_tarefa(S.CONCLUIDA, S.FALHOU)
    assert not pode_mudar_tarefa(S.PENDENTE, S.CONCLUIDA)
    with pytest.raises(ValueError):
        pode_mudar_tarefa("pendente", "inexistente")


def test_tarefa_concluida_nao_volta(app):
    import pytest

    tarefa = services.criar_tarefa("teste", "Final")
    services.iniciar(tarefa.id)
    services.concluir(tarefa.id)
    with pytest.raises(services.TransicaoInvalida):
        services.iniciar(tarefa.id)


def test_apos_commit_dentro_de_savepoint_espera_o_commit_de_fora(app):
    tarefa = services.criar_tarefa("teste", "Savepoint")
    db.session.get(Tarefa, tarefa.id).titulo = "Alterada"
    with db.session.begin_nested():
        fila.apos_commit("tarefas._marcar", tarefa.id)
    assert len(fila.huey) == 0  # o savepoint terminou, mas a transação de fora não
    try:
        with db.session.begin_nested():
            raise RuntimeError("desfaz só o savepoint")
    except RuntimeError:
        pass
    db.session.commit()
    assert len(fila.huey) == 1
