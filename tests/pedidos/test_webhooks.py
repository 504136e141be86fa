"""Notificações da Tray em POST /webhooks/tray: guardar, responder já, importar pela fila."""
import pytest
import requests

from erp.extensions import db
from erp.pedidos.importacao import importar_pedido
from erp.pedidos.models import EventoWebhook, ImportacaoPedido
from erp.produtos.models import MovimentoEstoque
from erp.tarefas.fila import executar_pendentes
from erp.vendas.models import Venda
from tests.pedidos import dados
from tests.pedidos.ajuda import conectar


def caminho():
    from erp.pedidos.webhooks import segredo_do_webhook

    return f"/webhooks/tray/{segredo_do_webhook()}"


def notificar(client, loja_ou_seller, pedido="1001", acao="insert", escopo="order"):
    seller = loja_ou_seller if isinstance(loja_ou_seller, str) else loja_ou_seller.usuario
    return client.post(caminho(), data={"seller_id": seller, "scope_id": pedido, "scope_name": escopo,
                                               "act": acao, "app_code": "718",
                                               "url_notification": "http://erp/webhooks/tray"})


def automatica(loja):
    loja.importacao_automatica = True
    db.session.commit()


def test_loja_desconhecida_recebe_a_mesma_resposta_e_nada_gravado(client, loja):
    automatica(loja)
    desconhecida = notificar(client, "999999")
    conhecida = notificar(client, loja, acao="delete", escopo="product")
    assert (desconhecida.status_code, desconhecida.data, desconhecida.headers["Content-Type"]) == \
        (conhecida.status_code, conhecida.data, conhecida.headers["Content-Type"]) == \
        (200, b"OK", "text/plain; charset=utf-8")
    executar_pendentes()
    assert db.session.query(EventoWebhook).filter_by(seller_id="999999").count() == 0
    assert db.session.query(Venda).count() == 0


def test_notificacao_malformada_recebe_200(client, loja):
    """A Tray repete por dias o que não recebe 200 e pode bloquear o endereço."""
    assert client.post(caminho(), data={"seller_id": loja.usuario}).status_code == 200
    assert client.post(caminho(), data=b"\x00lixo", content_type="application/json").status_code == 200


@pytest.mark.parametrize("endereco", ["/webhooks/tray", "/webhooks/tray/errado", "/webhooks/tray/%20"])
def test_sem_o_segredo_404_nada_gravado_e_nada_pedido_a_tray(client, loja, sim, endereco):
    automatica(loja)
    resposta = client.post(endereco, data={"seller_id": loja.usuario, "scope_id": "1001", "scope_name": "order",
                                           "act": "insert"})
    assert resposta.status_code == 404
    executar_pendentes()
    assert db.session.query(EventoWebhook).count() == 0 and sim.caminhos() == []


def test_url_do_webhook_pela_linha_de_comando(app, runner):
    from erp.pedidos.webhooks import segredo_do_webhook

    app.config["TRAY_WEBHOOK_SEGREDO"] = None
    saida = runner.invoke(args=["pedidos", "url-webhook"]).output.strip()
    assert saida == f"{app.config['ERP_URL_PUBLICA']}/webhooks/tray/{segredo_do_webhook()}"
    assert len(segredo_do_webhook()) >= 24 and segredo_do_webhook() == segredo_do_webhook()


def test_responde_na_hora_e_importa_pela_fila(client, loja, sim):
    automatica(loja)
    resposta = notificar(client, loja)
    assert (resposta.status_code, resposta.get_data(as_text=True)) == (200, "OK")
    # Respondeu sem falar com a Tray: o trabalho fica para a fila.
    assert sim.caminhos() == [] and db.session.query(Venda).count() == 0
    [evento] = db.session.query(EventoWebhook).all()
    assert (evento.loja_id, evento.escopo, evento.registro_id, evento.acao, evento.situacao) == (
        loja.id, "order", "1001", "insert", "pendente")
    assert executar_pendentes() >= 1
    db.session.expire_all()
    venda = db.session.query(Venda).one()
    assert venda.pedido_tray_id == "1001" and str(venda.total) == "274.80"
    evento = db.session.get(EventoWebhook, evento.id)
    assert (evento.situacao, evento.resultado) == ("processado", "importado") and evento.processado_em
    assert db.session.query(ImportacaoPedido).one().origem == "webhook"


