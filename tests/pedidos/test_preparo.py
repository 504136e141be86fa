"""Do pedido completo da Tray (respostas gravadas em tests/fixtures/tray) aos dados da venda, sem banco."""
from datetime import datetime
from decimal import Decimal

import pytest

from erp.pedidos.erros import PedidoIgnorado
from erp.pedidos.preparo import preparar, verificar_status
from tests.pedidos.ajuda import itens_da_lista, resposta_tray

D = Decimal


def test_pedido_completo_pj_com_variacao_juros_e_tarifa():
    prep = preparar(resposta_tray("pedido_completo")["Order"])
    assert (prep.pedido_tray_id, prep.cliente_tray_id) == ("1002", "8")
    cliente = prep.cliente
    assert (cliente["tipo_pessoa"], cliente["cpf_cnpj"], cliente["nome"]) == ("J", "11222333000181",
                                                                            "Ferragens Paulista Ltda")
    assert (cliente["ie"], cliente["indicador_ie"], cliente["municipio_ibge"]) == ("110042490114", 1, "3509502")
    venda = prep.venda
    assert (venda["status_tray"], venda["situacao"], venda["origem"]) == ("A ENVIAR", "pronto_para_faturar",
                                                                          "Loja virtual")
    assert venda["data_pedido"] == datetime(2026, 11, 19, 17, 32, 10)  # 14:32:10 em Brasília
    # Entrega no endereço marcado type_delivery=1, com o destinatário dele.
    assert (venda["logradouro"], venda["cep"], venda["destinatario"]) == (
        "Avenida John Boyd Dunlop", "13060905", "Recebimento Ferragens Paulista")
    assert (venda["total_produtos"], venda["frete"], venda["desconto"], venda["outras_despesas"], venda["total"]) == (
        D("946.00"), D("48.50"), D("0.00"), D("42.45"), D("1036.95"))
    assert venda["observacao"] == ("Entregar no horário comercial\n"
                                   "19/11/2026 14:32:15 Pedido em 6 vezes de R$ 172,83 através do Cartão Visa")
    panela, pano = prep.itens
    assert (panela.tray_produto_id, panela.tray_variacao_id, panela.ncm, panela.ean) == (
        "503", None, "76151000", "7891234567895")
    assert (pano.tray_variacao_id, pano.nome, pano.sku, pano.preco_original) == (
        "880", "Pano de Prato", [("Cor", "Azul")], D("24.90"))
    assert prep.pagamentos == [{"forma": "Cartão Visa", "tpag": "03", "valor": D("1036.95"), "parcelas": 6,
                                "data": datetime(2026, 11, 19).date(), "bandeira": "01"}]


def test_juros_e_tarifa_rateados_nos_itens():
    prep = preparar(resposta_tray("pedido_completo")["Order"], juros_como="itens")
    assert (prep.totais.outras_despesas, prep.totais.total_produtos, prep.totais.total) == (
        D("0.00"), D("988.45"), D("1036.95"))


def test_marketplace_com_cupom_fora_do_desconto():
    prep = preparar(resposta_tray("pedido_completo_marketplace")["Order"])
    venda = prep.venda
    assert (venda["origem"], venda["marketplace_nome"], venda["marketplace_cnpj"], venda["marketplace_pedido_id"],
            venda["pagamento_intermediador_cnpj"]) == ("MERCADO LIVRE", "MERCADO LIVRE", "03007331000141",
                                                       "2000004567812345", "10573521000191")
    # discount "0.00" e o cupom de 10,00 à parte: o desconto vem da identidade de valores e confere com o cupom.
    assert (venda["total_produtos"], venda["desconto"], venda["total"]) == (D("129.90"), D("10.00"), D("119.90"))
    assert (prep.cliente["tipo_pessoa"], prep.cliente["municipio_ibge"]) == ("F", "3106200")
    assert [p["tpag"] for p in prep.pagamentos] == ["99"]


def test_status_da_lista_decide_sem_ler_o_pedido_completo():
    pedidos = {p["id"]: p for p in itens_da_lista(resposta_tray("pedidos"), "Orders", "Order")}
    with pytest.raises(PedidoIgnorado, match="cancelado"):
        verificar_status(pedidos["1005"], [])
    with pytest.raises(PedidoIgnorado, match="AGUARDANDO PAGAMENTO"):
        verificar_status(pedidos["1004"], ["A ENVIAR", "ENVIADO"])
    verificar_status(pedidos["1003"], ["A ENVIAR", "ENVIADO"])
    verificar_status(pedidos["1002"], [])  # vazio: os pagos (nem cancelados nem aguardando pagamento)
    with pytest.raises(PedidoIgnorado, match="aguardando pagamento"):
        verificar_status(pedidos["1004"], [])


def test_textos_da_tray_limpos_e_cortados_no_tamanho_das_colunas():
    """Controles e marcas de direção (bidi) fora; cada texto no tamanho da sua coluna."""
    pedido = resposta_tray("pedido_completo")["Order"]
    pedido["customer_note"] = "Entregar\u202e à tarde\x00\nportão azul" + "!" * 3000
    pedido["shipment"] = "SEDEX\u200f" + "x" * 300
    pedido["point_sale"] = "\u2066LOJA FÍSICA\u2069"
    pedido["Customer"]["company_name"] = "\u202eadtL atsiluaP snegarreF" + "\x07" + "y" * 400
    item = pedido["ProductsSold"][0]["ProductsSold"]
    item["original_name"] = "Pano\x1b[31m de Prato" + "z" * 400
    item["reference"] = "PAN\u200e-45"
    prep = preparar(pedido)
    assert prep.venda["observacao"].startswith("Entregar à tarde\nportão azul")
    assert len(prep.venda["observacao"]) <= 4001 and "\x00" not in prep.venda["observacao"]
    assert prep.venda["forma_envio"].startswith("SEDEXxx") and len(prep.venda["forma_envio"]) == 120
    assert prep.venda["origem"] == "LOJA FÍSICA"
    nome = prep.cliente["nome"]
    assert len(nome) == 200 and nome.startswith("adtL") and "\u202e" not in nome and "\x07" not in nome
    assert len(prep.venda["destinatario"]) <= 200 and "\u202e" not in prep.venda["destinatario"]
    assert prep.itens[0].nome.startswith("Pano[31m de Prato") and len(prep.itens[0].nome) == 200
    assert prep.itens[0].referencia == "PAN-45"
