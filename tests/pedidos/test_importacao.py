"""Importação de pedidos contra o simulador da Tray (HTTP de verdade)."""
from decimal import Decimal

import pytest
import requests
from sqlalchemy.exc import IntegrityError

from erp.extensions import db
from erp.pedidos.importacao import importar_lote, importar_pedido
from erp.pedidos.models import ImportacaoPedido
from erp.produtos.models import MovimentoEstoque, Produto, ProdutoLoja, Variacao, VariacaoLoja
from erp.vendas.consultas import pendencias
from erp.vendas.models import Cliente, ClienteLoja, Venda
from tests.pedidos import dados
from tests.pedidos.ajuda import Sim, conectar

D = Decimal


def venda(pedido: str) -> Venda:
    return db.session.query(Venda).filter_by(pedido_tray_id=pedido).one()


def completo(sim: Sim, pedido: str, token_de) -> dict:
    return requests.get(f"{sim.url_api}/orders/{pedido}/complete", params={"access_token": token_de.access_token},
                        timeout=5).json()["Order"]


def test_importa_clientes_produtos_e_vendas_com_os_valores_da_tray(app, loja, sim):
    # A loja escolheu importar também quem aguarda pagamento (1004): uma decisão dela, não o padrão.
    loja.status_importaveis = ["AGUARDANDO PAGAMENTO", "A ENVIAR", "ENVIADO"]
    db.session.commit()
    resultados = importar_lote(loja, ["1001", "1002", "1003", "1004"], "manual")
    assert [(r.pedido_tray, r.resultado) for r in resultados] == [
        ("1001", "importado"), ("1002", "importado"), ("1003", "importado"), ("1004", "importado")]
    # Uma requisição por pedido: só o pedido completo.
    assert sorted(sim.caminhos()) == [f"/orders/{i}/complete" for i in ("1001", "1002", "1003", "1004")]

    for pedido in ("1001", "1002", "1003", "1004"):
        tray = completo(sim, pedido, loja)
        v = venda(pedido)
        assert v.total == D(tray["total"])
        assert v.total_produtos - v.desconto + v.frete + v.outras_despesas == v.total
        assert v.situacao == "pronto_para_faturar" and v.status_tray == tray["status"]
        assert isinstance(v.total, Decimal)

    v = venda("1001")
    assert (v.total_produtos, v.desconto, v.frete, v.outras_despesas, v.total) == (
        D("259.80"), D("10.00"), D("25.00"), D("0.00"), D("274.80"))
    [i] = v.itens
    assert (i.referencia, i.quantidade, i.valor_unitario, i.desconto, i.tray_produto_id) == (
        "CHA-2L", D("2"), D("129.90"), D("10.00"), "501")
    assert [(p.tpag, p.valor, p.parcelas) for p in v.pagamentos] == [("17", D("274.80"), 1)]
    assert (v.origem, v.marketplace_nome, v.uf, v.municipio_ibge, v.cep) == (
        "Loja virtual", None, "SP", "3550308", "05435000")
    c = v.cliente
    assert (c.nome, c.tipo_pessoa, c.cpf_cnpj, c.indicador_ie, c.email, c.municipio_ibge) == (
        "Carla Nogueira", "F", "52998224725", 9, "carla@example.com", "3550308")

    pj = venda("1002")
    assert (pj.total_produtos, pj.frete, pj.outras_despesas, pj.total) == (
        D("946.00"), D("48.50"), D("42.45"), D("1036.95"))
    assert (pj.cliente.tipo_pessoa, pj.cliente.cpf_cnpj, pj.cliente.ie, pj.cliente.indicador_ie,
            pj.cliente.municipio_ibge) == ("J", "11222333000181", "110042490114", 1, "3509502")
    assert [(p.tpag, p.parcelas) for p in pj.pagamentos] == [("03", 6)]

    ml = venda("1003")
    assert (ml.origem, ml.marketplace_nome, ml.marketplace_cnpj, ml.marketplace_pedido_id,
            ml.pagamento_intermediador_cnpj) == ("MERCADO LIVRE", "MERCADO LIVRE", "03007331000141",
                                                 "2000004567812345", "10573521000191")
    assert ml.cliente.municipio_ibge == "3106200"

    # A mesma pessoa (mesmo CPF) em dois pedidos é um cliente só, vinculado ao id dela na Tray.
    assert db.session.query(Cliente).count() == 3
    assert venda("1004").cliente_id == v.cliente_id
    assert {(l.tray_id, l.cliente_id) for l in db.session.query(ClienteLoja)} == {
        ("7", v.cliente_id), ("8", pj.cliente_id), ("9", ml.cliente_id)}


