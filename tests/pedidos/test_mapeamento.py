"""Leitura do cliente, dos endereços e dos itens do pedido completo da Tray."""
import pytest

from erp.pedidos import mapeamento as m
from erp.pedidos.erros import PedidoInvalido
from tests.pedidos.ajuda import resposta_tray


def cliente(**campos):
    base = {"id": "7", "name": "Carla Nogueira", "cpf": "52998224725", "cnpj": "", "type": "0",
            "company_name": "", "state_inscription": "", "email": "Carla@Example.com", "phone": "(11) 3333-4444",
            "cellphone": "(11) 99999-0000", "birth_date": "1990-05-17", "gender": "1", "address": "Rua Harmonia",
            "number": "90", "complement": "ap 3", "neighborhood": "Vila Madalena", "city": "São Paulo",
            "state": "SP", "zip_code": "05435-000", "CustomerAddresses": []}
    base.update(campos)
    return base


def test_pessoa_fisica_completa():
    dados = m.dados_cliente(cliente())
    assert dados["tipo_pessoa"] == "F" and dados["cpf_cnpj"] == "52998224725"
    assert dados["indicador_ie"] == 9 and dados["ie"] == ""
    assert dados["email"] == "carla@example.com" and dados["sexo"] == "F"
    assert str(dados["data_nascimento"]) == "1990-05-17"
    assert (dados["municipio"], dados["municipio_ibge"], dados["uf"], dados["cep"]) == (
        "São Paulo", "3550308", "SP", "05435000")


def test_pessoa_juridica_pelo_cnpj_preenchido_com_ie_e_isenta():
    pj = cliente(cpf="", cnpj="11.222.333/0001-81", company_name="Ferragens Paulista Ltda", name="Paulo",
                 state_inscription="110.042.490.114", city="Campinas")
    dados = m.dados_cliente(pj)
    assert (dados["tipo_pessoa"], dados["cpf_cnpj"], dados["nome"]) == ("J", "11222333000181",
                                                                         "Ferragens Paulista Ltda")
    assert (dados["ie"], dados["indicador_ie"]) == ("110042490114", 1)
    assert m.dados_cliente({**pj, "state_inscription": "ISENTO"})["indicador_ie"] == 2
    assert m.dados_cliente({**pj, "state_inscription": ""})["indicador_ie"] == 9


def test_cnpj_alfanumerico_aceito():
    dados = m.dados_cliente(cliente(cpf="", cnpj="12.ABC.345/01DE-35", company_name="Nova Ltda"))
    assert dados["cpf_cnpj"] == "12ABC34501DE35"


@pytest.mark.parametrize("campos, motivo", [
    ({"cpf": "", "cnpj": ""}, "sem CPF/CNPJ"),
    ({"cpf": "52998224724"}, r"^CPF 529\.982\.247-24 inválido"),
    ({"cpf": "", "cnpj": "11222333000180"}, r"^CNPJ 11\.222\.333/0001-80 inválido"),
    ({"city": "Cidade Inventada"}, "não encontrado na tabela do IBGE"),
    ({"state": ""}, "sem município ou UF"),
])
def test_cliente_recusado_com_motivo(campos, motivo):
    with pytest.raises(PedidoInvalido, match=motivo):
        m.dados_cliente(cliente(**campos))


def test_endereco_de_entrega_e_o_marcado_type_delivery():
    entrega = {"CustomerAddress": {"id": "71", "type": "0", "type_delivery": "1", "address": "Av. Afonso Pena",
                                   "number": "1000", "neighborhood": "Centro", "city": "BELO HORIZONTE",
                                   "state": "MG", "zip_code": "30130-000", "recipient": "Ana"}}
    outro = {"CustomerAddress": {"id": "70", "type": "0", "type_delivery": "0", "address": "Rua X",
                                 "city": "Campinas", "state": "SP"}}
    end, destinatario = m.endereco_entrega(cliente(CustomerAddresses=[outro, entrega]))
    assert (end["logradouro"], end["municipio_ibge"], destinatario) == ("Av. Afonso Pena", "3106200", "Ana")
    # Sem endereço de entrega marcado, vale o do cadastro (campos no próprio Customer).
    end, _ = m.endereco_entrega(cliente(CustomerAddresses=[outro]))
    assert end["municipio_ibge"] == "3550308"


def test_itens_variacao_ncm_e_ean():
    pedido = {"ProductsSold": [
        {"ProductsSold": {"product_id": "502", "variant_id": "880", "name": "Pano de Prato", "reference": "PANO-AZUL",
                          "ean": "", "ncm": "6302.60.00", "quantity": "10", "price": "19.90",
                          "original_price": "24.90", "weight": "120", "Sku": [{"type": "Cor", "value": "Azul"}]}},
        {"ProductsSold": {"product_id": "503", "variant_id": "0", "name": "Panela", "reference": "PAN-45",
                          "ean": "7891234567895", "ncm": "", "quantity": "1", "price": "249.00"}},
    ]}
    var, simples = m.itens(pedido)
    assert (var.tray_variacao_id, var.ncm, var.sku, var.peso_g) == ("880", "63026000", [("Cor", "Azul")], 120)
    assert (simples.tray_variacao_id, simples.ncm, simples.ean) == (None, None, "7891234567895")


