"""Tela de vendas: lista com filtros e detalhe com itens, totais, cliente e o vínculo com a Tray."""
import re

from erp.extensions import db
from erp.pedidos.importacao import importar_lote
from erp.vendas.models import Venda


def pedidos_na_lista(html: str) -> list[str]:
    ids = re.findall(r'<tr data-venda="(\d+)"', html)
    return [db.session.get(Venda, int(i)).pedido_tray_id for i in ids]


def test_lista_e_filtros(logado, loja, sim):
    importar_lote(loja, ["1001", "1002", "1003", "1004"])
    db.session.query(Venda).filter_by(pedido_tray_id="1003").one().situacao = "cancelado"
    db.session.commit()
    html = logado.get("/vendas/").get_data(as_text=True)
    assert pedidos_na_lista(html) == ["1001", "1002", "1003", "1004"] and "4 venda(s)" in html
    assert "R$ 274,80" in html and "529.982.247-25" in html
    assert pedidos_na_lista(logado.get("/vendas/?situacao=cancelado").get_data(as_text=True)) == ["1003"]
    assert pedidos_na_lista(logado.get("/vendas/?situacao=pronto_para_faturar").get_data(as_text=True)) == [
        "1001", "1002", "1004"]
    assert pedidos_na_lista(logado.get("/vendas/?cliente=ferragens").get_data(as_text=True)) == ["1002"]
    assert pedidos_na_lista(logado.get("/vendas/?cliente=529.982.247-25").get_data(as_text=True)) == [
        "1001", "1004"]
    # Datas do pedido em Brasília (1001 é de 20/11, 1002 de 19/11, 1003 de 18/11).
    assert pedidos_na_lista(logado.get("/vendas/?de=2026-11-18&ate=2026-11-19").get_data(as_text=True)) == [
        "1002", "1003"]


def test_detalhe(logado, loja, sim):
    importar_lote(loja, ["1002", "1003"])
    pj = db.session.query(Venda).filter_by(pedido_tray_id="1002").one()
    html = logado.get(f"/vendas/{pj.id}").get_data(as_text=True)
    assert "Ferragens Paulista Ltda" in html and "11.222.333/0001-81" in html and "IE: 110042490114" in html
    assert "Campinas/SP (IBGE 3509502)" in html
    assert "PAN-45" in html and "PANO-AZUL" in html and "Pano de Prato - Cor: Azul" in html
    assert "R$ 946,00" in html and "R$ 48,50" in html and "R$ 42,45" in html and "R$ 1.036,95" in html
    assert "Cartão Visa" in html and ">6<" in html
    assert f'href="/lojas/{loja.id}/pedidos?numero=1002"' in html and "Pronto para faturar" in html
    ml = db.session.query(Venda).filter_by(pedido_tray_id="1003").one()
    html = logado.get(f"/vendas/{ml.id}").get_data(as_text=True)
    assert "Intermediador: MERCADO LIVRE · CNPJ 03.007.331/0001-41" in html and "2000004567812345" in html
    assert logado.get("/vendas/99999").status_code == 404


def test_exige_login(client):
    assert client.get("/vendas/").status_code == 302
    assert client.get("/pedidos/").status_code == 302


def test_paginacao_da_lista(app, logado, loja, sim):
    app.config["ITENS_POR_PAGINA"] = 3
    importar_lote(loja, ["1001", "1002", "1003", "1004"])
    html = logado.get("/vendas/?situacao=pronto_para_faturar").get_data(as_text=True)
    assert pedidos_na_lista(html) == ["1001", "1002", "1003"] and "4 venda(s)" in html
    assert 'id="paginacao"' in html and "Próxima ›" in html
    assert 'href="/vendas/?pagina=2&amp;situacao=pronto_para_faturar"' in html
    # Página além do fim: a última.
    html = logado.get("/vendas/?situacao=pronto_para_faturar&pagina=9").get_data(as_text=True)
    assert pedidos_na_lista(html) == ["1004"]
    assert 'id="paginacao"' not in logado.get("/vendas/?situacao=cancelado").get_data(as_text=True)
