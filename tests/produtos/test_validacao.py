"""Leitura de números, EAN/GTIN, NCM, CEST e limpeza do HTML da descrição."""
from decimal import Decimal

import pytest

from erp.produtos import validacao as v
from erp.produtos.erros import ErroProduto


@pytest.mark.parametrize("texto, esperado", [
    ("1.234,56", "1234.56"), ("1234,56", "1234.56"), ("1234.56", "1234.56"), ("1,234.56", "1234.56"),
    ("R$ 59,90", "59.90"), ("10", "10"), ("1.234.567", "1234567"), ("0,5", "0.5"),
])
def test_decimal_aceita_virgula_e_ponto(texto, esperado):
    assert v.decimal_br(texto, "preco", "Preço") == Decimal(esperado)


@pytest.mark.parametrize("texto", ["abc", "1,2,3", "-5", "NaN"])
def test_decimal_invalido_diz_o_campo(texto):
    with pytest.raises(ErroProduto) as erro:
        v.decimal_br(texto, "preco", "Preço")
    assert erro.value.campo == "preco" and "Preço" in erro.value.mensagem


def test_dinheiro_arredonda_em_centavos_e_vazio_e_none():
    assert v.dinheiro("19,999", "preco", "Preço") == Decimal("20.00")
    assert v.dinheiro("", "preco", "Preço") is None


@pytest.mark.parametrize("codigo", ["7891234567895", "78912345678950"[:13], "96385074", "036000291452",
                                    "17891234567892"])
def test_ean_com_digito_certo(codigo):
    assert v.ean(codigo) == codigo


def test_ean_com_digito_errado_e_recusado():
    with pytest.raises(ErroProduto, match="dígito verificador"):
        v.ean("7891234567896")
    with pytest.raises(ErroProduto, match="8, 12, 13 ou 14"):
        v.ean("12345")
    assert v.ean("") is None and v.ean("SEM GTIN") is None


def test_ncm_e_cest():
    assert v.ncm("7323.93.00") == "73239300"
    with pytest.raises(ErroProduto, match="8 dígitos"):
        v.ncm("7323")
    assert v.cest("01.001.00") == "0100100"
    with pytest.raises(ErroProduto, match="7 dígitos"):
        v.cest("123")


def test_booleano_da_planilha():
    assert v.booleano("1") is True and v.booleano("0") is False and v.booleano("") is True
    with pytest.raises(ErroProduto):
        v.booleano("talvez")


def test_html_mantem_formatacao_e_tira_scripts():
    sujo = ('<p onclick="x()">Panela <b>inox</b></p><script>alert(1)</script>'
            '<ul><li>3 L</li></ul><a href="javascript:alert(1)">x</a><img src=x onerror=y>')
    limpo = v.html_seguro(sujo)
    assert limpo == "<p>Panela <b>inox</b></p><ul><li>3 L</li></ul><a>x</a>"
    assert v.html_seguro("5 < 6 & 7") == "5 &lt; 6 &amp; 7"