def test_duplicadas_sao_inofensivas(client, loja, sim):
    automatica(loja)
    assert notificar(client, loja).status_code == 200
    assert notificar(client, loja).status_code == 200
    situacoes = sorted(e.situacao for e in db.session.query(EventoWebhook))
    assert situacoes == ["duplicado", "pendente"]
    executar_pendentes()
    # Outra notificação do mesmo pedido depois de importado: relê, não duplica.
    assert notificar(client, loja, acao="update").status_code == 200
    executar_pendentes()
    db.session.expire_all()
    assert db.session.query(Venda).count() == 1
    ultimo = db.session.query(EventoWebhook).order_by(EventoWebhook.id.desc()).first()
    assert (ultimo.situacao, ultimo.resultado) == ("processado", "ja_importado")
    assert sim.caminhos().count("/orders/1001/complete") == 2


def test_importacao_automatica_desligada_so_registra(client, loja, sim):
    resposta = notificar(client, loja)
    assert resposta.status_code == 200
    assert executar_pendentes() == 0
    evento = db.session.query(EventoWebhook).one()
    assert evento.situacao == "ignorado" and "desligada" in evento.mensagem
    assert db.session.query(Venda).count() == 0


def test_outros_escopos_nao_importam(client, loja, sim):
    automatica(loja)
    assert notificar(client, loja, pedido="7", escopo="customer", acao="update").status_code == 200
    assert executar_pendentes() == 0
    assert db.session.query(EventoWebhook).one().situacao == "ignorado"


def test_pedido_cancelado_na_tray_cancela_a_venda_e_devolve_estoque(client, loja, sim):
    automatica(loja)
    importar_pedido(loja, "1001")
    sim.alterar_pedido("1001", {"status": "CANCELADO"})
    assert notificar(client, loja, acao="update").status_code == 200
    executar_pendentes()
    db.session.expire_all()
    venda = db.session.query(Venda).one()
    assert (venda.situacao, venda.status_tray) == ("cancelado", "CANCELADO")
    devolucao = db.session.query(MovimentoEstoque).filter_by(motivo="cancelamento").one()
    assert devolucao.novo - devolucao.anterior == 2 and devolucao.referencia == f"Venda {venda.id}"


def test_notificacao_enviada_pelo_simulador(app, servidor_vivo, tray_sim_factory):
    simulador = tray_sim_factory(dados.semente(), webhook_url=f"{servidor_vivo}{caminho()}")
    loja = conectar(app, simulador)
    automatica(loja)
    novo = dados.semente()["orders"][0]["Order"]
    novo["id"] = "5001"
    resposta = requests.post(f"{simulador.url_base}/_sandbox/orders", json={"Order": novo}, timeout=5)
    assert resposta.status_code == 201, resposta.text
    assert simulador.estado.notificador.aguardar(10)
    [entrega] = simulador.estado.notificador.log()
    assert (entrega["status"], entrega["scope_id"], entrega["act"]) == (200, "5001", "insert")
    executar_pendentes()
    db.session.expire_all()
    assert [v.pedido_tray_id for v in db.session.query(Venda)] == ["5001"]


def test_tray_fora_do_ar_reagenda_o_evento(client, loja, sim):
    from erp.tarefas.fila import huey
    from erp.pedidos import webhooks

    automatica(loja)
    sim.falhar("500", quantidade=50, prefixo="/web_api/orders/1001")
    assert notificar(client, loja).status_code == 200
    executar_pendentes()
    db.session.expire_all()
    evento = db.session.query(EventoWebhook).one()
    assert (evento.situacao, evento.tentativas, evento.resultado) == ("pendente", 1, "falhou")
    assert len(huey.scheduled()) >= 1  # nova tentativa agendada (a Tray não reenvia: recebeu 200)
    assert db.session.query(Venda).count() == 0
    requests.delete(f"{sim.url_base}/_sandbox/falhas", timeout=5)
    assert webhooks.processar(evento.id) is None
    db.session.expire_all()
    evento = db.session.get(EventoWebhook, evento.id)
    assert (evento.situacao, evento.tentativas, evento.resultado) == ("processado", 2, "importado")
    assert db.session.query(Venda).count() == 1


