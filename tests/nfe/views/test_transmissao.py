"""Tela Transmissão: transmitir as notas assinadas pela lista de notas e acompanhar na fila."""
from erp.extensions import db
from erp.nfe.models import NotaFiscal
from erp.tarefas import fila
from tests.nfe.apoio import assinar
from tests.nfe.services import fabrica
from tests.util import postar


def test_transmitir_pendentes_pela_lista_de_notas(logado, runner, empresa, sefaz_sim):
    notas = assinar(runner, fabrica.venda(), fabrica.venda())
    pagina = logado.get("/nfe/notas").get_data(as_text=True)
    assert 'id="transmitir-pendentes"' in pagina and pagina.count("transmitir-nota") == 2

    resposta = postar(logado, "/nfe/transmitir", {"pendentes": "1"}, pagina="/nfe/notas")

    assert resposta.status_code == 302 and "/nfe/transmissao/" in resposta.headers["Location"]
    assert fila.executar_pendentes() >= 1
    html = logado.get(resposta.headers["Location"]).get_data(as_text=True)
    assert "Transmissão de 2 NF-e à SEFAZ iniciada." in html
    assert html.count("Autorizada") == 2 and "2 NF-e autorizada(s), 0 não autorizada(s)." in html
    db.session.expire_all()
    assert {db.session.get(NotaFiscal, n.id).situacao for n in notas} == {"autorizada"}
    lista = logado.get("/nfe/notas").get_data(as_text=True)
    assert lista.count("baixar-danfe") == 2
