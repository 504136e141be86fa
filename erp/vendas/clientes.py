"""Cliente de um pedido da Tray: acha pelo CPF/CNPJ (senão pelo e-mail), cria ou atualiza, e vincula
ao id do cliente na loja. O pedido completo traz o cadastro atual do comprador, que prevalece."""
from erp.extensions import db
from erp.vendas.models import Cliente, ClienteLoja


def _achar(dados: dict) -> Cliente | None:
    cliente = db.session.query(Cliente).filter(Cliente.cpf_cnpj == dados["cpf_cnpj"]).first()
    if cliente is None and dados.get("email"):
        # Só casa pelo e-mail um cadastro sem documento: o mesmo e-mail pode ser da empresa e do sócio.
        cliente = (db.session.query(Cliente)
                   .filter(Cliente.email == dados["email"], Cliente.cpf_cnpj.is_(None)).first())
    return cliente


def cliente_do_pedido(loja_id: int, dados: dict, tray_id: str | None) -> Cliente:
    """`dados`: saída de mapeamento.dados_cliente. Sem commit."""
    cliente = _achar(dados)
    if cliente is None:
        cliente = Cliente(**dados)
        db.session.add(cliente)
    else:
        for campo, valor in dados.items():
            if valor not in (None, "") and getattr(cliente, campo) != valor:
                setattr(cliente, campo, valor)
        if dados["indicador_ie"] != cliente.indicador_ie:
            cliente.indicador_ie, cliente.ie = dados["indicador_ie"], dados["ie"]
    if tray_id:
        db.session.flush()
        vinculo = db.session.query(ClienteLoja).filter_by(loja_id=loja_id, tray_id=tray_id).first()
        if vinculo is None:
            db.session.add(ClienteLoja(loja_id=loja_id, cliente_id=cliente.id, tray_id=tray_id))
        elif vinculo.cliente_id != cliente.id:
            vinculo.cliente_id = cliente.id
    return cliente
