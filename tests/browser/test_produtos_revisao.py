"""Produtos → Revisar no navegador: o que a importação de pedidos cadastrou vem com o nome, a referência e a
descrição da loja (o pai sem a cor da variação), nada é escrito na loja, e o estoque só é definido de propósito."""
import pytest

from erp.extensions import db
from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.pedidos.importacao import importar_pedido
from erp.produtos.models import Produto, Variacao
from erp.tarefas.fila import executar_pendentes
from tests.conftest import captura
from tests.pedidos import dados
from tests.pedidos.ajuda import Sim, conectar

PANO_AZUL = {"product_id": "502", "variant_id": "880", "name": "Pano de Prato - Azul", "reference": "PANO-AZUL",
             "ncm": "63026000", "price": "19.90", "quantity": 2, "Sku": [{"type": "Cor", "value": "Azul"}]}


@pytest.fixture
def loja(app, tray_sim_factory):
    descartar_cliente()
    semente = dados.semente(pedidos=[("3100", dados.cliente("31", "Rita Alves", cpf="52998224725"),
                                      [PANO_AZUL], dados.A_ENVIAR, {})])
    for bruto in semente["products"]:
        if bruto["Product"]["id"] == "502":
            bruto["Product"]["description"] = "<p>Pano de prato <b>100% algodão</b>, 45 x 70 cm.</p>"
    semente["customers"].append({"Customer": dados.cliente("31", "Rita Alves", cpf="52998224725")})
    simulador = tray_sim_factory(semente)
    loja = conectar(app, simulador, nome="Loja Bela Casa")
    yield loja, Sim(simulador)
    descartar_cliente()


def test_revisar_produto_criado_pela_importacao(pagina, loja):
    loja, sim = loja
    assert importar_pedido(loja, "3100").sucesso
    # O pai nasce sem a cor no nome; depois do commit, a fila lê o produto na loja (uma leitura, só GET).
    pai = db.session.query(Produto).one()
    assert pai.nome == "Pano de Prato" and pai.criado_na_importacao and pai.referencia.startswith("TRAY")
    sim.limpar_requisicoes()
    assert executar_pendentes() >= 1
    db.session.expire_all()
    pai = db.session.query(Produto).one()
    assert pai.referencia == "PANO" and pai.nome == "Pano de Prato" and "100% algodão" in pai.descricao
    assert [(r["method"], r["path"].removeprefix("/web_api")) for r in sim.requisicoes()
            if not r["path"].endswith("/auth")] == [("GET", "/products/502")]
    assert executar_pendentes() == 0  # uma vez só

    pagina.goto(f"{pagina.base}/")
    assert pagina.locator('[data-contador="produtos_revisar"] .valor').inner_text() == "1"
    # Na exportação, o produto só vinculado não aparece como "Alterado" (nem no filtro): nada convida a
    # sobrescrever a loja com o cadastro mais pobre do ERP.
    pagina.goto(f"{pagina.base}/lojas/{loja.id}/produtos")
    situacao = pagina.locator("tr[data-referencia='PANO'] .situacao").inner_text()
    assert "Vinculado pela importação" in situacao and "Alterado" not in situacao
    pagina.goto(f"{pagina.base}/lojas/{loja.id}/produtos?situacao=alterado")
    assert pagina.locator("tr[data-referencia='PANO']").count() == 0
    pagina.goto(f"{pagina.base}/produtos/")
    assert "1 produto(s) criado(s) pela importação" in pagina.locator("#aviso-revisar").inner_text()
    pagina.click("#aviso-revisar >> text=Revisar")
    pagina.wait_for_url("**/produtos/revisar")
    linha = pagina.locator(f"#tabela-revisar tr[data-produto='{pai.id}']")
    assert linha.locator(".referencia").inner_text() == "PANO"
    assert linha.locator(".nome").inner_text() == "Pano de Prato"
    assert "PANO-AZUL · Cor: Azul" in linha.locator(".variacoes").inner_text()
    assert "100% algodão" in linha.locator(".descricao").inner_text()
    assert "não definido" in linha.inner_text()
    captura(pagina, "produtos_revisar")

    # Usar o estoque da Tray: pergunta antes; "Cancelar" não muda nada.
    pagina.once("dialog", lambda dialogo: dialogo.dismiss())
    linha.locator(".usar-estoque-tray").click()
    assert not db.session.query(Variacao).one().estoque_definido
    pagina.once("dialog", lambda dialogo: dialogo.accept())
    linha.locator(".usar-estoque-tray").click()
    assert "Estoque inicial lido da Tray e definido no ERP: PANO-AZUL: 4." in pagina.locator(".alert-success").inner_text()
    db.session.expire_all()
    variacao = db.session.query(Variacao).one()
    assert variacao.estoque == 4 and variacao.estoque_definido

    pagina.check(f".selecionar-produto[value='{pai.id}']")
    pagina.click("#marcar-revisados")
    assert "1 produto(s) marcado(s) como revisado(s)." in pagina.locator(".alert-success").inner_text()
    assert "Nenhum produto para revisar." in pagina.locator("#tabela-revisar").inner_text()
    pagina.goto(f"{pagina.base}/produtos/")
    assert pagina.locator("#aviso-revisar").count() == 0
