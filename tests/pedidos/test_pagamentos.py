"""Formas de pagamento da Tray → meio de pagamento da NF-e (tPag) e parcelas."""
from decimal import Decimal

import pytest

from erp.pedidos.pagamentos import codigo_tpag, pagamentos_do_pedido

D = Decimal


@pytest.mark.parametrize("textos, codigo", [
    (("PIX",), "17"), (("Boleto - Yapay",), "15"), (("Cartão Visa",), "03"), (("Cartão de Crédito",), "03"),
    (("Cartão de Débito",), "04"), (("Dinheiro",), "01"), (("Vale-presente",), "12"), (("Carteira Mercado Pago",), "18"), (("Transferência",), "18"), (("", "bank_billet"), "15"),
])
def test_forma_de_pagamento_para_tpag(textos, codigo):
    assert codigo_tpag(*textos) == codigo


def test_pagamentos_com_parcelas_e_sem_lista():
    p = {"payment_method": "Cartão Visa", "payment_form": "Cartão de crédito", "installment": "6", "Payment": []}
    [pagamento] = pagamentos_do_pedido(p, D("1036.95"))
    assert (pagamento["tpag"], pagamento["parcelas"], pagamento["valor"]) == ("03", 6, D("1036.95"))
    p = {"payment_method": "PIX", "installment": "1",
         "Payment": [{"Payment": {"method": "PIX", "value": "50.00", "date": "2026-11-20"}},
                     {"Payment": {"method": "Boleto", "value": "40.00", "date": "0000-00-00"}}]}
    pagamentos = pagamentos_do_pedido(p, D("90.00"))
    assert [(x["tpag"], x["valor"]) for x in pagamentos] == [("17", D("50.00")), ("15", D("40.00"))]


def test_cartao_com_credenciadora_e_autorizacao_do_payment_ou_das_transacoes():
    p = {"payment_method": "Cartão Mastercard", "installment": "2",
         "Payment": [{"Payment": {"method": "Cartão Mastercard", "value": "100.00",
                                  "acquirer_document": "01.027.058/0001-91"}}],
         "OrderTransactions": [{"authorization_code": "XYZ987", "transaction_id": "55"}]}
    [pagamento] = pagamentos_do_pedido(p, D("100.00"))
    assert (pagamento["tpag"], pagamento["bandeira"], pagamento["cnpj_credenciadora"], pagamento["autorizacao"]) == (
        "03", "02", "01027058000191", "XYZ987")


def test_pix_nao_leva_dados_de_cartao():
    p = {"payment_method": "PIX", "Payment": [{"Payment": {"method": "PIX", "value": "50.00",
                                                           "authorization_code": "A1"}}]}
    [pagamento] = pagamentos_do_pedido(p, D("50.00"))
    assert pagamento["tpag"] == "17" and "autorizacao" not in pagamento


def test_mapeamento_da_loja_vale_antes_das_palavras():
    p = {"payment_method": "Cartão Presente Parceiro", "Payment": []}
    assert pagamentos_do_pedido(p, D("10.00"))[0]["tpag"] == "12"
    assert pagamentos_do_pedido(p, D("10.00"), {"cartao presente parceiro": "05"})[0]["tpag"] == "05"
