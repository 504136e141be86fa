"""Cliente de um pedido: um cadastro por CPF/CNPJ e um vínculo por id do cliente na loja, garantidos pelo banco."""
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.vendas.clientes import cliente_do_pedido
from erp.vendas.models import Cliente, ClienteLoja


def dados(**campos):
    base = {"nome": "Carla Nogueira", "tipo_pessoa": "F", "cpf_cnpj": "52998224725", "ie": "", "indicador_ie": 9,
            "email": "carla@example.com", "telefone": "", "celular": "", "data_nascimento": None, "sexo": "F",
            "logradouro": "Rua Harmonia", "numero": "90", "complemento": "", "bairro": "Vila Madalena",
            "municipio": "São Paulo", "municipio_ibge": "3550308", "uf": "SP", "cep": "05435000"}
    return {**base, **campos}


def loja() -> LojaVirtual:
    loja = LojaVirtual(nome="Loja", usuario="391250", site="https://loja.example.com.br/web_api")
    db.session.add(loja)
    db.session.commit()
    return loja


def test_mesmo_documento_e_o_mesmo_cliente_atualizado(app):
    loja_id = loja().id
    primeiro = cliente_do_pedido(loja_id, dados(), "7")
    db.session.commit()
    segundo = cliente_do_pedido(loja_id, dados(nome="Carla N. Souza", email="", telefone="(11) 3333-4444"), "7")
    db.session.commit()
    assert segundo.id == primeiro.id and db.session.query(Cliente).count() == 1
    # O que veio preenchido prevalece; o vazio não apaga.
    assert (segundo.nome, segundo.email, segundo.telefone) == ("Carla N. Souza", "carla@example.com",
                                                               "(11) 3333-4444")
    assert [(v.tray_id, v.cliente_id) for v in db.session.query(ClienteLoja)] == [("7", primeiro.id)]


def test_cadastro_sem_documento_casado_pelo_email(app):
    loja_id = loja().id
    antigo = Cliente(nome="Carla", cpf_cnpj=None, email="carla@example.com", municipio="São Paulo", uf="SP")
    db.session.add(antigo)
    db.session.commit()
    cliente = cliente_do_pedido(loja_id, dados(), None)
    db.session.commit()
    assert cliente.id == antigo.id and cliente.cpf_cnpj == "52998224725"
    assert db.session.query(ClienteLoja).count() == 0


def test_vinculo_da_loja_passa_ao_novo_dono_do_id(app):
    loja_id = loja().id
    carla = cliente_do_pedido(loja_id, dados(), "7")
    outro = cliente_do_pedido(loja_id, dados(nome="Paulo", cpf_cnpj="11144477735", email="paulo@example.com"), "7")
    db.session.commit()
    assert carla.id != outro.id
    assert [(v.tray_id, v.cliente_id) for v in db.session.query(ClienteLoja)] == [("7", outro.id)]
