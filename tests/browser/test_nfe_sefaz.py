"""No navegador: transmitir as NF-e assinadas pela tela Notas, ver “Autorizada”, abrir o DANFE e registrar uma CC-e."""
from erp.nfe.services import emissao
from erp.tarefas import fila
from tests.conftest import captura
from tests.nfe.services import fabrica
from tests.nfe.sefaz.conftest import sandbox, sefaz_sim  # noqa: F401 — fixture do simulador da SEFAZ


def test_transmitir_pela_tela_de_notas(pagina, app, sefaz_sim):  # noqa: F811
    fabrica.empresa()
    ana = fabrica.venda(cliente_=fabrica.cliente(nome="Ana Souza"))
    bruno = fabrica.venda(cliente_=fabrica.cliente(nome="Bruno Lima", uf="MG"))
    assert all(r.sucesso for r in emissao.gerar([ana.id, bruno.id]))

    pagina.goto(f"{pagina.base}/nfe/notas")
    assert pagina.locator("#tabela-notas .situacao-nfe").all_inner_texts() == ["Assinada", "Assinada"]
    pagina.click("#transmitir-pendentes")
    pagina.wait_for_url("**/nfe/transmissao/*")
    assert "Transmissão de 2 NF-e à SEFAZ iniciada." in pagina.locator(".alert-info.alert-dismissible").inner_text()

    assert fila.executar_pendentes() >= 1  # o trabalhador da fila, aqui na thread do teste

    progresso = pagina.locator(".tarefa-progresso[data-situacao=concluida]")
    progresso.wait_for()
    assert "2 de 2 · 2 ok · 0 com falha" in progresso.locator(".tarefa-contagem").inner_text()
    assert progresso.locator(".tarefa-resultados").inner_text().count("Autorizada") == 2
    links = progresso.locator(".tarefa-resultados a.link-nfe")
    assert links.count() == 2 and all(h.startswith("/nfe/") for h in
                                      [links.nth(i).get_attribute("href") for i in range(2)])
    assert [r["servico"] for r in sandbox(sefaz_sim, "requisicoes")["requisicoes"]] == [
        "NFeAutorizacao4", "NFeRetAutorizacao4", "NFeRetAutorizacao4"]

    pagina.click("#voltar-notas")
    linha = pagina.locator("#tabela-notas tbody tr", has_text="Ana Souza")
    assert linha.locator(".situacao-nfe").inner_text() == "Autorizada"
    assert linha.locator("a.baixar-danfe").count() == 1
    linha.locator("td a").first.click()
    pagina.wait_for_url("**/nfe/*")
    assert pagina.locator("h1 .situacao-nfe").inner_text() == "Autorizada"
    danfe = pagina.request.get(pagina.base + pagina.locator("#danfe-nota").get_attribute("href"))
    assert danfe.headers["content-type"] == "application/pdf" and danfe.body().startswith(b"%PDF")
    assert "Autorizada pela SEFAZ" in pagina.locator("#eventos-nota .tipo-evento").all_inner_texts()
    captura(pagina, "nfe_autorizada")

    pagina.click("#cce-nota")
    pagina.fill("#correcao", "Endereço de entrega: Rua das Flores, 25, fundos")
    pagina.click("#enviar-cce")
    assert "Carta de correção registrada na SEFAZ" in pagina.locator(".alert-success").inner_text()
    linha_evento = pagina.locator("#eventos-sefaz tbody tr").first
    assert linha_evento.locator(".situacao-evento").inner_text() == "Registrado"
    captura(pagina, "nfe_eventos")


def test_cancelar_pede_confirmacao_e_a_venda_volta_para_emitir(pagina, app, sefaz_sim):  # noqa: F811
    from tests.nfe.apoio import assinar, transmitir

    fabrica.empresa()
    venda = fabrica.venda(cliente_=fabrica.cliente(nome="Diana Prado"))
    runner = app.test_cli_runner()
    [nota] = assinar(runner, venda)
    transmitir(runner, nota)

    pagina.goto(f"{pagina.base}/nfe/{nota.id}/eventos")
    pagina.fill("#justificativa", "Cliente desistiu da compra antes do envio")
    pagina.click("#pedir-cancelamento")
    # A confirmação: o que vai ser cancelado, o aviso e a justificativa ainda editável; nada foi à SEFAZ.
    pagina.locator("#confirmacao-cancelamento").wait_for()
    assert "não pode ser desfeito" in pagina.locator("#aviso-cancelamento").inner_text()
    assert "Diana Prado" in pagina.locator("#resumo-cancelamento").inner_text()
    assert "NFeRecepcaoEvento4" not in [r["servico"] for r in sandbox(sefaz_sim, "requisicoes")["requisicoes"]]
    captura(pagina, "nfe_confirmar_cancelamento")
    pagina.click("#confirmar-cancelamento")
    assert "Cancelamento registrado na SEFAZ" in pagina.locator(".alert-success").inner_text()
    assert "NFeRecepcaoEvento4" in [r["servico"] for r in sandbox(sefaz_sim, "requisicoes")["requisicoes"]]

    pagina.goto(f"{pagina.base}/vendas/{venda.id}")
    assert "NF-e cancelada" in pagina.locator("body").inner_text()
    pagina.goto(f"{pagina.base}/nfe/emitir")
    assert pagina.locator(f".selecionar-venda[value='{venda.id}']").count() == 1


def test_contingencia_svc_pela_tela_de_notas(pagina, app, sefaz_sim):  # noqa: F811
    fabrica.empresa()
    assert all(r.sucesso for r in emissao.gerar([fabrica.venda().id]))
    sandbox(sefaz_sim, "status", "post", cstat=109)

    pagina.goto(f"{pagina.base}/nfe/notas")
    assert "não verificado" in pagina.locator("#status-servicos").inner_text()
    pagina.click("#status-sefaz")
    servicos = pagina.locator("#status-servicos")
    assert "SP: 109 Serviço Paralisado sem Previsão — verificado em" in servicos.inner_text()
    assert "SVC-AN (contingência): 107 Serviço em Operação — verificado em" in servicos.inner_text()

    pagina.fill("#justificativa-contingencia", "SEFAZ SP fora do ar sem previsao")
    pagina.click("#entrar-contingencia")
    banner = pagina.locator("#contingencia-ativa")
    assert "Em contingência na SVC-AN (tpEmis 6) desde" in banner.inner_text()
    assert "SEFAZ SP fora do ar sem previsao" in banner.inner_text()
    captura(pagina, "nfe_contingencia")

    pagina.click("#transmitir-pendentes")
    pagina.wait_for_url("**/nfe/transmissao/*")
    assert fila.executar_pendentes() >= 1
    pagina.locator(".tarefa-progresso[data-situacao=concluida]").wait_for()
    pagina.click("#voltar-notas")
    assert pagina.locator("#tabela-notas .situacao-nfe").all_inner_texts() == ["Autorizada"]
    assert pagina.locator("#tabela-notas td.font-monospace").inner_text()[34] == "6"
    assert len(sandbox(sefaz_sim, "svc/notas")["notas"]) == 1

    pagina.click("#sair-contingencia")
    assert "Emissão normal de novo" in pagina.locator(".alert-success").inner_text()
    assert pagina.locator("#contingencia-ativa").count() == 0
