"""No navegador: a NF-e autorizada mostra o XML arquivado e o e-mail enviado ao comprador; a tela E-mails lista
o envio e oferece o reenvio do que falhou."""
from erp.nfe.services import emissao, transmissao
from erp.tarefas import fila
from tests.conftest import captura
from tests.nfe.conftest import sefaz_sim, smtp  # noqa: F401 — fixtures da SEFAZ simulada e do SMTP local
from tests.nfe.services import fabrica
from tests.util import porta_livre


def test_nota_autorizada_com_arquivo_e_email(pagina, app, sefaz_sim, smtp):  # noqa: F811
    fabrica.empresa()
    ana = fabrica.venda(cliente_=fabrica.cliente(nome="Ana Souza", email="ana@example.com"))
    [gerada] = emissao.gerar([ana.id])
    assert transmissao.transmitir([gerada.nota_id])[0].resultado == "autorizada"
    assert fila.executar_pendentes() >= 1
    [(_, destinatarios, mensagem)] = smtp.mensagens
    assert destinatarios == ["ana@example.com"]
    assert [p.get_filename() for p in mensagem.iter_attachments()] == [f"{gerada.chave}.xml", f"{gerada.chave}.pdf"]

    pagina.goto(f"{pagina.base}/nfe/{gerada.nota_id}")
    assert pagina.locator("h1 .situacao-nfe").inner_text() == "Autorizada"
    assert f"{gerada.chave}-procNFe.xml" in pagina.locator("#arquivos-nota").inner_text()
    assert pagina.locator("#emails-nota .email-situacao").inner_text() == "Enviado"
    xml = pagina.request.get(pagina.base + pagina.locator("a", has_text="Baixar XML").get_attribute("href"))
    assert xml.body().startswith(b"<?xml") and b"<nfeProc" in xml.body()
    assert pagina.locator("#danfe-nota").count() == 1
    captura(pagina, "nfe_documentos")

    pagina.click("#abas-nfe >> text=E-mails")
    pagina.wait_for_url("**/nfe/emails")
    linha = pagina.locator("#tabela-emails tbody tr").first
    assert "ana@example.com" in linha.inner_text() and linha.get_attribute("data-situacao") == "enviado"


def test_reenviar_pela_tela(pagina, app, sefaz_sim, smtp):  # noqa: F811
    fabrica.empresa()
    porta_certa = app.config["SMTP_URL"]
    app.config.update(SMTP_URL=f"smtp://127.0.0.1:{porta_livre()}", EMAIL_TENTATIVAS=1)  # servidor fora do ar
    venda = fabrica.venda()
    [gerada] = emissao.gerar([venda.id])
    transmissao.transmitir([gerada.nota_id])
    fila.executar_pendentes()

    pagina.goto(f"{pagina.base}/nfe/emails")
    linha = pagina.locator("#tabela-emails tbody tr").first
    assert linha.get_attribute("data-situacao") == "falhou" and "Falhou" in linha.inner_text()
    app.config.update(SMTP_URL=porta_certa, EMAIL_TENTATIVAS=6)
    linha.locator("button", has_text="Reenviar").click()
    assert "de volta à fila" in pagina.locator(".alert-success").inner_text()
    fila.executar_pendentes()
    pagina.reload()
    assert pagina.locator("#tabela-emails tbody tr").first.get_attribute("data-situacao") == "enviado"
    captura(pagina, "nfe_emails")
