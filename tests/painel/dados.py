"""Dados mínimos para o painel: vendas de uma loja com um cliente."""
from decimal import Decimal

from erp.extensions import db


def criar_vendas(datas):
    from erp.lojas_virtuais.models import LojaVirtual
    from erp.vendas.models import Cliente, Venda

    loja = LojaVirtual(nome="Loja", plataforma="tray", usuario="1", site="https://loja.exemplo.com.br/web_api")
    cliente = Cliente(nome="Maria", cpf_cnpj="52998224725", uf="SP")
    db.session.add_all([loja, cliente])
    db.session.flush()
    for n, quando in enumerate(datas):
        db.session.add(Venda(loja_id=loja.id, pedido_tray_id=str(1000 + n), cliente_id=cliente.id,
                             data_pedido=quando, total=Decimal("10.00")))
    db.session.commit()
