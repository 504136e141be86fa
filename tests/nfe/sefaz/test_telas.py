"""Telas: transmitir pela lista de notas, DANFE, cancelamento, carta de correção e inutilização."""
from erp.extensions import db
from erp.nfe.models import NotaFiscal
from erp.nfe.services import estados
from erp.tarefas import fila
from tests.nfe.services import fabrica
from tests.nfe.sefaz.conftest import assinar, transmitir
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


def test_nota_autorizada_tem_danfe_cancelamento_e_carta_de_correcao(logado, runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    transmitir(runner, nota)
    pagina = logado.get(f"/nfe/{nota.id}").get_data(as_text=True)
    for botao in ("danfe-nota", "cancelar-nota", "cce-nota", "consultar-nota"):
        assert f'id="{botao}"' in pagina

    danfe = logado.get(f"/nfe/{nota.id}/danfe")
    assert danfe.mimetype == "application/pdf" and danfe.data.startswith(b"%PDF")

    eventos = f"/nfe/{nota.id}/eventos"
    resposta = postar(logado, f"/nfe/{nota.id}/cce", {"correcao": "Volumes: 2 caixas de papelão"}, pagina=eventos,
                      follow_redirects=True)
    html = resposta.get_data(as_text=True)
    assert "Carta de correção registrada na SEFAZ: protocolo" in html and "Carta de correção nº 2" in html

    resposta = postar(logado, f"/nfe/{nota.id}/cancelar", {"justificativa": "curta"}, pagina=eventos,
                      follow_redirects=True)
    assert "A justificativa precisa ter pelo menos 15 caracteres" in resposta.get_data(as_text=True)

    resposta = postar(logado, f"/nfe/{nota.id}/cancelar", {"justificativa": "Cliente desistiu da compra"},
                      pagina=eventos, follow_redirects=True)
    html = resposta.get_data(as_text=True)
    assert "Cancelamento registrado na SEFAZ" in html and 'data-situacao="cancelada"' in html
    assert 'id="confirmar-cancelamento"' not in html


def test_inutilizacao_pela_tela(logado, runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    estados.descartar(nota, "Venda cancelada.")
    db.session.commit()
    assert "Venda cancelada." in logado.get("/nfe/inutilizacao").get_data(as_text=True)

    resposta = postar(logado, "/nfe/inutilizacao", {}, pagina="/nfe/inutilizacao", follow_redirects=True)

    html = resposta.get_data(as_text=True)
    assert "Série 1, nº 1: inutilizada." in html and "Nenhum número pendente." in html
