"""Formas de pagamento da Tray → meio de pagamento da NF-e (tPag), editáveis por loja."""
from erp.extensions import db
from erp.pedidos.configuracao import configuracao_da_loja
from erp.pedidos.importacao import importar_lote
from erp.pedidos.models import FormaPagamentoLoja
from tests.util import postar


def test_tela_lista_as_formas_da_loja_com_o_meio_automatico(logado, loja):
    importar_lote(loja, ["1001", "1002"])
    pagina = logado.get(f"/lojas/{loja.id}/pedidos/formas-de-pagamento").get_data(as_text=True)
    assert 'data-forma="PIX"' in pagina and 'data-forma="Cartão Visa"' in pagina
    assert "Automático (03 – Cartão de crédito)" in pagina


def test_loja_muda_o_meio_e_acrescenta_uma_forma(logado, loja):
    importar_lote(loja, ["1001"])
    url = f"/lojas/{loja.id}/pedidos/formas-de-pagamento"
    resposta = postar(logado, url, {"forma": ["PIX"], "tpag": ["18"], "nova_forma": "Crediário Parceiro",
                                    "novo_tpag": "05"}, pagina=url)
    assert resposta.status_code == 302
    assert configuracao_da_loja(loja).formas_pagamento == {"pix": "18", "crediario parceiro": "05"}
    postar(logado, url, {"forma": ["PIX", "Crediário Parceiro"], "tpag": ["", "05"]}, pagina=url)
    assert [(f.nome, f.tpag) for f in db.session.query(FormaPagamentoLoja)] == [("Crediário Parceiro", "05")]


def test_meio_fora_da_tabela_e_recusado(logado, loja):
    url = f"/lojas/{loja.id}/pedidos/formas-de-pagamento"
    resposta = postar(logado, url, {"nova_forma": "Moeda X", "novo_tpag": "77"}, pagina=url, follow_redirects=True)
    assert "Meio de pagamento inválido para: Moeda X" in resposta.get_data(as_text=True)
    assert db.session.query(FormaPagamentoLoja).count() == 0


def test_mapeamento_novo_vale_para_as_vendas_a_faturar_e_nao_para_as_faturadas(app, loja):
    from erp.pedidos.configuracao import salvar_formas_pagamento
    from erp.vendas.models import Venda

    importar_lote(loja, ["1001"])  # PIX
    venda = db.session.query(Venda).filter_by(pedido_tray_id="1001").one()
    venda.situacao = "faturado"
    db.session.commit()
    salvar_formas_pagamento(loja.id, {"PIX": "18"})
    assert [p.tpag for p in venda.pagamentos] == ["17"]
    venda.situacao = "pronto_para_faturar"
    db.session.commit()
    salvar_formas_pagamento(loja.id, {"PIX": "18"})
    assert [p.tpag for p in venda.pagamentos] == ["18"]
    salvar_formas_pagamento(loja.id, {"PIX": ""})  # volta ao automático
    assert [p.tpag for p in venda.pagamentos] == ["17"]
