"""Importar Pedidos no navegador: lista, filtros, seleção, importação e a tarefa com barra de progresso."""
import pytest
from playwright.sync_api import expect

from erp.extensions import db
from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.tarefas.fila import executar_pendentes
from erp.pedidos import consultas_tray, listagem
from erp.vendas.models import Venda
from tests.conftest import captura
from tests.pedidos import dados
from tests.pedidos.ajuda import conectar


@pytest.fixture
def loja(app, tray_sim_factory):
    descartar_cliente()
    consultas_tray.limpar_cache()
    listagem.limpar_cache()
    cpf_ruim = dados.cliente("21", "CPF Errado", cpf="52998224724")
    simulador = tray_sim_factory(dados.semente(
        clientes=[cpf_ruim], pedidos=[("3002", cpf_ruim, [dados.CHALEIRA], dados.A_ENVIAR, {}),
                                      ("3005", cpf_ruim, [dados.CHALEIRA], dados.CANCELADO, {})],
        pedidos_extras=12))
    loja = conectar(app, simulador, nome="Loja Bela Casa")
    yield loja
    descartar_cliente()


def numeros(pagina) -> list[str]:
    return pagina.locator("#tabela-pedidos tbody tr[data-pedido]").evaluate_all(
        "linhas => linhas.map(l => l.dataset.pedido)")


def test_importar_pedidos_na_tela(pagina, loja):
    pagina.goto(f"{pagina.base}/pedidos/")
    captura(pagina, "pedidos_lojas")
    pagina.click("text=Loja Bela Casa")
    pagina.wait_for_url(f"**/lojas/{loja.id}/pedidos")
    assert pagina.locator("h1").inner_text().startswith("Importar Pedidos")
    assert pagina.locator("#total-pedidos").inner_text() == "18 pedido(s) · página 1 de 1"
    assert numeros(pagina)[:3] == ["3005", "3002", "2012"]
    linha_ml = pagina.locator('tr[data-pedido="1003"]')
    assert linha_ml.locator(".origem").inner_text() == "MERCADO LIVRE"
    assert "111.444.777-35" in linha_ml.inner_text()
    captura(pagina, "pedidos_lista")

    # Filtro pelo status da loja (lista vinda da Tray) e por página.
    pagina.select_option("#f-status", "A ENVIAR")
    pagina.select_option("#f-limite", "10")
    pagina.click("#filtrar")
    pagina.wait_for_url("**status=A+ENVIAR**")
    assert set(numeros(pagina)) == {"3002", "1001", "1002", "2002", "2006", "2010"}

    # Selecionar todos da página e importar.
    pagina.check("#selecionar-todos")
    assert pagina.locator(".selecao-pedido:checked").count() == 6
    pagina.click("#importar-selecionados")
    pagina.wait_for_selector("#resultado-importacao .tarefa-resultados")
    resultado = pagina.locator("#resultado-importacao").inner_text()
    assert "5 ok · 1 com falha" in resultado and "CPF 52998224724 inválido" in resultado
    assert pagina.locator('tr[data-pedido="1001"] .situacao').inner_text().startswith("Integrado")
    falha = pagina.locator('tr[data-pedido="3002"] .situacao').inner_text()
    assert "Não integrado" in falha and "CPF 52998224724 inválido" in falha
    captura(pagina, "pedidos_importados")

    # O selo leva à venda.
    pagina.click('tr[data-pedido="1002"] .situacao a')
    pagina.wait_for_url("**/vendas/*")
    assert "Ferragens Paulista Ltda" in pagina.locator("#cliente-venda").inner_text()


def test_importar_todos_do_filtro_com_barra_de_progresso(pagina, loja):
    pagina.goto(f"{pagina.base}/lojas/{loja.id}/pedidos?situacao=nao_integrado&limite=10")
    assert pagina.locator("#total-pedidos").inner_text() == "18 pedido(s) · página 1 de 2"
    pagina.click("#paginacao >> text=Próxima ›")
    pagina.wait_for_url("**pagina=2**")
    assert len(numeros(pagina)) == 8
    pagina.click("#importar-todos")
    pagina.wait_for_selector(".tarefa-progresso[data-situacao=pendente]")
    captura(pagina, "pedidos_tarefa_na_fila")
    assert executar_pendentes() >= 1
    pagina.wait_for_selector(".tarefa-progresso[data-situacao=concluida]", timeout=15000)
    texto = pagina.locator("#resultado-importacao").inner_text()
    assert "18 de 18" in texto and "16 importado(s), 0 já importado(s), 1 ignorado(s), 1 com falha" in texto
    # Ao terminar, a lista se recarrega: só sobram os que não entraram (falha e cancelado).
    expect(pagina.locator("#tabela-pedidos tbody tr[data-pedido]")).to_have_count(2)
    assert numeros(pagina) == ["3005", "3002"]
    assert pagina.locator("#total-pedidos").inner_text() == "2 pedido(s) · página 1 de 1"
    captura(pagina, "pedidos_tarefa_concluida")
    db.session.expire_all()
    assert db.session.query(Venda).count() == 16


def test_configuracao(pagina, loja):
    pagina.goto(f"{pagina.base}/lojas/{loja.id}/pedidos/configuracao")
    pagina.check("label:has-text('A ENVIAR')")
    pagina.check("#importacao-automatica")
    pagina.check("#juros-itens")
    pagina.click("#salvar-configuracao")
    pagina.wait_for_selector(".alert-success")
    captura(pagina, "pedidos_configuracao")
    db.session.refresh(loja)
    assert (loja.status_importaveis, loja.importacao_automatica, loja.juros_como) == (["A ENVIAR"], True, "itens")
