"""Fumaça no navegador: conectar uma loja Tray (o simulador) pela tela de Lojas Virtuais."""
from tests.conftest import captura


def test_conectar_loja_pelo_navegador(pagina, tray_sim, app):
    app.config.update(TRAY_CONSUMER_KEY=tray_sim.consumer_key, TRAY_CONSUMER_SECRET=tray_sim.consumer_secret,
                      ERP_PERMITIR_REDE_LOCAL=True)  # o simulador está em 127.0.0.1

    pagina.click("text=Lojas Virtuais")
    pagina.wait_for_url(f"{pagina.base}/lojas/")
    pagina.click("text=Nova loja virtual")
    assert pagina.locator("#plataforma option:checked").inner_text() == "Tray Commerce"
    # Confirmar sem nada: os três erros aparecem juntos, cada um no seu campo.
    pagina.fill("#site", "ftp://loja")
    pagina.click("button:has-text('Confirmar')")
    pagina.locator(".alert-danger").wait_for()
    assert pagina.locator("#form-loja .invalid-feedback").count() == 3
    for campo in ("usuario", "site", "code"):
        assert pagina.locator(f"#{campo}.is-invalid").count() == 1
    assert pagina.get_attribute("#usuario", "placeholder") == "Código de cliente (só números)"
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


def test_conectar_com_a_tray_pelo_botao(pagina, tray_sim, app):
    """O botão leva ao auth.php da loja (o simulador), o lojista autoriza e volta ao ERP com a loja conectada."""
    app.config.update(TRAY_CONSUMER_KEY=tray_sim.consumer_key, TRAY_CONSUMER_SECRET=tray_sim.consumer_secret,
                      ERP_PERMITIR_REDE_LOCAL=True, ERP_URL_PUBLICA=pagina.base)
    endereco_loja = tray_sim.url_api.rsplit("/web_api", 1)[0]

    pagina.goto(f"{pagina.base}/lojas/nova")
    pagina.fill("#endereco", endereco_loja)
    pagina.click("#conectar-com-a-tray")
    pagina.wait_for_url(f"{pagina.base}/lojas/conectar-tray")
    assert endereco_loja in pagina.locator("main, body").first.inner_text()
    pagina.click("#ir-para-a-tray")
    pagina.wait_for_url(f"{endereco_loja}/auth.php?**")
    captura(pagina, "lojas_auth_php")
    pagina.click("#autorizar")
    pagina.wait_for_url(f"{pagina.base}/lojas/")
    assert "conectada pela Tray" in pagina.locator(".alert-success").inner_text()
    linha = pagina.locator("#lojas tbody tr", has_text=tray_sim.store_id)
    assert linha.locator(".situacao").inner_text() == "Conectada"
    captura(pagina, "lojas_conectada_pelo_botao")
