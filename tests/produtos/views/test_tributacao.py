"""Tributação do produto na NF-e: pela tela do produto e pela planilha (docs/fiscal.md, "Impostos")."""
import io
from decimal import Decimal as D

from erp.extensions import db
from erp.produtos.models import Produto
from tests.util import csrf_de

FCI = "B01F70AF-10BF-4B1F-848C-65FF57F616FE"


def test_tributacao_do_produto_pela_tela(logado, app):
    pagina = logado.get("/produtos/novo")
    assert 'id="tributacao"' in pagina.get_data(as_text=True)
    resposta = logado.post("/produtos/novo", data={
        "csrf_token": csrf_de(pagina), "referencia": "REF-ST", "nome": "Lâmpada LED", "preco": "19,90",
        "ncm": "85395000", "cest": "0901700", "origem": "5", "cst_icms": "60", "csosn": "500",
        "substituicao_tributaria": "1", "cbenef": "sp123456", "nfci": FCI.lower(), "st_mva": "54,23",
        "st_aliquota_interna": "18", "fcp_destino": "2", "st_retido_base": "12,3456", "st_retido_aliquota": "18",
        "st_retido_valor": "0,95", "cst_ibs_cbs": "000", "cclass_trib": "000001",
    }, follow_redirects=True)
    assert resposta.status_code == 200, resposta.get_data(as_text=True)
    p = db.session.query(Produto).filter_by(referencia="REF-ST").one()
    assert (p.cst_icms, p.csosn, p.cbenef, p.nfci, p.substituicao_tributaria) == ("60", "500", "SP123456", FCI, True)
    assert (p.st_mva, p.fcp_destino, p.st_retido_base, p.st_retido_valor) == (
        D("54.2300"), D("2.00"), D("12.3456"), D("0.9500"))
    editar = logado.get(f"/produtos/{p.id}").get_data(as_text=True)
    assert 'value="54,23"' in editar and 'value="12,3456"' in editar


def test_tributacao_invalida_aparece_no_campo(logado, app):
    pagina = logado.get("/produtos/novo")
    resposta = logado.post("/produtos/novo", data={
        "csrf_token": csrf_de(pagina), "referencia": "REF-X", "nome": "X", "preco": "1", "nfci": "123"})
    assert "nFCI deve ser um GUID" in resposta.get_data(as_text=True)
    assert db.session.query(Produto).filter_by(referencia="REF-X").first() is None


def test_colunas_de_tributacao_na_planilha(logado, app):
    csv = ("referencia;nome;preco;ncm;cst_icms;substituicao_tributaria;st_mva;fcp_interno;cclass_trib\n"
           "P1;Pilha;9,90;85061019;10;1;40;2;000001\n"
           "P2;Pilha;9,90;85061019;99;;;;\n")
    resposta = logado.post("/produtos/planilha", data={
        "csrf_token": csrf_de(logado.get("/produtos/planilha")),
        "arquivo": (io.BytesIO(csv.encode()), "produtos.csv")}, content_type="multipart/form-data")
    pagina = resposta.get_data(as_text=True)
    assert "1 criado(s), 0 atualizado(s), 1 linha(s) com erro" in pagina and "CST do ICMS" in pagina
    p = db.session.query(Produto).filter_by(referencia="P1").one()
    assert (p.cst_icms, p.substituicao_tributaria, p.st_mva, p.fcp_interno, p.cclass_trib) == (
        "10", True, D("40.0000"), D("2.00"), "000001")
    modelo = logado.get("/produtos/planilha/modelo.csv").get_data(as_text=True)
    assert modelo.splitlines()[0].endswith("cst_ibs_cbs,cclass_trib")


def test_mudar_so_a_tributacao_nao_marca_o_produto_como_alterado_para_a_loja(app):
    from erp.produtos import services

    produto = services.salvar_produto({"referencia": "T-1", "nome": "Tomada", "preco": "5"})
    db.session.commit()
    antes = produto.alterado_em
    services.salvar_produto({"cst_icms": "60", "st_mva": "30"}, produto, parcial=True)
    db.session.commit()
    assert produto.alterado_em == antes and produto.cst_icms == "60"
    services.salvar_produto({"nome": "Tomada 10 A"}, produto, parcial=True)
    db.session.commit()
    assert produto.alterado_em > antes
