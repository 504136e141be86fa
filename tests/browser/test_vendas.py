"""Vendas no navegador: lista com filtros e detalhe."""
import pytest

from erp.extensions import db
from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.pedidos import consultas_tray, listagem
from erp.pedidos.importacao import importar_lote
from erp.vendas.models import Venda
from tests.conftest import captura
from tests.pedidos.ajuda import conectar


@pytest.fixture
def vendas(app, tray_sim):
    descartar_cliente()
    consultas_tray.limpar_cache()
    listagem.limpar_cache()
    loja = conectar(app, tray_sim, nome="Loja Bela Casa")
    loja.status_importaveis = ["AGUARDANDO PAGAMENTO", "A ENVIAR", "ENVIADO"]  # 1004 aguarda pagamento
    db.session.commit()
    importar_lote(loja, ["1001", "1002", "1003", "1004"])
    db.session.query(Venda).filter_by(pedido_tray_id="1004").one().situacao = "cancelado"
    db.session.commit()
    yield loja
    descartar_cliente()


def test_lista_filtra_e_abre_o_detalhe(pagina, vendas):
    pagina.goto(f"{pagina.base}/")
    pagina.click("nav >> text=Vendas")
    pagina.wait_for_url("**/vendas/")
    assert pagina.locator("#total-vendas").inner_text() == "4 venda(s)"
    captura(pagina, "vendas_lista")
    pagina.select_option("#v-situacao", "cancelado")
    pagina.click("#filtrar-vendas")
    pagina.wait_for_url("**situacao=cancelado**")
    assert pagina.locator("#tabela-vendas tbody tr[data-venda]").count() == 1
    pagina.select_option("#v-situacao", "")
    pagina.fill("#v-cliente", "Ferragens")
    pagina.click("#filtrar-vendas")
    pagina.wait_for_url("**cliente=Ferragens**")
    linhas = pagina.locator("#tabela-vendas tbody tr[data-venda]")
    assert linhas.count() == 1
    linhas.first.locator("a").click()
    pagina.wait_for_url("**/vendas/*")
    assert pagina.locator("#total-venda").inner_text() == "R$ 1.036,95"
    assert "Pronto para faturar" in pagina.locator("#situacao-venda").inner_text()
    assert pagina.locator("#itens-venda tbody tr").count() == 2
    assert "nº 1002" in pagina.locator("#vinculo-tray").inner_text()
    captura(pagina, "vendas_detalhe")


def test_transportadora_cadastrada_e_ligada_a_forma_de_envio(pagina, vendas):
    pagina.goto(f"{pagina.base}/")
    pagina.click("nav >> text=Transportadoras")
    pagina.wait_for_url("**/vendas/transportadoras")
    pagina.fill("#e-nome", "Jadlog Logística S.A.")
    pagina.fill("#e-cpf_cnpj", "19.720.340/0001-00")
    pagina.click("#salvar-transportadora")
    assert "CNPJ ou CPF inválido" in pagina.locator("#form-transportadora").inner_text()
    pagina.fill("#e-cpf_cnpj", "07.526.557/0001-00")
    pagina.fill("#e-municipio", "São Paulo")
    pagina.select_option("#e-uf", "SP")
    pagina.click("#salvar-transportadora")
    assert "Jadlog Logística S.A." in pagina.locator("#lista-transportadoras").inner_text()
    pagina.click("#link-envios")
    pagina.wait_for_url("**/vendas/transportadoras/envios**")
    linha = pagina.locator('#envios tr[data-forma="SEDEX"] select')
    linha.select_option(label="Jadlog Logística S.A.")
    pagina.click("#salvar-envios")
    pagina.wait_for_url("**/vendas/transportadoras/envios?loja=*")
    assert pagina.locator('#envios tr[data-forma="SEDEX"] select option:checked').inner_text() == "Jadlog Logística S.A."
    captura(pagina, "vendas_formas_de_envio")


def test_rastreio_e_cancelamento_do_pedido_na_tray(pagina, vendas, tray_sim):
    """Na venda: informa o rastreio (vai ao pedido da Tray pela fila) e cancela o pedido na Tray com confirmação."""
    from erp.tarefas.fila import executar_pendentes

    venda = db.session.query(Venda).filter_by(pedido_tray_id="1001").one()
    pagina.goto(f"{pagina.base}/vendas/{venda.id}")
    pagina.fill("#codigo", "BR987654321BR")
    pagina.fill("#url", "https://rastreio.example/BR987654321BR")
    pagina.fill("#data", "21/11/2026")
    pagina.click("#form-rastreio button[type=submit]")
    pagina.locator(".alert-success").wait_for()
    assert "Rastreio BR987654321BR registrado" in pagina.locator(".alert-success").inner_text()
    assert executar_pendentes() >= 1
    pagina.reload()
    assert pagina.locator("#rastreios-tray li[data-codigo='BR987654321BR'] .situacao-rastreio").inner_text() == "Na Tray"
    with tray_sim.estado.trava:
        pedido = dict(tray_sim.estado.pedidos["1001"])
    assert (pedido["sending_code"], pedido["sending_date"]) == ("BR987654321BR", "2026-11-21")
    captura(pagina, "vendas_rastreio")

    pagina.click("#cancelar-na-tray")
    pagina.locator("#confirmar-cancelamento").wait_for()
    captura(pagina, "vendas_cancelar_na_tray")
    pagina.click("#confirmar")
    pagina.locator(".alert-success").wait_for()
    assert "cancelado na Tray" in pagina.locator(".alert-success").inner_text()
    assert pagina.locator("#situacao-venda").inner_text() == "Cancelado"
    assert pagina.locator("#cancelado-na-tray").is_visible()
    with tray_sim.estado.trava:
        assert tray_sim.estado.pedidos["1001"]["status"] == "CANCELADO"
