"""Importação em lote: a mensagem da tarefa enquanto roda (contagem e espera pelo limite da Tray) e a continuação
de uma importação interrompida."""
from datetime import timedelta

from erp.comum.modelos import agora
from erp.extensions import db
from erp.pedidos import lote
from erp.pedidos.filtros import Filtros
from erp.pedidos.importacao import importar_lote
from erp.tarefas import services as tarefas
from erp.tarefas.fila import executar_pendentes
from erp.tarefas.models import Tarefa
from erp.vendas.models import Venda


def test_enquanto_espera_o_limite_da_tray_a_tarefa_diz_quanto_falta(app, loja, sim):
    tarefa = tarefas.criar_tarefa(lote.TIPO_IMPORTACAO, "Importar", total=3, loja_id=loja.id)
    progresso = lote.Progresso(tarefa.id)
    progresso.aguardando(22.3)
    db.session.expire_all()
    assert db.session.get(Tarefa, tarefa.id).mensagem == "Aguardando o limite da Tray, 23 s."
    progresso.aguardando(None)
    db.session.expire_all()
    assert db.session.get(Tarefa, tarefa.id).mensagem is None


def test_a_leitura_parada_no_limite_avisa(app, loja, sim):
    """Com 1 requisição a cada 1,5 s, a segunda leitura espera o limite: `ao_aguardar` é chamado com a espera
    (0 quando o cliente da Tray não dá a estimativa) e com None quando ela acaba."""
    from erp.lojas_virtuais.tray.client import descartar_cliente

    app.config.update(TRAY_LIMITE_MINUTO=1, TRAY_JANELA_S=1.5)
    descartar_cliente()
    avisos = []
    resultados = importar_lote(loja, ["1001", "1002", "1003"], ao_aguardar=avisos.append, paralelo=1)
    assert [r.resultado for r in resultados] == ["importado"] * 3
    assert avisos and avisos[-1] is None and any(a is not None and a >= 0 for a in avisos)
    app.config.update(TRAY_LIMITE_MINUTO=180, TRAY_JANELA_S=60.0)
    descartar_cliente()


def test_contagem_por_desfecho_na_mensagem_durante_a_importacao(app, loja, sim):
    tarefa = tarefas.criar_tarefa(lote.TIPO_IMPORTACAO, "Importar", total=3, loja_id=loja.id)
    vistas = []
    progresso = lote.Progresso(tarefa.id)
    original = progresso.item

    def item(resultado):
        original(resultado)
        db.session.expire_all()
        vistas.append(db.session.get(Tarefa, tarefa.id).mensagem)

    importar_lote(loja, ["1001", "1004", "999999"], ao_item=item)
    assert vistas == [
        "1 importado(s), 0 já importado(s), 0 ignorado(s), 0 com falha.",
        "1 importado(s), 0 já importado(s), 1 ignorado(s), 0 com falha.",
        "1 importado(s), 0 já importado(s), 1 ignorado(s), 1 com falha."]
    item_falho = [i for i in db.session.get(Tarefa, tarefa.id).itens if not i.sucesso][0]
    assert item_falho.mensagem == "Pedido não encontrado na Tray. Confira o número do pedido na Tray."


def _interromper(tarefa_id: int) -> None:
    tarefa = db.session.get(Tarefa, tarefa_id)
    tarefa.situacao, tarefa.trabalhador = "executando", "outra-maquina:1"
    tarefa.batida_em = agora() - timedelta(minutes=10)
    db.session.commit()


