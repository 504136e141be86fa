from datetime import date, datetime
from decimal import Decimal

from erp.comum import formatos
from erp.comum.cripto import cifrar, decifrar
from erp.extensions import db
from erp.produtos.models import Produto


def test_formatos_brasileiros():
    assert formatos.dinheiro(Decimal("1234.56")) == "R$ 1.234,56"
    assert formatos.dinheiro("0.5") == "R$ 0,50"
    assert formatos.data(date(2026, 11, 3)) == "03/11/2026"
    assert formatos.data("2026-01-31") == "31/01/2026"
    assert formatos.data_hora(datetime(2026, 11, 23, 15, 0)) == "23/11/2026 12:00"  # UTC → Brasília
    assert formatos.documento("52998224725") == "529.982.247-25"
    assert formatos.documento("11222333000181") == "11.222.333/0001-81"
    assert formatos.documento("12ABC34501DE35") == "12.ABC.345/01DE-35"
    assert formatos.cep("05435000") == "05435-000"


def test_decimal_exato_no_banco(app):
    produto = Produto(referencia="X", nome="X", preco=Decimal("0.10") + Decimal("0.20"))
    db.session.add(produto)
    db.session.commit()
    db.session.expire_all()
    lido = db.session.get(Produto, produto.id)
    assert lido.preco == Decimal("0.30") and isinstance(lido.preco, Decimal)


def test_segredos_cifrados(app):
    cifrado = cifrar(b"token-secreto")
    assert b"token-secreto" not in cifrado
    assert decifrar(cifrado) == b"token-secreto"