def test_origem_e_marketplace():
    ml = {"point_sale": "MERCADO LIVRE", "MarketplaceOrder": [{"MarketplaceOrder": {
        "marketplace_name": "MERCADO LIVRE", "marketplace_document": "03.007.331/0001-41",
        "payment_responsible_document": "10573521000191", "marketplace_order_id": "2000004567812345"}}]}
    assert m.origem(ml) == "MERCADO LIVRE"
    assert m.marketplace(ml) == {"marketplace_nome": "MERCADO LIVRE", "marketplace_cnpj": "03007331000141",
                                 "marketplace_pedido_id": "2000004567812345",
                                 "pagamento_intermediador_cnpj": "10573521000191",
                                 "marketplace_vendedor_id": None}
    assert m.origem({"point_sale": "LOJA VIRTUAL", "MarketplaceOrder": []}) == "Loja virtual"


def test_cancelado_pelo_tipo_ou_pelo_nome():
    assert m.cancelado({"status": "CANCELADO AUT", "OrderStatus": {"type": "open"}})
    assert m.cancelado({"status": "ESTORNADO", "OrderStatus": {"type": "canceled"}})
    assert not m.cancelado({"status": "A ENVIAR", "OrderStatus": {"type": "open"}})


def test_cadastro_simples_da_tray_gravado():
    # GET /customers/{id}: endereço no próprio cliente, CustomerAddress só com ids (nada para ler dele).
    cadastro = resposta_tray("cliente")["Customer"]
    dados = m.dados_cliente(cadastro)
    assert (dados["nome"], dados["tipo_pessoa"], dados["cpf_cnpj"], dados["email"]) == (
        "Carla Nogueira", "F", "52998224725", "carla@example.com")
    assert (dados["municipio_ibge"], dados["cep"], dados["numero"]) == ("3550308", "05435000", "90")
    end, destinatario = m.endereco_entrega(cadastro)
    assert (end["logradouro"], destinatario) == ("Rua Harmonia", "")


def test_cliente_e_endereco_sem_controles_nem_bidi_e_no_tamanho_das_colunas():
    dados = m.dados_cliente(cliente(
        name="Carla\u202e Nogueira\x00" + "a" * 300, email="CARLA@EXAMPLE.COM\u202e" + "m" * 300,
        phone="(11)\x0b 3333-4444" + "9" * 50, address="Rua\u2067 Harmonia" + "r" * 300,
        complement="ap\r\n3", neighborhood="Vila\u202d Madalena" + "b" * 200, number="90" + "0" * 100))
    assert dados["nome"].startswith("Carla Nogueira") and len(dados["nome"]) == 200
    assert len(dados["email"]) == 200 and dados["email"].startswith("carla@example.commm")
    assert dados["telefone"].startswith("(11) 3333-4444") and len(dados["telefone"]) == 30
    assert dados["logradouro"].startswith("Rua Harmonia") and len(dados["logradouro"]) == 200
    assert dados["complemento"] == "ap 3"
    assert dados["bairro"].startswith("Vila Madalena") and len(dados["bairro"]) == 120
    assert len(dados["numero"]) == 60
    assert not any(c in "".join(str(v) for v in dados.values()) for c in "\u202e\u2067\u202d\x00\x0b")


def test_nome_so_de_controles_e_cliente_sem_nome():
    with pytest.raises(PedidoInvalido, match="Cliente sem nome"):
        m.dados_cliente(cliente(name="\u202e\u202c\x00"))


def test_aguarda_pagamento_pelo_nome_ou_descricao():
    assert m.status_aguarda_pagamento("AGUARDANDO PAGAMENTO")
    assert m.status_aguarda_pagamento("Aguardando pgto.")
    assert m.status_aguarda_pagamento("ESPERANDO", "Aguardando a confirmação do pagamento")
    assert m.status_aguarda_pagamento("PAGAMENTO PENDENTE")
    assert not m.status_aguarda_pagamento("A ENVIAR", "Pagamento confirmado, pedido a enviar")
    assert not m.status_aguarda_pagamento("AGUARDANDO RETIRADA")


def test_vendedor_no_marketplace_e_cnpj_do_intermediador():
    pedido = {"MarketplaceOrder": [{"MarketplaceOrder": {
        "marketplace_name": "SHOPEE", "marketplace_seller_id": "884422", "marketplace_seller_name": "Empório",
        "marketplace_document": "", "payment_responsible_document": "10573521000191"}}]}
    dados = m.marketplace(pedido)
    assert dados["marketplace_vendedor_id"] == "884422"
    assert dados["marketplace_cnpj"] is None  # o de quem recebeu o pagamento não é o do intermediador
    sem_id = {"MarketplaceOrder": [{"MarketplaceOrder": {"marketplace_name": "SHOPEE",
                                                         "marketplace_seller_name": "Empório"}}]}
    assert m.marketplace(sem_id)["marketplace_vendedor_id"] == "Empório"