def test_produtos_criados_com_vinculo_e_estoque_movimentado(app, loja, sim):
    importar_lote(loja, ["1001", "1002", "1004"], "manual")
    chaleira = db.session.query(Produto).filter_by(referencia="CHA-2L").one()
    assert (chaleira.ncm, chaleira.preco, chaleira.pendencias) == ("73239300", D("129.90"), [])
    panela = db.session.query(Produto).filter_by(referencia="PAN-45").one()
    assert panela.ean == "7891234567895"
    pano = db.session.query(Variacao).filter_by(referencia="PANO-AZUL").one()
    assert (pano.tipo_1, pano.valor_1) == ("Cor", "Azul")
    vinculos = {(v.tray_id, v.produto.referencia) for v in db.session.query(ProdutoLoja).filter_by(loja_id=loja.id)}
    assert vinculos == {("501", "CHA-2L"), ("503", "PAN-45"), ("502", pano.produto.referencia)}
    assert [(v.tray_id, v.variacao_id) for v in db.session.query(VariacaoLoja)] == [("880", pano.id)]
    movimentos = db.session.query(MovimentoEstoque).filter_by(motivo="venda").all()
    por_item = {(m.produto_id, m.variacao_id): m for m in movimentos if m.referencia == f"Venda {venda('1002').id}"}
    assert por_item[(panela.id, None)].novo - por_item[(panela.id, None)].anterior == -3
    assert por_item[(pano.produto_id, pano.id)].novo - por_item[(pano.produto_id, pano.id)].anterior == -10


def test_produto_criado_pela_importacao_nao_escreve_estoque_na_tray(app, loja, sim):
    """O estoque de quem a importação cadastrou não é do ERP: as vendas o movimentam aqui, mas nada vai à loja
    (senão o 0 de mentira menos a venda apagaria o estoque de verdade da Tray)."""
    from erp.produtos.models import EstoquePendente
    from erp.tarefas.fila import executar_pendentes

    importar_lote(loja, ["1001", "1002"], "manual")
    criados = db.session.query(Produto).all() + db.session.query(Variacao).all()
    assert criados and not any(item.estoque_definido for item in criados)
    assert db.session.query(MovimentoEstoque).filter_by(motivo="venda").count() >= 3
    assert db.session.query(EstoquePendente).count() == 0
    executar_pendentes()
    # Só leituras: o nome, a referência e a descrição de cada produto novo (uma vez cada); nenhuma escrita.
    produtos = [(r["method"], r["path"].removeprefix("/web_api")) for r in sim.requisicoes()
                if r["path"].removeprefix("/web_api").startswith("/products")]
    assert sorted(produtos) == [("GET", "/products/501"), ("GET", "/products/502"), ("GET", "/products/503")]
    assert not [c for c in sim.caminhos() if "stock" in c]
    assert not [r for r in sim.requisicoes() if r["method"] in ("PUT", "POST")]


def test_reimportar_responde_ja_importado_sem_duplicar_nem_consultar_a_tray(app, loja, sim):
    importar_lote(loja, ["1001", "1002"], "manual")
    sim.limpar_requisicoes()
    resultados = importar_lote(loja, ["1002", "1001", "1003"], "tarefa")
    assert [(r.pedido_tray, r.resultado) for r in resultados] == [
        ("1002", "ja_importado"), ("1001", "ja_importado"), ("1003", "importado")]
    assert resultados[0].venda == venda("1002").id and "Já importado" in resultados[0].motivo
    assert sim.caminhos() == ["/orders/1003/complete"]
    assert db.session.query(Venda).count() == 3
    linha = db.session.query(ImportacaoPedido).filter_by(pedido_tray_id="1002").one()
    assert (linha.resultado, linha.tentativas, linha.origem) == ("ja_importado", 2, "tarefa")


