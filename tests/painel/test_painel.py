"""Painel inicial: contadores, gráficos dos 30 dias, primeiros passos e o selo do ambiente."""
from datetime import date, datetime, timedelta

from erp.extensions import db
from erp.painel import services


def test_painel_vazio_mostra_os_primeiros_passos(logado):
    html = logado.get("/").get_data(as_text=True)
    assert 'id="primeiros-passos"' in html and "falta" in html
    for chave in ("loja", "empresa", "certificado", "ambiente", "retorno"):
        assert f'data-passo="{chave}" data-feito="nao"' in html
    assert 'data-contador="a_faturar"' in html
    assert "selo-ambiente" not in html  # sem empresa, sem selo


def test_graficos_contam_por_dia(app):
    from tests.painel.dados import criar_vendas

    hoje = date(2026, 12, 4)
    criar_vendas([datetime(2026, 12, 4, 10), datetime(2026, 12, 4, 15), datetime(2026, 11, 20, 9),
                  datetime(2026, 10, 1, 9)])
    series = services.graficos(hoje)
    assert len(series["dias"]) == 30 and series["dias"][-1] == "04/12" and series["dias"][0] == "05/11"
    assert series["vendas"][-1] == 2 and sum(series["vendas"]) == 3  # a de outubro fica de fora
    assert series["vendas"][series["dias"].index("20/11")] == 1


def test_contador_de_vendas_a_faturar_leva_a_emitir(app, logado):
    from tests.painel.dados import criar_vendas

    criar_vendas([datetime.now() - timedelta(hours=1)] * 3)
    contador = next(c for c in services.contadores() if c.chave == "a_faturar")
    assert contador.valor == 3 and contador.url == "/nfe/emitir"
    assert logado.get(contador.url).status_code == 200
    for c in services.contadores():
        assert logado.get(c.url).status_code == 200, c.url


def test_favicon(client):
    resposta = client.get("/favicon.ico")
    assert resposta.status_code == 200 and resposta.mimetype == "image/svg+xml" and b"<svg" in resposta.data
