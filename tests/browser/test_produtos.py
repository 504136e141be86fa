"""Navegador: catálogo (cadastro com imagens e variação, planilha) e Exportar Produtos com progresso."""
import re

import pytest
from playwright.sync_api import expect

from erp.extensions import db
from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.produtos import imagens as img
from erp.produtos import services
from erp.produtos.models import Produto, ProdutoLoja
from erp.tarefas import fila
from tests.conftest import captura
from tests.produtos.conftest import Sim, png


@pytest.fixture
def loja(app, tray_sim, servidor_vivo):
    from erp.lojas_virtuais.services import conectar_loja

    app.config.update(TRAY_CONSUMER_KEY=tray_sim.consumer_key, TRAY_CONSUMER_SECRET=tray_sim.consumer_secret,
                      TRAY_ESPERA_BASE_S=0.01, ERP_URL_PUBLICA=servidor_vivo, ESTOQUE_ATRASO_S=0)
    descartar_cliente()
    loja = conectar_loja(tray_sim.store_id, tray_sim.url_api, tray_sim.code, nome="Loja Demo")
    yield loja
    descartar_cliente()


def _produto(ref, nome, preco, cor):
    produto = services.salvar_produto({"referencia": ref, "nome": nome, "preco": preco, "estoque": "5",
                                       "categoria": "Casa > Cozinha", "ncm": "73239300"})
    img.adicionar_imagem(produto, png(cor, lado=32))
    return produto


def test_exportar_produtos_com_progresso(pagina, loja, tray_sim):
    produtos = [_produto("CHA-2L", "Chaleira Inox 2 L", "129,90", (180, 180, 190)),
                _produto("PAN-45", "Panela de Pressão 4,5 L", "1.249,90", (60, 60, 70)),
                _produto("FRI-28", "Frigideira 28 cm", "89,90", (200, 80, 20))]
    db.session.commit()
    pagina.goto(f"{pagina.base}/lojas/{loja.id}/produtos")
    expect(pagina.locator("h1")).to_contain_text("Exportar Produtos")
    expect(pagina.locator("#tabela-exportacao tbody tr")).to_have_count(3)
    expect(pagina.locator("#tabela-exportacao")).to_contain_text("R$ 1.249,90")
    expect(pagina.locator(".situacao", has_text="Não integrado")).to_have_count(3)

    pagina.check("input[aria-label='Selecionar CHA-2L']")
    pagina.check("input[aria-label='Selecionar PAN-45']")
    pagina.click("#exportar-selecionados")
    expect(pagina.locator(".tarefa-progresso")).to_be_visible()
    expect(pagina.locator(".tarefa-progresso")).to_have_attribute("data-situacao", "pendente")

    assert fila.executar_pendentes() >= 1  # o trabalhador roda enquanto a página acompanha
    expect(pagina.locator(".tarefa-progresso")).to_have_attribute("data-situacao", "concluida", timeout=15000)
    expect(pagina.locator(".progress-bar")).to_have_text("100%")
    resultados = pagina.locator(".tarefa-resultados")
    expect(resultados).to_contain_text("CHA-2L")
    # CHA-2L e PAN-45 já estão na loja (semente): vinculados e atualizados, sem criar outros.
    expect(resultados).to_contain_text("vinculado (já estava na loja)")
    expect(pagina.locator("#tabela-exportacao")).to_have_attribute("data-atualizada", "1")
    linha = pagina.locator("tr[data-referencia='PAN-45'] .situacao")
    expect(linha).to_have_text(re.compile(r"^\s*Integrado\s*$"))
    expect(pagina.locator("tr[data-referencia='FRI-28'] .situacao")).to_contain_text("Não integrado")
    expect(pagina.locator("tr[data-referencia='CHA-2L'] a[title^='Ver na loja']")).to_be_visible()
    captura(pagina, "exportar_produtos")

    vinculos = {v.produto_id for v in db.session.query(ProdutoLoja)}
    assert vinculos == {produtos[0].id, produtos[1].id}
    nomes = {p["Product"]["name"] for p in __import__("requests").get(
        f"{tray_sim.url_api}/products?limit=50", timeout=5).json()["Products"]}
    assert {"Chaleira Inox 2 L", "Panela de Pressão 4,5 L"} <= nomes and "Frigideira 28 cm" not in nomes
    assert len(Sim(tray_sim).imagens(db.session.query(ProdutoLoja).first().tray_id)["imagens"]) == 1


