"""Cliente da Tray contra o simulador: páginas, repetições sem efeito duplicado e erros tipados."""
import logging
import time

import pytest
import requests

from erp.lojas_virtuais.tray import erros
from erp.lojas_virtuais.tray.client import ClienteTray, cliente_da_loja
from erp.lojas_virtuais.tray.limitador import chave_da_loja, limitador_da_loja


@pytest.fixture
def sim_paginas(app, tray_sim_factory):
    from erp.sandbox.tray.semente import semente_minima
    from tests.lojas_virtuais.conftest import Sim

    simulador = tray_sim_factory(seed=semente_minima(pedidos_extras=8))  # 12 pedidos
    app.config.update(TRAY_CONSUMER_KEY=simulador.consumer_key, TRAY_CONSUMER_SECRET=simulador.consumer_secret)
    return Sim(simulador)


def test_pagina_unica_desembrulha_itens(loja, sim):
    itens, paging = cliente_da_loja(loja).listar_pagina("/orders/statuses", "OrderStatus", limite=50)
    assert {i["status"] for i in itens} >= {"A ENVIAR", "ENVIADO", "CANCELADO"}
    assert all("OrderStatus" not in i for i in itens)
    assert paging["total"] == len(itens) and paging["page"] == 1


def test_paginar_percorre_todas_as_paginas(sim_paginas):
    from erp.lojas_virtuais import services

    loja = services.conectar_loja(sim_paginas.store_id, sim_paginas.url_api, sim_paginas.code)
    sim_paginas.limpar_log()
    pedidos = list(cliente_da_loja(loja).paginar("/orders", "Order", limite=5))
    ids = [p["id"] for p in pedidos]
    assert len(ids) == 12 and len(set(ids)) == 12
    paginas = [r["query"]["page"] for r in sim_paginas.log() if r["path"] == "/web_api/orders"]
    assert paginas == ["1", "2", "3"]  # parou pelo total, sem pedir uma 4ª página vazia


def test_paginar_com_filtro_e_lista_vazia(loja, sim):
    cliente = cliente_da_loja(loja)
    assert [p["id"] for p in cliente.paginar("/orders", "Order", params={"status": "ENVIADO"})] == ["1003"]
    assert list(cliente.paginar("/orders", "Order", params={"status": "NÃO EXISTE"})) == []


def test_get_repete_apos_429_e_500(loja, sim):
    sim.falhar("429", prefixo="/orders", metodo="GET")
    sim.falhar("500", prefixo="/orders", metodo="GET")
    assert cliente_da_loja(loja).get("/orders/1001")["Order"]["id"] == "1001"
    assert sim.chamadas("GET", "/orders") == [("GET", "/orders/1001", 429), ("GET", "/orders/1001", 500),
                                             ("GET", "/orders/1001", 200)]


def test_get_repete_apos_conexao_derrubada_e_json_invalido(loja, sim):
    sim.falhar("desconectar", prefixo="/orders", metodo="GET")
    sim.falhar("json_invalido", prefixo="/orders", metodo="GET")
    assert cliente_da_loja(loja).get("/orders/1002")["Order"]["id"] == "1002"
    assert len(sim.chamadas("GET", "/orders")) == 3


def test_put_de_status_repetido_chega_uma_vez_so(loja, sim):
    sim.falhar("500", prefixo="/orders/1001", metodo="PUT")
    cliente_da_loja(loja).put("/orders/1001", json={"Order": {"status_id": "5"}})
    assert sim.chamadas("PUT") == [("PUT", "/orders/1001", 500), ("PUT", "/orders/1001", 200)]
    emails = [e for e in sim.emails() if e["order_id"] == "1001"]
    assert [e["status"] for e in emails] == ["ENVIADO"]  # um e-mail ao comprador, não dois
    assert cliente_da_loja(loja).get("/orders/1001")["Order"]["status"] == "ENVIADO"


def test_put_nao_idempotente_nao_e_repetido_apos_tempo_esgotado(loja, sim, app):
    """A Tray grava a mudança de status mas a resposta se perde: repetir mandaria outro e-mail."""
    app.config["TRAY_TIMEOUT_LEITURA"] = 0.3
    sim.falhar("lento", prefixo="/orders/1001", metodo="PUT", atraso_s=0.8)
    with pytest.raises(erros.Indisponivel) as erro:
        ClienteTray(loja).put("/orders/1001", json={"Order": {"status_id": "5"}}, idempotente=False)
    assert erro.value.talvez_aplicado
    limite = time.monotonic() + 5
    while not [e for e in sim.emails() if e["order_id"] == "1001"] and time.monotonic() < limite:
        time.sleep(0.05)
    assert len(sim.chamadas("PUT", "/orders/1001")) == 1
    assert [e["status"] for e in sim.emails() if e["order_id"] == "1001"] == ["ENVIADO"]


