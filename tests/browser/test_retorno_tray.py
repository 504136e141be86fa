"""Retorno à Tray no navegador: a lista de envios com situações e erros, "Tentar de novo" e a configuração."""
import logging

import pytest
from playwright.sync_api import expect

from erp.extensions import db
from erp.lojas_virtuais import services as lojas
from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.retorno_tray import services
from erp.tarefas.fila import executar_pendentes
from erp.pedidos import consultas_tray
from tests.conftest import captura
from tests.retorno_tray.apoio import Sim, semente, venda_com_nota


@pytest.fixture
def cenario(app, tray_sim_factory):
    app.config.update(TRAY_ESPERA_BASE_S=0.01, TRAY_JANELA_S=1.0, RETORNO_TRAY_ESPERA_BASE_S=0,
                      RETORNO_TRAY_TENTATIVAS=2)
    logging.getLogger("erp.lojas_virtuais.tray").disabled = False
    descartar_cliente()
    consultas_tray.limpar_cache()
    principal = tray_sim_factory(semente())
    outra = tray_sim_factory(semente(id="654321", code="code-outra"))
    app.config.update(TRAY_CONSUMER_KEY=principal.consumer_key, TRAY_CONSUMER_SECRET=principal.consumer_secret)
    bela = lojas.conectar_loja(principal.store_id, principal.url_api, principal.code, nome="Loja Bela Casa")
    nova = lojas.conectar_loja(outra.store_id, outra.url_api, outra.code, nome="Loja Nova")
    services.salvar_configuracao(bela, ativo=True, alterar_status=True, status_nome="NOTA FISCAL EMITIDA")
    sim, sim_nova = Sim(principal), Sim(outra)
    sim.falhar("500", prefixo="/orders/1002/invoices", metodo="POST", quantidade=2)
    for nota in (venda_com_nota(bela, "1001", 601), venda_com_nota(bela, "1002", 602),
                 venda_com_nota(bela, "1003", 603, dv_errado=True), venda_com_nota(nova, "1001", 604)):
        services.nota_autorizada(nota)
    db.session.commit()
    executar_pendentes()
    yield {"bela": bela.id, "nova": nova.id, "sim": sim, "sim_nova": sim_nova}
    descartar_cliente()


def test_lista_de_envios_tentar_de_novo_e_configurar(pagina, cenario):
    pagina.goto(f"{pagina.base}/retorno-tray/")
    assert pagina.locator("h1").inner_text().startswith("Retorno à Tray")
    linhas = pagina.locator("#tabela-retorno tbody tr[data-envio]")
    assert linhas.count() == 4
    situacoes = sorted(linhas.evaluate_all("ls => ls.map(l => l.dataset.situacao)"))
    assert situacoes == ["concluido", "falhou", "falhou", "pendente"]
    assert "Loja Nova" in pagina.locator("#lojas-sem-configuracao").inner_text()
    texto = pagina.locator("#tabela-retorno").inner_text()
    assert "A Tray não respondeu depois de 2 tentativas: Loja Tray indisponível (erro 500)" in texto
    assert "A Tray recusou a nota fiscal do pedido 1003: key: dígito verificador da chave de acesso inválido" in texto
    assert "ainda não tem o retorno à Tray configurado" in texto
    assert pagina.locator('#contagem-situacoes a[data-situacao="falhou"] .badge').inner_text() == "2"
    captura(pagina, "retorno_tray")

    # A loja voltou: "Tentar de novo" na nota que falhou por indisponibilidade.
    cenario["sim"].limpar_falhas()
    linha = pagina.locator("#tabela-retorno tbody tr[data-envio]", has_text="nº 602")
    linha.locator("button.tentar-de-novo").click()
    pagina.wait_for_selector(".alert-success")
    assert "A NF-e do pedido 1002 voltou para a fila de envio à Tray." in pagina.locator(".alert-success").inner_text()
    assert pagina.locator("#tabela-retorno tbody tr[data-envio]", has_text="nº 602").get_attribute(
        "data-situacao") == "pendente"
    executar_pendentes()
    pagina.reload()
    linha = pagina.locator("#tabela-retorno tbody tr[data-envio]", has_text="nº 602")
    assert linha.get_attribute("data-situacao") == "concluido"
    assert "NOTA FISCAL EMITIDA" in linha.locator(".status-na-tray").inner_text()
    assert len(cenario["sim"].notas("1002")) == 1 and len(cenario["sim"].emails("1002")) == 1

    # Configurar a loja que faltava, pelo link do aviso.
    pagina.click("#lojas-sem-configuracao >> text=Loja Nova")
    pagina.wait_for_url(f"**/lojas/{cenario['nova']}/retorno")
    assert "1 nota(s) aguardando envio" in pagina.locator("#aguardando").inner_text()
    opcoes = pagina.locator("#status-nome option").all_inner_texts()
    assert "AGUARDANDO PAGAMENTO" not in opcoes and "CANCELADO" not in opcoes  # só para a frente
    assert "Nenhum pedido muda de status agora" in pagina.locator("#previa-retorno").inner_text()
    pagina.select_option("#status-nome", "NOTA FISCAL EMITIDA")
    # A prévia se refaz ao mudar a escolha, antes de salvar: 1 pedido muda, 1 e-mail ao comprador.
    expect(pagina.locator("#previa-retorno .previa-emails")).to_have_text("1 e-mail(s)")
    assert "1 pedido(s) mudam para “NOTA FISCAL EMITIDA”" in pagina.locator("#previa-retorno").inner_text()
    pagina.uncheck("#alterar-status")
    expect(pagina.locator("#previa-retorno")).to_contain_text("nenhum e-mail é enviado")
    pagina.check("#alterar-status")
    expect(pagina.locator("#previa-retorno .previa-emails")).to_have_text("1 e-mail(s)")
    captura(pagina, "retorno_tray_configuracao")
    pagina.click("#salvar-retorno")
    pagina.wait_for_selector(".alert-success")
    executar_pendentes()
    pagina.goto(f"{pagina.base}/retorno-tray/?loja={cenario['nova']}")
    assert pagina.locator("#tabela-retorno tbody tr[data-envio]").get_attribute("data-situacao") == "concluido"
    assert len(cenario["sim_nova"].emails("1001")) == 1
