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
