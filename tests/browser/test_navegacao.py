"""Cada entrada do menu abre no Chromium, destacada, sem erro no console (CSP incluída), e o painel desenha."""
from tests.conftest import captura

MENU = ["Lojas Virtuais", "Pedidos", "Vendas", "NF-e", "Produtos", "Retorno à Tray", "Usuários"]


def test_cada_entrada_do_menu_abre_destacada_e_sem_erro_no_console(pagina):
    erros = []
    pagina.on("console", lambda m: erros.append(m.text) if m.type == "error" else None)
    pagina.on("pageerror", lambda e: erros.append(str(e)))
    assert pagina.locator("#primeiros-passos").is_visible()
    assert pagina.locator("#grafico-dias").is_visible()
    assert pagina.evaluate("typeof Chart") == "function"  # Chart.js servido pela aplicação carregou
    for rotulo in MENU:
        pagina.goto(pagina.base + "/")
        pagina.locator("#menu a.nav-link", has_text=rotulo).first.click()
        pagina.wait_for_load_state("load")
        ativo = pagina.locator("#menu a.nav-link.active")
        assert ativo.count() == 1 and rotulo in ativo.inner_text(), rotulo
        assert pagina.locator("h1").count() >= 1, rotulo
        assert "Erro interno" not in pagina.content(), rotulo
    captura(pagina, "navegacao-painel")
    assert erros == []
