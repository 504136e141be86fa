"""Exportação em lote: tarefa com resultado por produto, limite de requisições respeitado, linha de comando."""
import json
import time

import pytest

from erp.extensions import db
from erp.produtos.exportacao.lote import (
    ExportacaoEmAndamento,
    criar_tarefa,
    executar_exportacao,
    iniciar_exportacao,
)
from erp.produtos.models import ProdutoLoja
from erp.tarefas import fila
from erp.tarefas.models import Tarefa


def _janela_curta(monkeypatch, app, sim, por_janela: int, janela_s: float = 1.0):
    """Mesma regra da Tray (N requisições em qualquer janela), numa janela curta para o teste caber em segundos."""
    monkeypatch.setattr("erp.sandbox.tray.limites.JANELA_S", janela_s)
    sim.limites(por_minuto=por_janela, zerar=True)
    app.config.update(TRAY_LIMITE_MINUTO=por_janela, TRAY_JANELA_S=janela_s)


def test_lote_respeita_o_limite_sem_nenhuma_requisicao_recusada(monkeypatch, app, loja, sim, fazer_produto):
    from erp.lojas_virtuais.tray.client import descartar_cliente

    produtos = [fazer_produto(f"L{n:02d}") for n in range(12)]
    _janela_curta(monkeypatch, app, sim, por_janela=8)
    descartar_cliente()
    tarefa = criar_tarefa(loja, [p.id for p in produtos])
    inicio = time.monotonic()
    resultados = executar_exportacao(tarefa.id)
    decorrido = time.monotonic() - inicio
    assert [r.resultado for r in resultados] == ["criado"] * 12
    # Por produto, a procura pela referência na loja (nada achado) e a criação; nenhum 429.
    assert [(m, s) for m, _, s in sim.chamadas()] == [("GET", 200), ("POST", 201)] * 12
    assert decorrido >= 2.0  # 24 requisições a 8 por segundo: o limitador segurou o ritmo
    assert db.session.get(Tarefa, tarefa.id).situacao == "concluida"


def test_progresso_mostra_a_espera_pelo_limite_da_tray(monkeypatch, app, loja, sim, fazer_produto):
    import threading

    from erp.lojas_virtuais.tray.client import descartar_cliente

    produtos = [fazer_produto(f"E{n}") for n in range(3)]
    _janela_curta(monkeypatch, app, sim, por_janela=2, janela_s=2.5)
    descartar_cliente()
    tarefa_id = criar_tarefa(loja, [p.id for p in produtos]).id
    db.session.commit()

    def exportar():
        with app.app_context():
            executar_exportacao(tarefa_id)

    trabalho = threading.Thread(target=exportar)
    trabalho.start()
    mensagens = set()
    while trabalho.is_alive():
        db.session.expire_all()
        mensagens.add(db.session.get(Tarefa, tarefa_id).mensagem)
        db.session.rollback()
        time.sleep(0.2)
    trabalho.join()
    assert any(m and m.startswith("Aguardando o limite da Tray, ") and m.endswith(" s.") for m in mensagens)
    db.session.expire_all()
    feita = db.session.get(Tarefa, tarefa_id)
    assert feita.situacao == "concluida" and "Aguardando" not in (feita.mensagem or "")
    assert all(s != 429 for _, _, s in sim.chamadas())


def test_429_da_tray_espera_e_repete(loja, sim, fazer_produto):
    produtos = [fazer_produto(f"R{n}") for n in range(3)]
    sim.falhar("429", quantidade=2, prefixo="/products", metodo="POST")
    resultados = executar_exportacao(criar_tarefa(loja, [p.id for p in produtos]).id)
    assert [r.resultado for r in resultados] == ["criado"] * 3
    assert [s for _, _, s in sim.chamadas("POST", "/products")] == [429, 429, 201, 201, 201]
    assert db.session.query(ProdutoLoja).count() == 3


