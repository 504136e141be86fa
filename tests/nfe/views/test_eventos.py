"""Tela Eventos da nota: DANFE, carta de correção e cancelamento de uma nota autorizada."""
from tests.nfe.apoio import assinar, transmitir
from tests.nfe.services import fabrica
from tests.util import postar


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

    # O botão da tela de eventos só abre a confirmação: nada vai à SEFAZ antes do "Sim".
    resposta = postar(logado, f"/nfe/{nota.id}/cancelar", {"justificativa": "  Cliente desistiu da compra "},
                      pagina=eventos)
    html = resposta.get_data(as_text=True)
    assert resposta.status_code == 200 and 'id="confirmar-cancelamento"' in html
    assert "não pode ser desfeito" in html and ">Cliente desistiu da compra</textarea>" in html
    assert nota.situacao == "autorizada" and all(e.tipo != "110111" for e in nota.eventos_sefaz)

    resposta = postar(logado, f"/nfe/{nota.id}/cancelar",
                      {"justificativa": "Cliente desistiu da compra", "confirmado": "sim"},
                      pagina=eventos, follow_redirects=True)
    html = resposta.get_data(as_text=True)
    assert "Cancelamento registrado na SEFAZ" in html and 'data-situacao="cancelada"' in html
    assert 'id="pedir-cancelamento"' not in html