def test_restricao_unica_no_banco(app, loja, sim):
    importar_pedido(loja, "1001")
    original = venda("1001")
    db.session.add(Venda(loja_id=loja.id, pedido_tray_id="1001", cliente_id=original.cliente_id,
                         data_pedido=original.data_pedido))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def _semente_com_defeitos():
    sem_doc = dados.cliente("20", "Sem Documento")
    cpf_ruim = dados.cliente("21", "CPF Errado", cpf="52998224724")
    cidade_ruim = dados.cliente("22", "Cidade Errada", cpf="39053344705", cidade="Atlântida do Sul")
    pj_alfa = dados.cliente("23", "Empresa Nova Ltda", cnpj="12.ABC.345/01DE-35", cidade="SAO PAULO")
    sem_ncm = dados.produto("504", "Caneca sem NCM", "CAN-1", "30.00")
    caneca = dados.item("504", "Caneca sem NCM", "CAN-1", "30.00", 2)
    return dados.semente(
        clientes=[sem_doc, cpf_ruim, cidade_ruim, pj_alfa], produtos=[sem_ncm],
        pedidos=[("3001", sem_doc, [dados.CHALEIRA], dados.A_ENVIAR, {}),
                 ("3002", cpf_ruim, [dados.CHALEIRA], dados.A_ENVIAR, {}),
                 ("3003", cidade_ruim, [dados.CHALEIRA], dados.A_ENVIAR, {}),
                 ("3004", pj_alfa, [caneca, dados.CHALEIRA], dados.A_ENVIAR, {"frete": "12.00"}),
                 ("3005", pj_alfa, [dados.CHALEIRA], dados.CANCELADO, {})])


def test_pedidos_com_defeito_falham_com_motivo_e_os_outros_entram(app, tray_sim_factory):
    simulador = tray_sim_factory(_semente_com_defeitos())
    loja = conectar(app, simulador)
    resultados = {r.pedido_tray: r for r in importar_lote(loja, ["3001", "1001", "3002", "3003", "3004", "3005"])}
    assert {p: r.resultado for p, r in resultados.items()} == {
        "3001": "falhou", "1001": "importado", "3002": "falhou", "3003": "falhou", "3004": "importado",
        "3005": "ignorado"}
    assert resultados["3001"].motivo == "Cliente sem CPF/CNPJ."
    assert resultados["3002"].motivo == "CPF 529.982.247-24 inválido (dígitos verificadores não conferem)."
    assert {p: r.acao for p, r in resultados.items() if r.resultado == "falhou"} == dict.fromkeys(
        ("3001", "3002", "3003"), "Corrija na Tray e importe de novo.")
    assert "Atlântida do Sul/SP" in resultados["3003"].motivo and "IBGE" in resultados["3003"].motivo
    assert "cancelado" in resultados["3005"].motivo
    assert {v.pedido_tray_id for v in db.session.query(Venda)} == {"1001", "3004"}
    # Nada ficou pela metade dos pedidos que falharam.
    assert db.session.query(Cliente).filter(Cliente.nome.in_(["Sem Documento", "CPF Errado"])).count() == 0
    log = {l.pedido_tray_id: l for l in db.session.query(ImportacaoPedido)}
    assert log["3002"].resultado == "falhou" and "inválido" in log["3002"].motivo and log["3002"].venda_id is None

    # CNPJ alfanumérico guardado como texto; produto sem NCM criado e marcado; a venda avisa.
    v = venda("3004")
    assert v.cliente.cpf_cnpj == "12ABC34501DE35" and v.cliente.municipio_ibge == "3550308"
    caneca = db.session.query(Produto).filter_by(referencia="CAN-1").one()
    assert caneca.pendencias == ["NCM"] and caneca.ncm is None
    assert pendencias(v) == ["Produto Caneca sem NCM (CAN-1) sem NCM: complete o cadastro antes de faturar."]


def test_status_fora_do_mapa_da_loja_e_ignorado(app, loja, sim):
    loja.status_importaveis = ["A ENVIAR"]
    db.session.commit()
    resultados = importar_lote(loja, ["1001", "1003", "1004"])
    assert [(r.pedido_tray, r.resultado) for r in resultados] == [
        ("1001", "importado"), ("1003", "ignorado"), ("1004", "ignorado")]
    assert resultados[1].motivo == "Status 'ENVIADO' não está entre os que esta loja importa."
    assert resultados[1].acao == "Para importar pedidos neste status, marque-o em Configuração da importação."