def test_tarefa_pela_fila_e_reexportacao_nao_duplica(loja, sim, fazer_produto):
    ids = [fazer_produto(f"F{n}").id for n in range(3)]
    tarefa = iniciar_exportacao(loja, ids)
    with pytest.raises(ExportacaoEmAndamento) as erro:  # duas ao mesmo tempo poderiam duplicar produtos
        iniciar_exportacao(loja, ids)
    assert erro.value.tarefa.id == tarefa.id
    fila.executar_pendentes()
    db.session.expire_all()
    feita = db.session.get(Tarefa, tarefa.id)
    assert (feita.situacao, feita.sucessos, feita.falhas) == ("concluida", 3, 0)
    assert [i.resultado for i in feita.itens] == ["exportado"] * 3
    iniciar_exportacao(loja, ids)
    fila.executar_pendentes()
    assert len(sim.chamadas("POST", "/products")) == 3
    assert len(sim.produtos(reference="F1")) == 1


def test_linha_de_comando_exportar_json(runner, loja, sim, fazer_produto):
    fazer_produto("CLI-A", variacoes=[{"referencia": "CLI-A-AZ", "tipo_1": "Cor", "valor_1": "Azul"}])
    ruim = fazer_produto("CLI-B")
    ruim.ncm = "99"
    db.session.commit()
    saida = runner.invoke(args=["produtos", "exportar", "--loja", str(loja.id), "--referencias", "CLI-A,CLI-B",
                                "--json"])
    linhas = [json.loads(linha) for linha in saida.output.strip().splitlines()]
    assert [(l["referencia"], l["resultado"]) for l in linhas] == [("CLI-A", "criado"), ("CLI-B", "falhou")]
    assert set(linhas[0]) == {"referencia", "resultado", "produto_tray", "variantes_tray", "motivo"}
    assert linhas[0]["motivo"] is None and list(linhas[0]["variantes_tray"]) == ["CLI-A-AZ"]
    assert linhas[0]["produto_tray"] == sim.produtos(reference="CLI-A")[0]["id"]
    assert "NCM" in linhas[1]["motivo"] and linhas[1]["produto_tray"] is None

    de_novo = runner.invoke(args=["produtos", "exportar", "--loja", str(loja.id), "--todos"])
    assert "CLI-A: sem mudança" in de_novo.output and "CLI-B: falhou" in de_novo.output
    assert de_novo.exit_code == 1
    erro = runner.invoke(args=["produtos", "exportar", "--loja", str(loja.id), "--referencias", "NAO"])
    assert erro.exit_code != 0 and "NAO" in erro.output


def test_uma_exportacao_em_curso_por_loja_e_a_loja_e_solta_ao_fim(loja, sim, fazer_produto):
    from erp.produtos.models import ExportacaoEmCurso

    ids = [fazer_produto("U1").id]
    tarefa = iniciar_exportacao(loja, ids)
    assert db.session.query(ExportacaoEmCurso).one().tarefa_id == tarefa.id
    fila.executar_pendentes()
    assert db.session.query(ExportacaoEmCurso).count() == 0  # terminou: a loja está livre
    assert iniciar_exportacao(loja, ids).id != tarefa.id


def test_tarefa_parada_ou_interrompida_nao_segura_a_loja(loja, sim, fazer_produto):
    from datetime import timedelta

    from sqlalchemy import update

    from erp.comum.modelos import agora
    from erp.produtos.exportacao import lote
    from erp.produtos.models import ExportacaoEmCurso
    from erp.tarefas import services as tarefas

    ids = [fazer_produto("P1").id]
    parada = iniciar_exportacao(loja, ids)
    db.session.execute(update(Tarefa).where(Tarefa.id == parada.id)
                       .values(atualizado_em=agora() - timedelta(minutes=31)))
    db.session.commit()
    assert lote.em_andamento(loja.id) is None
    nova = iniciar_exportacao(loja, ids)  # a parada há mais de 30 minutos dá lugar à nova
    assert db.session.query(ExportacaoEmCurso).one().tarefa_id == nova.id

    tarefas.tarefa_interrompida.send(db.session.get(Tarefa, nova.id))  # o trabalhador dela morreu
    db.session.commit()
    assert db.session.query(ExportacaoEmCurso).count() == 0
