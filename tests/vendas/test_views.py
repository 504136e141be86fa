"""Tela de vendas: lista com filtros e detalhe com itens, totais, cliente e o vínculo com a Tray."""
import re

import pytest

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


@pytest.fixture
def notas_fiscais():
    """Um fornecedor de notas no lugar da NF-e (que registra o seu no init_app dela)."""
    from erp.vendas.notas import NotaDaVenda, esquecer_fornecedor, fornecer_notas

    por_venda: dict[int, list[NotaDaVenda]] = {}

    def fornecedor(ids):
        return {i: por_venda[i] for i in ids if i in por_venda}

    fornecer_notas(fornecedor)
    yield por_venda, NotaDaVenda
    esquecer_fornecedor(fornecedor)


CHAVE = "35261111222333000181550010000000121000000123"


def test_nfe_na_lista_e_no_detalhe(logado, loja, sim, notas_fiscais):
    por_venda, NotaDaVenda = notas_fiscais
    importar_lote(loja, ["1001", "1002"])
    v1001 = db.session.query(Venda).filter_by(pedido_tray_id="1001").one()
    v1002 = db.session.query(Venda).filter_by(pedido_tray_id="1002").one()
    por_venda[v1001.id] = [
        NotaDaVenda(numero=11, serie=1, situacao="cancelada", situacao_nome="Cancelada", chave="3526" + "0" * 40),
        NotaDaVenda(numero=12, serie=1, situacao="autorizada", situacao_nome="Autorizada", chave=CHAVE,
                    url="/nfe/12", url_danfe="/nfe/12/danfe", url_xml="/nfe/12/xml")]
    html = logado.get("/vendas/").get_data(as_text=True)
    assert "<th>NF-e</th>" in html
    linha = html.split(f'data-venda="{v1001.id}"')[1].split("</tr>")[0]
    assert '<a href="/nfe/12">nº 12</a>' in linha and "Autorizada" in linha and 'href="/nfe/12/danfe"' in linha
    sem_nota = html.split(f'data-venda="{v1002.id}"')[1].split("</tr>")[0]
    assert '<td class="nfe text-nowrap">' in sem_nota and "—" in sem_nota

    detalhe = logado.get(f"/vendas/{v1001.id}").get_data(as_text=True)
    secao = detalhe.split('id="nfe-venda"')[1].split('<div class="row g-3">')[0]
    assert CHAVE in secao and "Autorizada" in secao and "Cancelada" in secao
    assert 'href="/nfe/12/danfe"' in secao and 'href="/nfe/12/xml"' in secao
    assert secao.index("nº 12") < secao.index("nº 11")  # a mais recente primeiro
    assert "Nenhuma NF-e emitida" in logado.get(f"/vendas/{v1002.id}").get_data(as_text=True)


def test_venda_com_nfe_cancelada_diz_que_pode_emitir_de_novo(logado, loja, sim):
    from erp.vendas import estados

    importar_lote(loja, ["1001"])
    venda = db.session.query(Venda).one()
    estados.mudar_situacao(venda, "faturado")
    estados.mudar_situacao(venda, "nfe_cancelada")
    db.session.commit()
    html = logado.get(f"/vendas/{venda.id}").get_data(as_text=True)
    assert "NF-e cancelada — pode emitir de novo" in html and 'id="emitir-de-novo"' in html
    lista = logado.get("/vendas/?situacao=nfe_cancelada").get_data(as_text=True)
    assert pedidos_na_lista(lista) == ["1001"] and "text-bg-warning" in lista


def test_lojas_do_filtro_em_ordem_alfabetica_do_portugues(app, logado, loja):
    from erp.lojas_virtuais.models import LojaVirtual

    for nome, usuario in (("Zebra Móveis", "901"), ("Ágata Presentes", "902"), ("amora", "903")):
        db.session.add(LojaVirtual(nome=nome, plataforma="tray", usuario=usuario, site=f"http://loja{usuario}.test"))
    db.session.commit()
    html = logado.get("/vendas/").get_data(as_text=True)
    select = html.split('id="v-loja"')[1].split("</select>")[0]
    nomes = re.findall(r'<option value="\d+" >([^<]+)</option>', select)
    assert nomes == ["Ágata Presentes", "amora", "Loja Teste", "Zebra Móveis"]
