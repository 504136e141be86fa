"""Cada entrada do menu abre no Chromium, destacada, com a trilha certa, sem erro no console (CSP incluída), e o
painel desenha."""
from tests.conftest import captura


def test_cada_entrada_do_menu_abre_destacada_com_trilha_e_sem_erro_no_console(pagina):
    erros = []
    pagina.on("console", lambda m: erros.append(m.text) if m.type == "error" else None)
    pagina.on("pageerror", lambda e: erros.append(str(e)))
    assert pagina.locator("#primeiros-passos").is_visible()
    assert pagina.locator("#grafico-dias").is_visible()
    assert pagina.evaluate("typeof Chart") == "function"  # Chart.js servido pela aplicação carregou
    assert pagina.locator("#caminho").count() == 0  # a página inicial não tem trilha
    entradas = [t.strip() for t in pagina.locator("#menu a.nav-link").all_inner_texts()]
    assert {"Lojas Virtuais", "Pedidos", "Vendas", "NF-e", "Produtos", "Retorno à Tray", "Transportadoras",
            "Usuários"} <= set(entradas)
    for rotulo in entradas:
        pagina.goto(pagina.base + "/")
        pagina.locator("#menu a.nav-link", has_text=rotulo).first.click()
        pagina.wait_for_load_state("load")
        ativo = pagina.locator("#menu a.nav-link.active")
        assert ativo.count() == 1 and rotulo in ativo.inner_text(), rotulo
        trilha = [t.strip() for t in pagina.locator("#caminho .breadcrumb-item").all_inner_texts()]
        assert trilha[0] == "Início" and rotulo in trilha[1], (rotulo, trilha)
        assert pagina.locator("#caminho .breadcrumb-item.active").count() == 1, rotulo
        assert pagina.locator("h1").count() >= 1, rotulo
        assert "Erro interno" not in pagina.content(), rotulo
    captura(pagina, "navegacao-painel")
    assert erros == []


def test_paginas_de_uma_loja_destacam_a_entrada_de_onde_se_chega(pagina, app, tray_sim):
    """Importar Pedidos e Exportar Produtos moram em /lojas/<id>/..., mas são de Pedidos e de Produtos."""
    from erp.lojas_virtuais.services import conectar_loja

    app.config.update(TRAY_CONSUMER_KEY=tray_sim.consumer_key, TRAY_CONSUMER_SECRET=tray_sim.consumer_secret)
    loja = conectar_loja(tray_sim.store_id, tray_sim.url_api, tray_sim.code, nome="Loja Trilha")
    for caminho, entrada, trilha_esperada in (
            (f"/lojas/{loja.id}/pedidos", "Pedidos", ["Início", "Pedidos", "Importar Pedidos · Loja Trilha"]),
            (f"/lojas/{loja.id}/pedidos/configuracao", "Pedidos",
             ["Início", "Pedidos", "Importar Pedidos · Loja Trilha", "Configuração"]),
            (f"/lojas/{loja.id}/produtos", "Produtos", ["Início", "Produtos", "Exportar Produtos · Loja Trilha"]),
            (f"/lojas/{loja.id}/retorno", "Retorno à Tray", ["Início", "Retorno à Tray", "Configuração · Loja Trilha"]),
            ("/lojas/nova", "Lojas Virtuais", ["Início", "Lojas Virtuais", "Nova loja virtual"])):
        pagina.goto(pagina.base + caminho)
        assert pagina.locator("#menu a.nav-link.active").inner_text().strip() == entrada, caminho
        assert [t.strip() for t in pagina.locator("#caminho .breadcrumb-item").all_inner_texts()] == trilha_esperada
