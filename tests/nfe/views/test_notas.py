"""Telas Notas e NF-e: a lista, a nota com o histórico e o download do XML."""
from erp.extensions import db
from erp.nfe.models import NotaFiscal
from tests.nfe.apoio import gerar_vendas
from tests.nfe.services import fabrica


def test_notas_e_download_do_xml(logado, runner, empresa):
    [resultado] = gerar_vendas(runner, fabrica.venda())
    nota = db.session.query(NotaFiscal).one()

    html = logado.get("/nfe/notas").get_data(as_text=True)
    assert "Assinada" in html and resultado["chave"] in html and "R$ 79,80" in html

    resposta = logado.get(f"/nfe/{nota.id}/xml")
    assert resposta.status_code == 200
    assert resposta.mimetype == "application/xml"
    assert f'filename={resultado["chave"]}.xml' in resposta.headers["Content-Disposition"]
    assert resposta.data == nota.xml
    detalhe = logado.get(f"/nfe/{nota.id}").get_data(as_text=True)
    assert "Histórico" in detalhe and ">XML assinado<" in detalhe
    assert logado.get("/nfe/9999/xml").status_code == 404


def test_tela_exige_login(client):
    assert client.get("/nfe/notas").status_code == 302
