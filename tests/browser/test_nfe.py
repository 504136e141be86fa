"""No navegador: selecionar vendas, gerar e assinar as NF-e em lote, ver “Assinada” e baixar o XML."""
from lxml import etree

from erp.sandbox.verificacao import verificar_xmlsec1
from erp.nfe.fiscal.xsd import erros_schema
from erp.tarefas import fila
from tests.conftest import captura
from tests.nfe.services import fabrica


def test_emitir_nfe_em_lote_pelo_navegador(pagina, app):
    fabrica.empresa()
    ana = fabrica.venda(cliente_=fabrica.cliente(nome="Ana Souza"))
    bruno = fabrica.venda(cliente_=fabrica.cliente(nome="Bruno Lima", uf="MG"))
    sem_ncm = fabrica.produto(nome="Vela aromática", ncm=None)
    carla = fabrica.venda(cliente_=fabrica.cliente(nome="Carla Dias"), itens=[(sem_ncm, "1", "10.00")])

    pagina.click("nav >> text=NF-e")
    pagina.wait_for_url(f"{pagina.base}/nfe/emitir")
    linhas = pagina.locator("#tabela-emitir tbody tr")
    assert linhas.count() == 3
    pagina.check("#selecionar-todas")
    assert pagina.locator(".selecionar-venda:checked").count() == 3
    pagina.uncheck(f".selecionar-venda[value='{bruno.id}']")
    pagina.click("#gerar-selecionadas")
    pagina.wait_for_url("**/nfe/emitir?tarefa=*")
    assert "Geração de 2 NF-e iniciada." in pagina.locator(".alert-info.alert-dismissible").inner_text()

    assert fila.executar_pendentes() == 1  # o trabalhador da fila, aqui na thread do teste

    progresso = pagina.locator(".tarefa-progresso[data-situacao=concluida]")
    progresso.wait_for()  # a barra se atualiza sozinha (htmx)
    assert "2 de 2 · 1 ok · 1 com falha" in progresso.locator(".tarefa-contagem").inner_text()
    resultados = progresso.locator(".tarefa-resultados")
    assert "Assinada" in resultados.locator("tr", has_text=f"Venda {ana.id}").inner_text()
    nota_ana = db_nota_da_venda(ana.id)
    link = resultados.locator("tr", has_text=f"Venda {ana.id}").locator("a.link-nfe")
    assert link.inner_text() == f"NF-e nº {nota_ana.numero}" and link.get_attribute("href") == f"/nfe/{nota_ana.id}"
    falha = resultados.locator("tr", has_text=f"Venda {carla.id}").inner_text()
    assert "Falhou" in falha and "Vela aromática" in falha and "NCM" in falha

    pagina.reload()
    assert pagina.locator(f".selecionar-venda[value='{ana.id}']").count() == 0  # já tem NF-e
    linha_carla = pagina.locator(f"#tabela-emitir tr[data-venda='{carla.id}']")
    assert linha_carla.locator("a:has-text('corrigir')").get_attribute("href").startswith(f"/produtos/{sem_ncm.id}")
    captura(pagina, "nfe_emitir")

    pagina.click("#abas-nfe >> text=Notas")
    linha = pagina.locator("#tabela-notas tbody tr", has_text="Ana Souza")
    assert linha.locator(".situacao-nfe").inner_text() == "Assinada"
    with pagina.expect_download() as espera:
        linha.locator("a.baixar-xml").click()
    baixado = espera.value
    xml = open(baixado.path(), "rb").read()
    assert baixado.suggested_filename.endswith(".xml") and len(baixado.suggested_filename) == 48
    assert erros_schema(etree.fromstring(xml)) == []
    verificar_xmlsec1(xml, fabrica.pem())
    captura(pagina, "nfe_notas")

    pagina.click("#abas-nfe >> text=Empresa")
    certificado = pagina.locator("#dados-certificado").inner_text()
    assert "EMPORIO PAULISTA:45378261000188" in certificado and "45.378.261/0001-88" in certificado
    assert pagina.input_value("#e-razao_social") == "Empório Paulista Comércio de Presentes Ltda"
    captura(pagina, "nfe_empresa")

    # A IE é conferida ao salvar (dígitos verificadores da UF): o erro aparece no campo e nada muda.
    ie_certa = pagina.input_value("#e-ie")
    pagina.fill("#e-ie", ie_certa[:-1] + str((int(ie_certa[-1]) + 1) % 10))
    pagina.click("#salvar-empresa")
    assert "Inscrição estadual inválida para SP" in pagina.locator("#e-ie + .invalid-feedback").inner_text()
    assert db_empresa_ie() == ie_certa


def test_emitir_todas_do_filtro_gera_as_vendas_de_todas_as_paginas(pagina, app):
    from erp.nfe.models import NotaFiscal

    app.config["ITENS_POR_PAGINA"] = 2
    fabrica.empresa()
    mineiras = [fabrica.venda(cliente_=fabrica.cliente(nome=f"Cliente MG {n}", uf="MG")) for n in range(3)]
    paulista = fabrica.venda(cliente_=fabrica.cliente(nome="Cliente SP", uf="SP"))

    pagina.goto(f"{pagina.base}/nfe/emitir")
    pagina.select_option("#f-uf", "MG")
    pagina.click("#filtros-nfe button[type=submit]")
    pagina.wait_for_url("**uf=MG**")
    assert pagina.locator("#tabela-emitir tbody tr").count() == 2  # a página mostra 2 das 3
    botao = pagina.locator("#emitir-todas-filtro")
    assert "(3)" in botao.inner_text()

    pagina.once("dialog", lambda dialogo: dialogo.dismiss())  # "Cancelar" na pergunta: nada acontece
    botao.click()
    assert "tarefa=" not in pagina.url and db_notas() == 0

    pagina.once("dialog", lambda dialogo: dialogo.accept())
    botao.click()
    pagina.wait_for_url("**tarefa=*")
    assert "Geração de 3 NF-e iniciada (todas as vendas do filtro)." in pagina.locator(".alert-info.alert-dismissible").inner_text()
    assert "uf=MG" in pagina.url
    assert fila.executar_pendentes() == 1
    pagina.locator(".tarefa-progresso[data-situacao=concluida]").wait_for()
    assert "3 de 3 · 3 ok" in pagina.locator(".tarefa-contagem").inner_text()
    com_nota = {n.venda_id for n in app.extensions["sqlalchemy"].session.query(NotaFiscal)}
    assert com_nota == {v.id for v in mineiras} and paulista.id not in com_nota


def db_notas() -> int:
    from erp.extensions import db
    from erp.nfe.models import NotaFiscal

    return db.session.query(NotaFiscal).count()


def db_nota_da_venda(venda_id: int):
    from erp.extensions import db
    from erp.nfe.models import NotaFiscal

    return db.session.query(NotaFiscal).filter_by(venda_id=venda_id).one()


def db_empresa_ie() -> str:
    from erp.extensions import db
    from erp.nfe.models import Empresa

    db.session.expire_all()
    return db.session.query(Empresa).one().ie
