"""Navegador: tributação do produto na NF-e e a tabela do IBPT na tela da empresa (docs/fiscal.md, "Impostos")."""
from pathlib import Path

from playwright.sync_api import expect

from erp.extensions import db
from erp.produtos.models import Produto
from tests.conftest import captura
from tests.nfe.services import fabrica

IBPT = Path(__file__).resolve().parents[1] / "fixtures" / "ibpt" / "TabelaIBPTaxSP26.1.A.csv"


def test_tributacao_do_produto_e_tabela_do_ibpt_pela_tela(pagina, app):
    fabrica.empresa()
    pagina.goto(f"{pagina.base}/produtos/novo")
    for seletor, valor in {"#referencia": "LAMP-9W", "#nome": "Lâmpada LED 9 W", "#preco": "19,90",
                           "#ncm": "8539.50.00", "#cest": "09.017.00", "#st_retido_base": "12,50",
                           "#st_retido_aliquota": "18", "#st_retido_valor": "0,95", "#cclass_trib": "000001"}.items():
        pagina.fill(seletor, valor)
    pagina.select_option("#csosn", "500")
    pagina.check("#substituicao_tributaria")
    pagina.click("#form-produto button[type=submit]")
    expect(pagina.locator(".alert-success")).to_contain_text("Produto LAMP-9W salvo")
    expect(pagina.locator("#st_retido_base")).to_have_value("12,5")
    expect(pagina.locator("#csosn")).to_have_value("500")
    expect(pagina.locator("#substituicao_tributaria")).to_be_checked()
    captura(pagina, "produto_tributacao")
    produto = db.session.query(Produto).filter_by(referencia="LAMP-9W").one()
    assert (produto.csosn, produto.substituicao_tributaria, produto.cest) == ("500", True, "0901700")

    pagina.goto(f"{pagina.base}/nfe/empresa")
    expect(pagina.locator("#situacao-ibpt")).to_contain_text("Nenhuma tabela do IBPT carregada")
    expect(pagina.locator("#aliquotas tr[data-uf=SP] .fonte-aliquota")).to_contain_text("Lei SP 6.374/1989")
    pagina.set_input_files("#i-arquivo", str(IBPT))
    pagina.click("#form-ibpt button[type=submit]")
    expect(pagina.locator(".alert-success[role=alert]")).to_contain_text("Tabela do IBPT carregada: 4 linhas")
    expect(pagina.locator("#situacao-ibpt")).to_contain_text("válida até 31/12/2099")
    captura(pagina, "nfe_empresa_ibpt")