def test_sem_status_escolhidos_so_os_pagos_viram_venda(app, loja, sim):
    """Um pedido que aguarda pagamento nunca fica "pronto para faturar" sem uma escolha da loja."""
    assert loja.status_importaveis == []
    resultados = importar_lote(loja, ["1001", "1003", "1004"])
    assert [(r.pedido_tray, r.resultado) for r in resultados] == [
        ("1001", "importado"), ("1003", "importado"), ("1004", "ignorado")]
    assert resultados[2].motivo == ("Pedido aguardando pagamento (AGUARDANDO PAGAMENTO): só os pedidos pagos são "
                                    "importados.")
    assert resultados[2].acao == "Para importar pedidos neste status, marque-o em Configuração da importação."
    assert {v.pedido_tray_id for v in db.session.query(Venda)} == {"1001", "1003"}
    # Marcado o status, entra.
    loja.status_importaveis = ["AGUARDANDO PAGAMENTO", "A ENVIAR"]
    db.session.commit()
    assert importar_lote(loja, ["1004"])[0].resultado == "importado"


def test_status_padrao_sao_os_pagos_pelo_tipo_e_nome():
    from erp.pedidos.configuracao import status_padrao
    from erp.pedidos.consultas_tray import lista_de_status
    from tests.pedidos.ajuda import itens_da_lista, resposta_tray

    status = lista_de_status(itens_da_lista(resposta_tray("status_de_pedido"), "OrderStatuses", "OrderStatus"))
    assert status_padrao(status) == ["A ENVIAR", "ENVIADO", "FINALIZADO"]
    assert status_padrao([{"nome": "PAGAMENTO PENDENTE", "tipo": "open"},
                          {"nome": "EM SEPARAÇÃO", "tipo": "open"},
                          {"nome": "ESPERANDO", "tipo": "open", "descricao": "Aguardando a confirmação do pagamento"},
                          {"nome": "ESTORNADO", "tipo": "canceled"}]) == ["EM SEPARAÇÃO"]


def test_produto_e_cliente_existentes_sao_reaproveitados_e_atualizados(app, loja, sim):
    db.session.add_all([
        Produto(referencia="CHA-2L", nome="Chaleira (cadastro do ERP)", preco=D("120.00"), ncm=None,
                pendencias=["NCM"]),
        Produto(referencia="PANELA-ERP", nome="Panela", ean="7891234567895", preco=D("200.00"), ncm="76151000"),
        Cliente(nome="Carla N.", cpf_cnpj="52998224725", email="antigo@example.com", municipio="x", uf="SP"),
    ])
    db.session.commit()
    importar_lote(loja, ["1001", "1002"])
    assert db.session.query(Produto).filter(Produto.referencia.in_(["CHA-2L", "PANELA-ERP", "PAN-45"])).count() == 2
    chaleira = db.session.query(Produto).filter_by(referencia="CHA-2L").one()
    assert chaleira.nome == "Chaleira (cadastro do ERP)"  # não sobrescreve
    assert (chaleira.ncm, chaleira.pendencias) == ("73239300", [])  # completa o que faltava
    assert venda("1002").itens[0].produto.referencia == "PANELA-ERP"  # casou pelo EAN
    carla = db.session.query(Cliente).filter_by(cpf_cnpj="52998224725").one()
    assert (carla.nome, carla.email, carla.municipio_ibge) == ("Carla Nogueira", "carla@example.com", "3550308")


def test_juros_rateados_nos_itens_quando_a_loja_escolhe(app, loja, sim):
    loja.juros_como = "itens"
    db.session.commit()
    importar_pedido(loja, "1002")
    v = venda("1002")
    assert (v.outras_despesas, v.total_produtos, v.total) == (D("0.00"), D("988.45"), D("1036.95"))
    assert sum(i.total for i in v.itens) == v.total_produtos
    assert v.itens[0].valor_unitario != D("249.00")


def test_total_que_nao_fecha_falha(app, loja, sim):
    errado = dados.semente()["orders"][0]["Order"]
    errado.update(id="4001", total="300.00", validar=False)
    sim.criar_pedido({"Order": errado, "validar": False})
    [resultado] = importar_lote(loja, ["4001"])
    assert resultado.resultado == "falhou" and "não fecha" in resultado.motivo
    assert db.session.query(Venda).count() == 0


def test_pedido_inexistente_e_tray_fora_do_ar(app, loja, sim):
    [inexistente] = importar_lote(loja, ["999999"])
    assert (inexistente.resultado, inexistente.motivo) == ("falhou", "Pedido não encontrado na Tray.")
    sim.falhar("500", quantidade=20, prefixo="/web_api/orders/1001")
    resultados = importar_lote(loja, ["1001", "1002"])
    assert [r.resultado for r in resultados] == ["falhou", "importado"]


