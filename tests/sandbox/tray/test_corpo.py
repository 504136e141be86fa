"""Leitura dos corpos de escrita: formulário aninhado como a Tray recebe (Product[Sku][0][type]=...)."""
from erp.sandbox.tray.corpo import formulario_aninhado


def test_formulario_aninhado():
    pares = [("Product[name]", "Caneca"), ("Product[Sku][0][type]", "Cor"), ("Product[Sku][0][value]", "Azul"),
             ("Product[related_categories][]", "1"), ("Product[related_categories][]", "2"), ("issue_date", "x"),
             ('["Category"]["name"]', "Cozinha")]
    assert formulario_aninhado(pares) == {
        "Product": {"name": "Caneca", "Sku": [{"type": "Cor", "value": "Azul"}], "related_categories": ["1", "2"]},
        "issue_date": "x", "Category": {"name": "Cozinha"}}