def test_uma_so_notificacao_de_cada_pedido_na_fila_pelo_banco(client, loja):
    from sqlalchemy.exc import IntegrityError

    automatica(loja)
    assert notificar(client, loja).status_code == 200
    [evento] = db.session.query(EventoWebhook).all()
    assert (evento.situacao, evento.chave_fila) == ("pendente", "1001")
    db.session.add(EventoWebhook(loja_id=loja.id, seller_id=loja.usuario, escopo="order", registro_id="1001",
                                 acao="update", situacao="pendente", chave_fila="1001"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    # Fora da fila (chave vazia), quantas quiser.
    for _ in range(2):
        db.session.add(EventoWebhook(loja_id=loja.id, seller_id=loja.usuario, escopo="order", registro_id="1001",
                                     acao="update", situacao="processado"))
    db.session.commit()


def test_a_mesma_notificacao_e_processada_uma_vez(client, loja, sim):
    from erp.pedidos import webhooks

    automatica(loja)
    notificar(client, loja)
    evento = db.session.query(EventoWebhook).one()
    assert webhooks.processar(evento.id) is None
    assert webhooks.processar(evento.id) is None  # já tomada: nada a fazer
    db.session.expire_all()
    evento = db.session.get(EventoWebhook, evento.id)
    assert (evento.situacao, evento.tentativas, evento.chave_fila) == ("processado", 1, None)
    assert sim.caminhos().count("/orders/1001/complete") == 1


def test_de_volta_a_fila_onde_outra_do_mesmo_pedido_ja_espera_fica_duplicada(client, loja):
    from erp.pedidos import webhooks

    automatica(loja)
    notificar(client, loja)
    primeira = db.session.query(EventoWebhook).one().id
    assert webhooks._tomar(primeira)  # a primeira está sendo processada: a chave do pedido fica livre
    notificar(client, loja, acao="update")
    segunda = db.session.query(EventoWebhook).filter(EventoWebhook.id != primeira).one()
    assert (segunda.situacao, segunda.chave_fila) == ("pendente", "1001")
    assert webhooks._voltar_para_a_fila(primeira) is None  # a Tray falhou, mas a segunda fará o trabalho
    db.session.expire_all()
    evento = db.session.get(EventoWebhook, primeira)
    assert (evento.situacao, evento.mensagem, evento.chave_fila) == ("duplicado", webhooks.JA_NA_FILA, None)
    assert db.session.get(EventoWebhook, segunda.id).situacao == "pendente"


def test_tela_de_lojas_mostra_o_endereco_ao_administrador(logado):
    from erp.pedidos.webhooks import segredo_do_webhook

    html = logado.get("/lojas/").get_data(as_text=True)
    assert f"/webhooks/tray/{segredo_do_webhook()}" in html and 'id="endereco-notificacoes"' in html


def _leituras(sim, pedido="1001") -> int:
    return sim.caminhos().count(f"/orders/{pedido}/complete")


def test_vinte_notificacoes_do_mesmo_pedido_uma_leitura(client, loja, sim):
    automatica(loja)
    for _ in range(20):
        assert notificar(client, loja, acao="update").status_code == 200
    executar_pendentes()
    assert _leituras(sim) == 1
    situacoes = sorted(e.situacao for e in db.session.query(EventoWebhook))
    assert situacoes == ["duplicado"] * 19 + ["processado"]


def test_rajada_durante_a_leitura_custa_uma_leitura_a_mais(client, loja, sim):
    from erp.pedidos import webhooks

    automatica(loja)
    notificar(client, loja)
    primeira = db.session.query(EventoWebhook).one().id
    assert webhooks._tomar(primeira)  # um trabalhador começou a ler o pedido
    for _ in range(19):
        notificar(client, loja, acao="update")
    executar_pendentes()
    assert _leituras(sim) == 1  # as 19 chegaram depois do começo da leitura: uma leitura a mais, não 19


def test_nova_tentativa_coberta_por_leitura_posterior_nao_le_de_novo(client, loja, sim):
    from erp.pedidos import webhooks

    automatica(loja)
    notificar(client, loja)
    primeira = db.session.query(EventoWebhook).one().id
    assert webhooks._tomar(primeira)
    notificar(client, loja, acao="update")
    segunda = db.session.query(EventoWebhook).filter(EventoWebhook.id != primeira).one().id
    assert webhooks.processar(segunda) is None  # leu o pedido (depois de a primeira chegar)
    assert _leituras(sim) == 1
    # A primeira falhou na Tray e volta à fila: a leitura da segunda, posterior, já vale por ela.
    assert webhooks._voltar_para_a_fila(primeira) is not None
    assert webhooks.processar(primeira) is None
    db.session.expire_all()
    evento = db.session.get(EventoWebhook, primeira)
    assert evento.situacao == "duplicado" and f"notificação nº {segunda}" in evento.mensagem
    assert _leituras(sim) == 1


def test_rajada_de_pedidos_diferentes_gasta_so_o_orcamento_da_loja(app, client, tray_sim_factory):
    from erp.tarefas.fila import huey

    simulador = tray_sim_factory(dados.semente(pedidos_extras=8))
    loja = conectar(app, simulador)
    automatica(loja)
    app.config["PEDIDOS_NOTIFICACOES_POR_MINUTO"] = 5
    pedidos = ["1001", "1002", "1003"] + [str(n) for n in range(2001, 2008)]
    for pedido in pedidos:
        assert notificar(client, loja, pedido=pedido).status_code == 200
    executar_pendentes()
    lidos = [c for c in requests.get(f"{simulador.url_base}/_sandbox/requests", timeout=5).json()["requests"]
             if c["path"].endswith("/complete")]
    assert len(lidos) == 5  # o resto do limite da Tray fica para as telas e a importação
    db.session.expire_all()
    pendentes = db.session.query(EventoWebhook).filter_by(situacao="pendente").all()
    assert len(pendentes) == 5 and all(e.tentativas == 0 for e in pendentes)
    # Nada se perde: cada uma espera a vez na fila, para daqui a (até) um minuto.
    assert len([t for t in huey.scheduled() if t.name.endswith("processar_notificacao")]) == 5


def test_falha_passageira_tenta_de_novo_em_30s_2min_10min(client, loja, sim):
    from erp.pedidos import webhooks

    automatica(loja)
    sim.falhar("500", quantidade=1000, prefixo="/web_api/orders/1001")
    notificar(client, loja)
    evento_id = db.session.query(EventoWebhook).one().id
    esperas = []
    for _ in range(4):
        esperas.append(webhooks.processar(evento_id))
    assert esperas == [30.0, 120.0, 600.0, None]
    db.session.expire_all()
    evento = db.session.get(EventoWebhook, evento_id)
    assert (evento.situacao, evento.tentativas) == ("falhou", 4)
    registro = db.session.query(ImportacaoPedido).one()
    assert registro.resultado == "falhou" and "500" in registro.motivo


def test_notificacao_presa_em_processando_volta_a_fila(app, client, loja, sim):
    from datetime import timedelta

    from erp.comum.modelos import agora
    from erp.pedidos import webhooks

    automatica(loja)
    notificar(client, loja)
    evento_id = db.session.query(EventoWebhook).one().id
    assert webhooks._tomar(evento_id)  # o trabalhador tomou a notificação e morreu
    assert webhooks.recuperar_presas(600) == []  # ainda dentro do prazo
    evento = db.session.get(EventoWebhook, evento_id)
    evento.tomado_em = agora() - timedelta(minutes=11)
    db.session.commit()
    assert webhooks.recuperar_presas(600) == [evento_id]
    db.session.expire_all()
    evento = db.session.get(EventoWebhook, evento_id)
    assert (evento.situacao, evento.chave_fila, evento.mensagem) == ("pendente", "1001", webhooks.MSG_PRESA)
    executar_pendentes()  # a varredura a pôs na fila de novo
    db.session.expire_all()
    assert db.session.get(EventoWebhook, evento_id).situacao == "processado"
    assert db.session.query(Venda).one().pedido_tray_id == "1001"


def test_presa_sem_tentativas_falha_com_o_que_fazer(client, loja):
    from datetime import timedelta

    from erp.comum.modelos import agora
    from erp.pedidos import webhooks

    automatica(loja)
    notificar(client, loja)
    evento = db.session.query(EventoWebhook).one()
    evento.situacao, evento.chave_fila = "processando", None
    evento.tentativas, evento.tomado_em = webhooks.tentativas_maximas(), agora() - timedelta(hours=1)
    db.session.commit()
    assert webhooks.recuperar_presas(600) == []
    db.session.expire_all()
    evento = db.session.get(EventoWebhook, evento.id)
    assert evento.situacao == "falhou" and "Importar Pedidos" in evento.mensagem


def test_campos_da_notificacao_limpos(client, loja):
    automatica(loja)
    resposta = client.post(caminho(), data={"seller_id": loja.usuario, "scope_id": "10\u202e01", "act": "upd\x00ate",
                                            "scope_name": "product", "app_code": "7" * 200})
    assert resposta.status_code == 200
    evento = db.session.query(EventoWebhook).one()
    assert (evento.registro_id, evento.acao, len(evento.app_code)) == ("1001", "update", 60)


def test_corpo_json_que_nao_e_objeto_recebe_200(client, loja):
    assert client.post(caminho(), json=[1, 2, 3]).status_code == 200
    assert client.post(caminho(), json="texto").status_code == 200
    assert db.session.query(EventoWebhook).count() == 0