def _preencher(pagina, valores: dict) -> None:
    for seletor, valor in valores.items():
        pagina.fill(seletor, valor)


def test_cadastro_com_imagens_variacao_e_planilha(pagina, app, tmp_path):
    pagina.goto(f"{pagina.base}/produtos/")
    pagina.click("text=Novo produto")
    _preencher(pagina, {"#referencia": "CAF-01", "#nome": "Cafeteira Italiana 6 xícaras",
                        "#categoria": "Casa > Cozinha", "#preco": "1.234,56", "#preco_custo": "600,00",
                        "#ean": "7891234567895", "#ncm": "7323.93.00", "#peso_g": "800", "#estoque": "4"})
    pagina.click("#editor-descricao")
    pagina.keyboard.type("Alumínio polido")
    for n, cor in enumerate([(10, 120, 200), (200, 120, 10)]):
        (tmp_path / f"foto{n}.png").write_bytes(png(cor, lado=48))
    pagina.set_input_files("#imagens-arquivos", [str(tmp_path / "foto0.png"), str(tmp_path / "foto1.png")])
    pagina.click("#form-produto button[type=submit]")
    expect(pagina.locator(".alert-success")).to_contain_text("Produto CAF-01 salvo")
    expect(pagina.locator(".imagem-produto")).to_have_count(2)
    expect(pagina.locator("#preco")).to_have_value("1.234,56")

    _preencher(pagina, {"#var_tipo_1": "Cor", "#var_valor_1": "Azul", "#var_referencia": "CAF-01-AZ",
                        "#var_estoque": "3"})
    pagina.set_input_files("#var_imagem", str(tmp_path / "foto0.png"))
    pagina.click("#form-variacao button[type=submit]")
    expect(pagina.locator(".alert-success")).to_contain_text("Variação CAF-01-AZ salva")
    expect(pagina.locator("#variacoes")).to_contain_text("Cor: Azul")
    expect(pagina.locator("#estoque-total")).to_have_text("3")
    # As 4 unidades do produto não somem caladas: um movimento diz que o estoque passou às variações (4 → 3),
    # e o movimento da variação diz qual é.
    movimentos = pagina.locator("#movimentos tbody tr")
    passagem = movimentos.filter(has_text="Passou às variações")
    expect(passagem).to_have_count(1)
    assert passagem.locator("td").nth(3).inner_text() == "4" and passagem.locator("td").nth(4).inner_text() == "3"
    assert "Estoque passou para as variações (CAF-01-AZ)" in passagem.inner_text()
    expect(movimentos.filter(has_text="Cor: Azul (CAF-01-AZ)")).to_have_count(1)
    captura(pagina, "produto_cadastro")

    _preencher(pagina, {"#var_tipo_1": "Cor", "#var_valor_1": "Verde", "#var_tipo_2": "Tamanho",
                        "#var_valor_2": "G", "#var_referencia": "CAF-01-VG"})
    pagina.click("#form-variacao button[type=submit]")
    expect(pagina.locator(".alert-danger")).to_contain_text("mesmos eixos")

    produto = db.session.query(Produto).filter_by(referencia="CAF-01").one()
    assert produto.descricao == "Alumínio polido" and str(produto.preco) == "1234.56" and produto.ncm == "73239300"

    planilha = tmp_path / "produtos.csv"
    planilha.write_text("referencia,nome,preco,categoria\nPRA-01,Prato Raso,\"24,90\",Casa > Mesa\n"
                        "PRA-02,Prato Fundo,abc,Casa > Mesa\n", encoding="utf-8")
    pagina.goto(f"{pagina.base}/produtos/")
    pagina.click("text=Importar planilha")
    pagina.set_input_files("#arquivo", str(planilha))
    pagina.click("button:has-text('Carregar')")
    expect(pagina.locator("#resultado-planilha")).to_contain_text("1 criado(s)")
    expect(pagina.locator("#erros-planilha")).to_contain_text("PRA-02")
    expect(pagina.locator("#erros-planilha tbody tr td").first).to_have_text("3")
    captura(pagina, "produtos_planilha")

    pagina.goto(f"{pagina.base}/produtos/")
    expect(pagina.locator("#tabela-produtos")).to_contain_text("R$ 1.234,56")
    expect(pagina.locator("#tabela-produtos")).to_contain_text("Prato Raso")
    captura(pagina, "produtos_lista")
