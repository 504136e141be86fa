"""Fumaça no navegador: conectar uma loja Tray (o simulador) pela tela de Lojas Virtuais."""
from tests.conftest import captura


def test_conectar_loja_pelo_navegador(pagina, tray_sim, app):
    app.config.update(TRAY_CONSUMER_KEY=tray_sim.consumer_key, TRAY_CONSUMER_SECRET=tray_sim.consumer_secret,
                      ERP_PERMITIR_REDE_LOCAL=True)  # o simulador está em 127.0.0.1

    pagina.click("text=Lojas Virtuais")
    pagina.wait_for_url(f"{pagina.base}/lojas/")
    pagina.click("text=Nova loja virtual")
    assert pagina.locator("#plataforma option:checked").inner_text() == "Tray Commerce"
    pagina.fill("#usuario", tray_sim.store_id)
    pagina.fill("#site", tray_sim.url_api)
    pagina.fill("#code", "code-errado")
    pagina.click("button:has-text('Confirmar')")
    pagina.locator(".alert-danger").wait_for()
    assert "Code inválido ou já utilizado" in pagina.locator(".alert-danger").inner_text()
    assert pagina.input_value("#site") == tray_sim.url_api  # o que foi digitado continua lá
    captura(pagina, "lojas_code_invalido")

    pagina.fill("#code", tray_sim.code)
    pagina.fill("#nome", "Loja Simulada")
    pagina.click("button:has-text('Confirmar')")
    pagina.wait_for_url(f"{pagina.base}/lojas/")
    linha = pagina.locator("#lojas tbody tr", has_text="Loja Simulada")
    assert linha.locator(".situacao").inner_text() == "Conectada"
    assert linha.locator(".detalhe-situacao").inner_text().startswith("token expira em")
    # O limite da Tray da loja: hoje (a conexão já gastou algumas) e a janela de um minuto.
    assert linha.locator(".limite-dia").inner_text().startswith("Hoje: ")
    assert linha.locator(".limite-dia").inner_text().endswith(" restantes)")
    assert linha.locator(".limite-minuto").inner_text().startswith("Último minuto: ")
    linha.locator("button:has-text('TRAY')").click()
    assert linha.locator("a:has-text('Importar Pedidos')").is_visible()
    assert linha.locator("a:has-text('Exportar Produtos')").is_visible()
    captura(pagina, "lojas_conectada")