def _produtos(sim) -> int:
    return int(requests.get(f"{sim.url_api}/products", timeout=5).json()["paging"]["total"])


def test_post_nao_e_repetido_apos_500(loja, sim):
    antes = _produtos(sim)
    sim.falhar("500", prefixo="/products", metodo="POST")
    with pytest.raises(erros.Indisponivel) as erro:
        cliente_da_loja(loja).post("/products", json={"Product": {"name": "Caneca", "price": "30.00"}})
    assert erro.value.talvez_aplicado and str(erro.value) == "Loja Tray indisponível (erro 500)"
    assert sim.chamadas("POST") == [("POST", "/products", 500)]
    assert _produtos(sim) == antes


def test_post_nao_e_repetido_apos_tempo_esgotado(loja, sim, app):
    app.config["TRAY_TIMEOUT_LEITURA"] = 0.3
    antes = _produtos(sim)
    sim.falhar("lento", prefixo="/products", metodo="POST", atraso_s=0.8)
    with pytest.raises(erros.Indisponivel) as erro:
        ClienteTray(loja).post("/products", json={"Product": {"name": "Caneca", "price": "30.00"}})
    assert str(erro.value) == "Loja Tray indisponível (tempo esgotado)" and erro.value.talvez_aplicado
    limite = time.monotonic() + 5
    while _produtos(sim) == antes and time.monotonic() < limite:  # a Tray grava depois que desistimos
        time.sleep(0.05)
    assert _produtos(sim) == antes + 1  # um produto, nunca dois
    assert len(sim.chamadas("POST", "/products")) == 1


def test_post_nao_e_repetido_apos_conexao_derrubada(loja, sim):
    sim.falhar("desconectar", prefixo="/products", metodo="POST")
    with pytest.raises(erros.Indisponivel) as erro:
        cliente_da_loja(loja).post("/products", json={"Product": {"name": "Caneca", "price": "30.00"}})
    assert erro.value.talvez_aplicado
    assert len(sim.chamadas("POST", "/products")) == 1


def test_post_repete_apos_429(loja, sim):
    antes = _produtos(sim)
    sim.falhar("429", prefixo="/products", metodo="POST")
    corpo = cliente_da_loja(loja).post("/products", json={"Product": {"name": "Caneca", "price": "30.00"}})
    assert corpo["message"] == "Created" and corpo["id"]
    assert sim.chamadas("POST") == [("POST", "/products", 429), ("POST", "/products", 201)]
    assert _produtos(sim) == antes + 1


def test_post_repete_quando_a_conexao_nem_abriu(loja, caplog):
    from tests.util import porta_livre

    loja.site = f"http://127.0.0.1:{porta_livre()}/web_api"  # nada escutando: conexão recusada
    cliente = ClienteTray(loja, tentativas=3)
    with caplog.at_level(logging.WARNING, logger="erp.lojas_virtuais.tray"):
        with pytest.raises(erros.Indisponivel) as erro:
            cliente.post("/products", json={"Product": {"name": "Caneca", "price": "30.00"}})
    assert str(erro.value) == "Loja Tray indisponível (conexão recusada)" and not erro.value.talvez_aplicado
    assert len([r for r in caplog.records if "POST /products" in r.getMessage()]) == 3


def test_json_invalido_persistente_vira_indisponivel(loja, sim):
    sim.falhar("json_invalido", quantidade=10, prefixo="/orders", metodo="GET")
    with pytest.raises(erros.Indisponivel) as erro:
        ClienteTray(loja, tentativas=3).get("/orders")
    assert str(erro.value) == "Loja Tray indisponível (resposta inválida)"
    assert len(sim.chamadas("GET", "/orders")) == 3  # tentativas limitadas


def test_500_persistente_e_429_persistente(loja, sim):
    sim.falhar("500", quantidade=10, prefixo="/orders/1001", metodo="GET")
    with pytest.raises(erros.Indisponivel, match=r"^Loja Tray indisponível \(erro 500\)$"):
        ClienteTray(loja, tentativas=2).get("/orders/1001")
    sim.falhar("429", quantidade=10, prefixo="/orders/1002", metodo="GET")
    with pytest.raises(erros.LimiteExcedido) as erro:
        ClienteTray(loja, tentativas=2).get("/orders/1002")
    assert str(erro.value) == "Limite de requisições da Tray excedido; tente em instantes."


