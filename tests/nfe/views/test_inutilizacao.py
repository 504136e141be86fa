"""Tela Inutilização: os números pendentes e o pedido à SEFAZ."""
from erp.extensions import db
from erp.nfe.services import estados
from tests.nfe.apoio import assinar
from tests.nfe.services import fabrica
from tests.util import postar


def test_inutilizacao_pela_tela(logado, runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    estados.descartar(nota, "Venda cancelada.")
    db.session.commit()
    assert "Venda cancelada." in logado.get("/nfe/inutilizacao").get_data(as_text=True)

    resposta = postar(logado, "/nfe/inutilizacao", {}, pagina="/nfe/inutilizacao", follow_redirects=True)

    html = resposta.get_data(as_text=True)
    assert "Série 1, nº 1: inutilizada." in html and "Nenhum número pendente." in html
