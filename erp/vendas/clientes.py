"""Cliente de um pedido: acha pelo CPF/CNPJ (senão pelo e-mail), cria ou atualiza, e vincula ao id do cliente
na loja. O pedido traz o cadastro atual do comprador, que prevalece.

O CPF/CNPJ e o vínculo (loja, id na loja) são únicos no banco: o cliente novo entra por `inserir_se_novo` e o
vínculo por `inserir_ou_atualizar`, sem consultar antes de gravar."""
from erp.comum.banco import inserir_ou_atualizar, inserir_se_novo
from erp.extensions import db
from erp.vendas.models import Cliente, ClienteLoja


def _achar(dados: dict) -> Cliente | None:
    cliente = db.session.query(Cliente).filter(Cliente.cpf_cnpj == dados["cpf_cnpj"]).first()
    if cliente is None and dados.get("email"):
        # Só casa pelo e-mail um cadastro sem documento: o mesmo e-mail pode ser da empresa e do sócio.
        cliente = (db.session.query(Cliente)
                   .filter(Cliente.email == dados["email"], Cliente.cpf_cnpj.is_(None)).first())
    return cliente


def _atualizar(cliente: Cliente, dados: dict) -> None:
    for campo, valor in dados.items():
        if valor not in (None, "") and getattr(cliente, campo) != valor:
            setattr(cliente, campo, valor)
    if dados["indicador_ie"] != cliente.indicador_ie:
        cliente.indicador_ie, cliente.ie = dados["indicador_ie"], dados["ie"]


def cliente_do_pedido(loja_id: int, dados: dict, tray_id: str | None) -> Cliente:
    """`dados`: os campos do Cliente (CPF/CNPJ obrigatório). Sem commit."""
    cliente = _achar(dados)
    if cliente is None:
        novo = inserir_se_novo(Cliente, dados, ["cpf_cnpj"])
        if novo is not None:
            cliente = db.session.get(Cliente, novo)
        else:  # outra transação acabou de cadastrar o mesmo documento
            cliente = _achar(dados)
            _atualizar(cliente, dados)
    else:
        _atualizar(cliente, dados)
    if tray_id:
        db.session.flush()
        inserir_ou_atualizar(ClienteLoja, {"loja_id": loja_id, "cliente_id": cliente.id, "tray_id": tray_id},
                             ["loja_id", "tray_id"], ["cliente_id"])
    return cliente
