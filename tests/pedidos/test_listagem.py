"""A tela Importar Pedidos não espera a Tray mais que o prazo: mostra o que o ERP já sabe, com aviso, e a leitura
que terminou depois serve a próxima visita."""
import time

import requests

from erp.extensions import db
from erp.pedidos import listagem
from erp.pedidos.filtros import Filtros
from erp.pedidos.importacao import importar_lote
from tests.pedidos.test_views import linhas, url


def _lenta(sim, atraso_s: float, prefixo: str = "/web_api/orders") -> None:
    resposta = requests.post(f"{sim.url_base}/_sandbox/falhas", json={
        "tipo": "lento", "quantidade": 1, "atraso_s": atraso_s, "prefixo": prefixo, "metodo": "GET"}, timeout=5)
    assert resposta.status_code == 200, resposta.text


def _esperar_leituras() -> None:
    limite = time.monotonic() + 15
    while listagem._em_curso and time.monotonic() < limite:
        time.sleep(0.05)


def test_tray_lenta_mostra_o_que_o_erp_sabe_sem_esperar(app, logado, loja, sim):
    importar_lote(loja, ["1001", "999999"])
    app.config["PEDIDOS_ESPERA_TRAY_S"] = 0.5
    logado.get(url(loja))  # os status da loja ficam no cache
    _lenta(sim, 3.0)
    inicio = time.monotonic()
    html = logado.get(url(loja)).get_data(as_text=True)
    assert time.monotonic() - inicio < 2.5
    assert 'id="aviso-tray"' in html and "demorando a responder" in html
    # Do banco: a venda do 1001 e a falha do 999999, com o motivo e o que fazer.
    assert linhas(html) == ["999999", "1001"]
    assert f'href="/vendas/{db.session.query(listagem.Venda).one().id}"' in html
    falha = html.split('data-pedido="999999"')[1].split("</tr>")[0]
    assert "Pedido não encontrado na Tray." in falha and "Confira o número do pedido na Tray." in falha
    # A leitura seguiu e serve a próxima visita, sem esperar.
    _esperar_leituras()
    sim.limpar_requisicoes()
    html = logado.get(url(loja)).get_data(as_text=True)
    assert 'id="aviso-tray"' not in html and linhas(html) == ["1004", "1003", "1002", "1001"]
    assert "/orders" not in sim.caminhos()


def test_o_que_o_erp_sabe_respeita_os_filtros(app, loja, sim):
    loja.status_importaveis = ["AGUARDANDO PAGAMENTO", "A ENVIAR", "ENVIADO"]
    db.session.commit()
    importar_lote(loja, ["1001", "1002", "1003", "1004"])
    ids = lambda **f: [l.id for l in listagem.pedidos_conhecidos(loja, Filtros(**f)).itens]  # noqa: E731
    assert ids() == ["1004", "1003", "1002", "1001"]
    assert ids(status="A ENVIAR") == ["1002", "1001"]
    assert ids(numero="1003") == ["1003"]
    assert ids(cliente="ferragens") == ["1002"]
    assert ids(cliente="529.982.247-25") == ["1004", "1001"]
    assert ids(situacao="nao_integrado") == []
    pagina = listagem.pedidos_conhecidos(loja, Filtros(limite=3, pagina=9))
    assert (pagina.pagina, [l.id for l in pagina.itens]) == (2, ["1001"])
    assert [s["nome"] for s in listagem.status_conhecidos(loja, Filtros())] == [
        "A ENVIAR", "AGUARDANDO PAGAMENTO", "ENVIADO"]


def test_erro_da_tray_continua_aparecendo(app, logado, loja, sim):
    sim.falhar("500", quantidade=20, prefixo="/web_api/orders")
    html = logado.get(url(loja)).get_data(as_text=True)
    assert 'id="erro-tray"' in html and "indisponível" in html
