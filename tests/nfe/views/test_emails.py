"""Tela E-mails (o que foi ao comprador e o que falhou, com reenvio) e a nota autorizada com XML e DANFE."""
from erp.extensions import db
from erp.nfe.models import EmailNFe, NotaFiscal
from erp.tarefas.fila import executar_pendentes
from tests.nfe.apoio import assinar, transmitir
from tests.nfe.services import fabrica
from tests.util import csrf_de, porta_livre


def _autorizada(runner) -> NotaFiscal:
    [nota] = assinar(runner, fabrica.venda())
    assert transmitir(runner, nota)[0]["resultado"] == "autorizada"
    db.session.expire_all()
    return db.session.get(NotaFiscal, nota.id)


def test_tela_lista_enviados_e_falhas_e_reenvia(logado, runner, app, empresa, sefaz_sim, smtp):
    enviada = _autorizada(runner)
    executar_pendentes()
    app.config.update(SMTP_URL=f"smtp://127.0.0.1:{porta_livre()}", EMAIL_TENTATIVAS=1)  # servidor fora do ar
    falha = _autorizada(runner)
    executar_pendentes()

    pagina = logado.get("/nfe/emails")
    html = pagina.get_data(as_text=True)
    assert pagina.status_code == 200
    assert f'href="/nfe/{enviada.id}"' in html and f'href="/nfe/{falha.id}"' in html
    assert "Enviado" in html and "Falhou" in html and "Connection refused" in html
    assert "cliente@example.com" in html and "XML e DANFE" in html
    falhados = logado.get("/nfe/emails?situacao=falhou").get_data(as_text=True)
    assert f'href="/nfe/{falha.id}"' in falhados and f'href="/nfe/{enviada.id}"' not in falhados

    app.config.update(SMTP_URL=f"smtp://127.0.0.1:{smtp.porta}", EMAIL_TENTATIVAS=6)
    registro = db.session.query(EmailNFe).filter_by(nota_id=falha.id).one()
    resposta = logado.post(f"/nfe/emails/{registro.id}/reenviar", data={"csrf_token": csrf_de(pagina)})
    assert resposta.status_code == 302
    executar_pendentes()
    assert len(smtp.mensagens) == 2
    db.session.expire_all()
    assert db.session.get(EmailNFe, registro.id).situacao == "enviado"


def test_tela_avisa_quando_o_envio_esta_desligado(logado, app):
    app.config.pop("SMTP_URL", None)
    html = logado.get("/nfe/emails").get_data(as_text=True)
    assert 'id="email-desligado"' in html and "Nenhum e-mail registrado." in html


def test_nota_autorizada_tem_xml_e_danfe_a_um_clique(logado, runner, empresa, sefaz_sim):
    nota = _autorizada(runner)

    html = logado.get(f"/nfe/{nota.id}").get_data(as_text=True)

    assert f'href="/nfe/{nota.id}/xml"' in html and f'href="/nfe/{nota.id}/danfe"' in html
    xml = logado.get(f"/nfe/{nota.id}/xml")
    assert xml.data == nota.xml_proc and f"filename={nota.chave}.xml" in xml.headers["Content-Disposition"]
    pdf = logado.get(f"/nfe/{nota.id}/danfe")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