def test_tempo_esgotado_em_get_repete(loja, sim, app):
    app.config["TRAY_TIMEOUT_LEITURA"] = 0.3
    sim.falhar("lento", prefixo="/orders/1001", metodo="GET", atraso_s=0.8)
    assert ClienteTray(loja).get("/orders/1001")["Order"]["id"] == "1001"
    sim.falhar("lento", quantidade=5, prefixo="/orders/1001", metodo="GET", atraso_s=0.6)
    with pytest.raises(erros.Indisponivel, match=r"^Loja Tray indisponível \(tempo esgotado\)$"):
        ClienteTray(loja, tentativas=2).get("/orders/1001")


def test_erro_de_validacao_traz_as_causas(loja, sim):
    with pytest.raises(erros.ErroValidacao) as erro:
        cliente_da_loja(loja).post("/products", json={"Product": {"price": "10.00"}})
    assert str(erro.value).startswith("A Tray recusou os dados: name: ")
    assert erro.value.status == 400 and any(c.startswith("name:") for c in erro.value.causas)
    assert sim.chamadas("POST") == [("POST", "/products", 400)]  # erro do cliente: não repete


def test_nao_encontrado(loja, sim):
    with pytest.raises(erros.NaoEncontrado) as erro:
        cliente_da_loja(loja).get("/orders/999999")
    assert str(erro.value).startswith("Não encontrado na Tray: GET /orders/999999")
    assert erro.value.status == 404 and len(sim.chamadas("GET", "/orders")) == 1


def test_mensagens_padrao_em_portugues():
    assert str(erros.ErroAutenticacao()) == "Credenciais recusadas pela Tray: reconecte a loja."
    assert str(erros.LimiteExcedido()) == "Limite de requisições da Tray excedido; tente em instantes."
    assert str(erros.ErroValidacao.das_causas(["name: obrigatório"])) == "A Tray recusou os dados: name: obrigatório"
    for classe in (erros.ErroAutenticacao, erros.NaoEncontrado, erros.ErroValidacao, erros.LimiteExcedido,
                   erros.Indisponivel, erros.LojaPausada, erros.EnderecoInvalido):
        assert issubclass(classe, erros.ErroTray)


def test_registro_das_requisicoes_sem_token(loja, sim, caplog):
    with caplog.at_level(logging.INFO, logger="erp.lojas_virtuais.tray"):
        cliente_da_loja(loja).get("/orders", params={"limit": 1})
    linhas = [r.getMessage() for r in caplog.records]
    assert any(l.startswith("Tray GET /orders -> 200 em ") and " ms " in l for l in linhas)
    assert all(loja.access_token not in l and loja.refresh_token not in l for l in linhas)


def test_clientes_da_mesma_loja_dividem_sessao_e_limitador(loja, sim):
    a, b = cliente_da_loja(loja), cliente_da_loja(loja)
    assert a is b
    outro = ClienteTray(loja)
    assert outro.transporte.limitador is a.transporte.limitador
    assert a.transporte.limitador is limitador_da_loja(chave_da_loja(loja.site, loja.usuario))


def test_paginar_respeita_o_limite_maximo_da_tray(app, tray_sim_factory):
    from erp.lojas_virtuais import services
    from erp.sandbox.tray.semente import semente_minima
    from tests.lojas_virtuais.conftest import Sim

    sim = Sim(tray_sim_factory(seed=semente_minima(pedidos_extras=56)))  # 60 pedidos
    loja = services.conectar_loja(sim.store_id, sim.url_api, sim.code, consumer_key=sim.consumer_key,
                                  consumer_secret=sim.s.consumer_secret)
    sim.limpar_log()
    ids = [p["id"] for p in cliente_da_loja(loja).paginar("/orders", "Order", limite=100)]
    assert len(ids) == 60 == len(set(ids))
    assert [r["query"]["page"] for r in sim.log()] == ["1", "2"]  # a Tray devolve no máximo 50 por página


def test_itens_da_lista_aceita_envelopes_variados():
    from erp.lojas_virtuais.tray.client import itens_da_lista

    assert itens_da_lista({"Categories": [{"Category": {"id": "1"}}]}, "Category") == [{"id": "1"}]
    assert itens_da_lista({"OrderStatuses": [{"OrderStatus": {"id": "4"}}]}, "OrderStatus") == [{"id": "4"}]
    assert itens_da_lista({"sort": [], "Coisas": [{"id": "9"}]}, "Coisa") == [{"id": "9"}]
    assert itens_da_lista({"paging": {}, "Orders": []}, "Order") == []
