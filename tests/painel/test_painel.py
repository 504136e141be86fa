"""Painel inicial: contadores, gráficos dos 30 dias, primeiros passos e o selo do ambiente."""
from datetime import date, datetime, timedelta

from freezegun import freeze_time

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


def test_graficos_pelo_dia_de_brasilia(app):
    """A venda das 22:30 de 04/12 (01:30 de 05/12 em UTC) é de 04/12, e "hoje" às 22:40 ainda é 04/12."""
    from tests.painel.dados import criar_vendas

    criar_vendas([datetime(2026, 12, 5, 1, 30), datetime(2026, 12, 4, 2, 59), datetime(2026, 12, 4, 3, 0)])
    with freeze_time("2026-12-05 01:40:00"):
        series = services.graficos()
    assert series["dias"][-1] == "04/12"
    assert series["vendas"][-1] == 2  # 04/12 00:00 e 22:30 de Brasília
    assert series["vendas"][-2] == 1  # 03/12 23:59 de Brasília


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


def test_contador_de_estoque_diferente_na_tray_leva_a_tela_da_diferenca(app, logado):
    from erp.extensions import db
    from erp.lojas_virtuais.models import LojaVirtual
    from erp.produtos.models import DiferencaEstoque, Produto

    loja = LojaVirtual(nome="Loja", usuario="1", site="https://loja.example.com.br/web_api")
    produto = Produto(referencia="P1", nome="Panela", preco=10)
    db.session.add_all([loja, produto])
    db.session.flush()
    for chave, situacao in (("p1", "aberta"), ("p2", "resolvida")):
        db.session.add(DiferencaEstoque(loja_id=loja.id, chave=chave, produto_id=produto.id, tray_id="9",
                                        estoque_erp=3, estoque_tray=5, origem="comparacao", situacao=situacao))
    db.session.commit()
    contador = next(c for c in services.contadores() if c.chave == "estoque_diferente")
    assert contador.valor == 1 and logado.get(contador.url).status_code == 200
    assert 'data-contador="estoque_diferente"' in logado.get("/").get_data(as_text=True)
