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
    assert "5 importado(s)" in resultado and "1 com falha" in resultado
    # As falhas primeiro, cada uma com o que fazer; o CPF formatado.
    primeira = pagina.locator("#resultado-importacao .tarefa-resultados tbody tr").first
    assert primeira.get_attribute("data-pedido") == "3002"
    assert "CPF 529.982.247-24 inválido" in primeira.inner_text()
    assert primeira.locator(".acao").inner_text() == "Corrija na Tray e importe de novo."
    assert pagina.locator('tr[data-pedido="1001"] .situacao').inner_text().startswith("Integrado")
    falha = pagina.locator('tr[data-pedido="3002"] .situacao').inner_text()
    assert "Não integrado" in falha and "CPF 529.982.247-24 inválido" in falha
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
    # Ao terminar, a página se recarrega com a contagem por desfecho e as falhas primeiro.
    pagina.wait_for_selector("#contagem-importacao", timeout=15000)
    texto = pagina.locator("#resultado-importacao").inner_text()
    db.session.expire_all()
    importados = db.session.query(Venda).count()
    # Sem status escolhidos, só os pagos: os que aguardam pagamento e o cancelado ficam de fora.
    aguardando = [n for n in numeros(pagina) if n not in ("3005", "3002")]
    assert importados == 16 - len(aguardando) and aguardando
    assert "18 de 18" in texto and (f"{importados} importado(s), 0 já importado(s), {len(aguardando) + 1} "
                                    "ignorado(s), 1 com falha") in texto
    assert pagina.locator("#resultado-importacao .tarefa-resultados tbody tr").first.get_attribute(
        "data-resultado") == "falhou"
    # A lista recarregada: só sobram os que não entraram (falha, cancelado e os que aguardam pagamento).
    assert "3005" in numeros(pagina) and "3002" in numeros(pagina)
    assert pagina.locator("#total-pedidos").inner_text() == f"{len(aguardando) + 2} pedido(s) · página 1 de 1"
    for numero in aguardando:
        assert "aguardando pagamento" in pagina.locator(f'tr[data-pedido="{numero}"] .situacao').inner_text()
    captura(pagina, "pedidos_tarefa_concluida")


def test_configuracao(pagina, loja):
    pagina.goto(f"{pagina.base}/lojas/{loja.id}/pedidos/configuracao")
    # Sem escolha ainda: marcados os status pagos; quem aguarda pagamento fica de fora.
    assert not pagina.is_checked("label:has-text('AGUARDANDO PAGAMENTO')")
    for nome in ("A ENVIAR", "ENVIADO", "FINALIZADO"):
        assert pagina.is_checked(f"label:has-text('{nome}')")
    pagina.uncheck("label:has-text('ENVIADO')")
    pagina.uncheck("label:has-text('FINALIZADO')")
    pagina.check("#importacao-automatica")
    pagina.check("#juros-itens")
    pagina.fill("#sondagem-min", "15")
    pagina.click("#salvar-configuracao")
    pagina.wait_for_selector(".alert-success")
    captura(pagina, "pedidos_configuracao")
    db.session.refresh(loja)
    assert (loja.status_importaveis, loja.importacao_automatica, loja.juros_como, loja.sondagem_min) == (
        ["A ENVIAR"], True, "itens", 15)
    assert pagina.input_value("#sondagem-min") == "15"


def test_pedidos_com_falha_a_partir_do_painel(pagina, loja):
    from erp.pedidos.importacao import importar_lote

    importar_lote(loja, ["1001", "3002"])
    pagina.goto(f"{pagina.base}/")
    pagina.click("a[href='/pedidos/?situacao=falhou']")
    pagina.wait_for_url("**/pedidos/?situacao=falhou")
    linha = pagina.locator('#tabela-falhas tr[data-pedido="3002"]')
    assert "CPF 529.982.247-24 inválido" in linha.locator(".motivo").inner_text()
    assert linha.locator(".acao").inner_text().startswith("Corrija na Tray e importe de novo.")
    captura(pagina, "pedidos_falhas")
    linha.locator(".importar-de-novo").click()
    pagina.wait_for_url(f"**/lojas/{loja.id}/pedidos?**numero=3002**")
    pagina.wait_for_selector("#contagem-importacao")
    assert pagina.locator('#contagem-importacao [data-desfecho="falhou"]').inner_text() == "1 com falha"
    assert numeros(pagina) == ["3002"]