def test_importacao_interrompida_continua_sozinha_uma_vez(app, loja, sim):
    importar_lote(loja, ["1001"])  # já importado antes de o trabalhador morrer
    tarefa = tarefas.criar_tarefa(lote.TIPO_IMPORTACAO, "Importar pedidos de Loja Teste (todos do filtro)",
                                  parametros=Filtros(status="A ENVIAR").como_dict(), loja_id=loja.id)
    _interromper(tarefa.id)
    assert tarefas.recuperar_interrompidas(60) == [tarefa.id]
    db.session.expire_all()
    velha = db.session.get(Tarefa, tarefa.id)
    nova = db.session.query(Tarefa).filter(Tarefa.id != tarefa.id).one()
    assert velha.situacao == "falhou" and f"continua sozinha na tarefa nº {nova.id}" in velha.mensagem
    assert nova.parametros["continuacao_de"] == tarefa.id and nova.titulo.endswith("(continuação)")
    sim.limpar_requisicoes()
    assert executar_pendentes() >= 1
    db.session.expire_all()
    nova = db.session.get(Tarefa, nova.id)
    assert nova.situacao == "concluida"
    assert nova.mensagem == "1 importado(s), 1 já importado(s), 0 ignorado(s), 0 com falha."
    assert "/orders/1001/complete" not in sim.caminhos()  # o já importado não é lido de novo
    assert {v.pedido_tray_id for v in db.session.query(Venda)} == {"1001", "1002"}
    # A continuação interrompida não continua de novo.
    nova.situacao = "executando"
    db.session.commit()
    _interromper(nova.id)
    assert tarefas.recuperar_interrompidas(60) == [nova.id]
    assert db.session.query(Tarefa).count() == 2


def test_selecionados_interrompidos_continuam_pela_fila(app, loja, sim):
    tarefa = tarefas.criar_tarefa(lote.TIPO_IMPORTACAO, "Importar 2 pedido(s) selecionado(s)", total=2,
                                  parametros={"pedidos": ["1002", "1003"]}, loja_id=loja.id)
    _interromper(tarefa.id)
    tarefas.recuperar_interrompidas(60)
    executar_pendentes()
    db.session.expire_all()
    nova = db.session.query(Tarefa).filter(Tarefa.id != tarefa.id).one()
    assert (nova.situacao, nova.processados) == ("concluida", 2)
    assert {v.pedido_tray_id for v in db.session.query(Venda)} == {"1002", "1003"}


def test_importacao_grande_de_uma_loja_atrasa_a_pequena_de_outra_em_no_maximo_um_lote(app, tray_sim_factory):
    """A fila é uma só: cada importação "todos do filtro" anda um lote (PEDIDOS_LOTE_FILA) e volta para o fim
    da fila. A loja pequena, pedida depois da grande, termina antes do segundo lote da grande."""
    from erp.sandbox.tray.semente import semente_minima
    from erp.tarefas.models import TarefaItem
    from tests.pedidos.ajuda import conectar

    app.config.update(PEDIDOS_LOTE_FILA=10)
    grande = conectar(app, tray_sim_factory(semente_minima(id="200001", pedidos_extras=46)))
    pequena = conectar(app, tray_sim_factory(semente_minima(id="200002")))
    t_grande = lote.agendar_importacao_do_filtro(grande, Filtros()).id
    t_pequena = lote.agendar_importacao_do_filtro(pequena, Filtros()).id

    executar_pendentes()

    db.session.expire_all()
    feitas = {t: db.session.get(Tarefa, t) for t in (t_grande, t_pequena)}
    assert {t.situacao for t in feitas.values()} == {"concluida"}
    assert feitas[t_grande].processados == feitas[t_grande].total == 50
    assert feitas[t_grande].mensagem.startswith(f"{db.session.query(Venda).filter_by(loja_id=grande.id).count()} "
                                                "importado(s)")
    itens = db.session.query(TarefaItem).order_by(TarefaItem.id).all()
    fim_da_pequena = max(i.id for i in itens if i.tarefa_id == t_pequena)
    da_grande_antes = [i for i in itens if i.tarefa_id == t_grande and i.id < fim_da_pequena]
    ignorados = [i for i in da_grande_antes if i.resultado == "Ignorado"]  # registrados sem ler a Tray
    assert len(da_grande_antes) - len(ignorados) <= 10
