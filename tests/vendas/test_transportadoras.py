"""Transportadoras (administradores) e as formas de envio de cada loja ligadas a elas."""
from erp.comum.documentos import dv_cnpj
from erp.extensions import db
from erp.pedidos.importacao import importar_lote
from erp.usuarios.services import criar_usuario
from erp.vendas import transportadoras
from erp.vendas.models import EnvioTransportadora, Transportadora
from tests.util import SENHA_TESTE, entrar, postar

CNPJ = "197203400001" + dv_cnpj("197203400001")
DADOS = {"nome": "Jadlog Logística S.A.", "cpf_cnpj": CNPJ, "ie": "110.042.490.114",
         "endereco": "Av. Jornalista Paulo Zingg, 810", "municipio": "São Paulo", "uf": "SP"}


def test_cadastra_e_edita_transportadora(logado):
    resposta = postar(logado, "/vendas/transportadoras", DADOS, pagina="/vendas/transportadoras")
    assert resposta.status_code == 302
    jadlog = db.session.query(Transportadora).one()
    assert (jadlog.nome, jadlog.cpf_cnpj, jadlog.ie, jadlog.uf) == (DADOS["nome"], CNPJ, "110042490114", "SP")
    lista = logado.get("/vendas/transportadoras").get_data(as_text=True)
    assert "Jadlog Logística S.A." in lista
    postar(logado, f"/vendas/transportadoras/{jadlog.id}", {**DADOS, "municipio": "Barueri"},
           pagina="/vendas/transportadoras")
    db.session.refresh(jadlog)
    assert jadlog.municipio == "Barueri"


def test_transportadora_com_cnpj_invalido_volta_com_o_erro(logado):
    resposta = postar(logado, "/vendas/transportadoras", {**DADOS, "cpf_cnpj": "19720340000100"},
                      pagina="/vendas/transportadoras")
    assert resposta.status_code == 422
    assert "CNPJ ou CPF inválido" in resposta.get_data(as_text=True)
    assert db.session.query(Transportadora).count() == 0


def test_transportadoras_so_para_administradores(client, app):
    criar_usuario("equipe@erp.local", SENHA_TESTE, admin=False)
    entrar(client, "equipe@erp.local")
    assert client.get("/vendas/transportadoras").status_code == 403
    assert client.get("/vendas/transportadoras/envios").status_code == 403


def test_forma_de_envio_da_loja_ligada_a_transportadora_e_a_retirada(logado, loja):
    importar_lote(loja, ["1001", "1002"])  # SEDEX
    jadlog = transportadoras.salvar_transportadora(DADOS)
    pagina = logado.get(f"/vendas/transportadoras/envios?loja={loja.id}").get_data(as_text=True)
    assert 'data-forma="SEDEX"' in pagina
    resposta = postar(logado, "/vendas/transportadoras/envios",
                      {"loja": loja.id, "forma": ["SEDEX", "Retirar na loja"], "destino": [str(jadlog.id), "retirada"]},
                      pagina="/vendas/transportadoras")
    assert resposta.status_code == 302
    envios = {e.forma_envio: (e.transportadora_id, e.retirada) for e in db.session.query(EnvioTransportadora)}
    assert envios == {"SEDEX": (jadlog.id, False), "Retirar na loja": (None, True)}
    postar(logado, "/vendas/transportadoras/envios", {"loja": loja.id, "forma": ["SEDEX"], "destino": [""]},
           pagina="/vendas/transportadoras")
    assert {e.forma_envio for e in db.session.query(EnvioTransportadora)} == {"Retirar na loja"}