def _agendadas(nome="pedidos.tentar_de_novo"):
    """As tarefas com espera (o trabalhador as tira da fila e as guarda até a hora)."""
    from erp.tarefas.fila import executar_pendentes, huey

    executar_pendentes()
    return [t for t in huey.scheduled() if t.name.endswith(nome.split(".")[-1])]


@pytest.mark.parametrize("falha", ["500", "429", "lento"])
def test_falha_passageira_da_tray_volta_sozinha_pela_fila(app, loja, sim, falha):
    from datetime import datetime, timezone

    from erp.pedidos import importacao

    app.config.update(TRAY_JANELA_S=0.3, TRAY_TIMEOUT_LEITURA=0.3)
    requests.post(f"{sim.url_base}/_sandbox/falhas", json={"tipo": falha, "quantidade": 50, "atraso_s": 1.0,
                                                           "prefixo": "/web_api/orders/1001"}, timeout=5)
    [resultado] = importar_lote(loja, ["1001"])
    assert (resultado.resultado, resultado.transitorio) == ("falhou", True)
    assert resultado.acao == "Nova tentativa automática em 30 s."
    registro = db.session.query(ImportacaoPedido).one()
    assert registro.acao == resultado.acao and registro.proxima_tentativa_em is not None
    [agendada] = _agendadas()
    assert agendada.args == (loja.id, "1001", 1)
    faltam = (agendada.eta - datetime.now(timezone.utc).replace(tzinfo=None)).total_seconds()
    assert 20 < faltam <= 31
    # A Tray volta; a fila tenta de novo e importa. Uma segunda execução da mesma tentativa não faz nada.
    requests.delete(f"{sim.url_base}/_sandbox/falhas", timeout=5)
    assert importacao.tentar_de_novo(loja, "1001", 1).resultado == "importado"
    assert importacao.tentar_de_novo(loja, "1001", 1) is None
    db.session.expire_all()
    registro = db.session.query(ImportacaoPedido).one()
    assert (registro.resultado, registro.origem, registro.proxima_tentativa_em) == ("importado", "repeticao", None)


def test_esperas_crescem_e_acabam(app, loja, sim):
    from erp.pedidos import importacao

    sim.falhar("500", quantidade=1000, prefixo="/web_api/orders/1001")
    acoes = [importar_lote(loja, ["1001"], tentativa=n)[0].acao for n in range(4)]
    assert acoes == ["Nova tentativa automática em 30 s.", "Nova tentativa automática em 2 min.",
                     "Nova tentativa automática em 10 min.",
                     "A Tray não respondeu em 4 tentativas: importe de novo mais tarde."]
    assert sorted(t.args[2] for t in _agendadas()) == [1, 2, 3]
    assert db.session.query(ImportacaoPedido).one().proxima_tentativa_em is None
    # Importado à mão no meio do caminho: as tentativas agendadas não fazem mais nada.
    requests.delete(f"{sim.url_base}/_sandbox/falhas", timeout=5)
    assert importar_lote(loja, ["1001"])[0].resultado == "importado"
    sim.limpar_requisicoes()
    assert importacao.tentar_de_novo(loja, "1001", 1) is None and sim.caminhos() == []


def test_falha_que_nao_passa_sozinha_nao_e_repetida(loja, sim):
    [resultado] = importar_lote(loja, ["999999"])
    assert (resultado.motivo, resultado.acao) == ("Pedido não encontrado na Tray.",
                                                  "Confira o número do pedido na Tray.")
    assert _agendadas() == []


def test_textos_gravados_sem_controles_nem_bidi(app, tray_sim_factory):
    estranho = dados.cliente("40", "\u202eodreL\x00 Nome" + "n" * 300, cpf="39053344705")
    estranho["CustomerAddresses"][0]["CustomerAddress"]["recipient"] = "Quem\u2066 Recebe"
    simulador = tray_sim_factory(dados.semente(clientes=[estranho], pedidos=[
        ("3010", estranho, [dados.item("501", "Chaleira\u202e Inox 2 L", "CHA-2L", "129.90", ncm="73239300")],
         dados.A_ENVIAR, {"customer_note": "Portão\x07 azul\u202e"})]))
    loja = conectar(app, simulador)
    assert importar_lote(loja, ["3010"])[0].resultado == "importado"
    v = venda("3010")
    assert v.cliente.nome.startswith("odreL Nome") and len(v.cliente.nome) == 200
    assert (v.destinatario, v.observacao, v.itens[0].descricao) == ("Quem Recebe", "Portão azul", "Chaleira Inox 2 L")
