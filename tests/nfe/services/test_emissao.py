"""`flask nfe gerar --json`: cada cenário vira uma NF-e que passa no XSD e na verificação do xmlsec1."""
from decimal import Decimal as D

from erp.extensions import db
from erp.nfe.fiscal.tabelas import TEXTO_HOMOLOGACAO
from erp.nfe.models import NotaEvento, NotaFiscal
from tests.nfe.apoio import NS, conferir, gerar_vendas, texto
from tests.nfe.services import fabrica


def test_pessoa_fisica_na_mesma_uf_simples_nacional(runner, empresa):
    venda = fabrica.venda()

    [resultado] = gerar_vendas(runner, venda)

    assert resultado["venda"] == venda.id
    assert resultado["pedido_tray"] == venda.pedido_tray_id
    assert (resultado["numero"], resultado["serie"]) == (1, 1)
    inf = conferir(resultado)
    assert texto(inf, "n:ide/n:idDest") == "1"
    assert texto(inf, "n:ide/n:tpAmb") == "2"
    assert texto(inf, "n:dest/n:xNome") == TEXTO_HOMOLOGACAO
    assert texto(inf, "n:dest/n:CPF") == venda.cliente.cpf_cnpj
    assert texto(inf, "n:det/n:prod/n:CFOP") == "5102"
    assert texto(inf, "n:det/n:imposto/n:ICMS/n:ICMSSN102/n:CSOSN") == "102"
    assert texto(inf, "n:total/n:ICMSTot/n:vNF") == "79.80"
    assert texto(inf, "n:pag/n:detPag/n:tPag") == "17"
    nota = db.session.query(NotaFiscal).filter_by(venda_id=venda.id).one()
    assert nota.situacao == "assinada"
    assert nota.valor_total == D("79.80")
    assert nota.lote_id is not None
    assert db.session.get(type(venda), venda.id).situacao == "pronto_para_faturar"
    eventos = db.session.query(NotaEvento).filter_by(nota_id=nota.id).order_by(NotaEvento.id).all()
    assert [e.tipo for e in eventos] == ["numero_reservado", "xml_assinado"]
    assert eventos[1].mensagem == f"NF-e assinada; lote {nota.lote_id}."


def test_pessoa_juridica_contribuinte_em_outra_uf_regime_normal(runner, app):
    fabrica.empresa(crt=3)
    venda = fabrica.venda(cliente_=fabrica.cliente_pj(uf="PR"))

    [resultado] = gerar_vendas(runner, venda)

    inf = conferir(resultado)
    assert texto(inf, "n:ide/n:idDest") == "2"
    assert texto(inf, "n:dest/n:CNPJ") == fabrica.CNPJ_CLIENTE_PJ
    assert texto(inf, "n:dest/n:indIEDest") == "1"
    assert texto(inf, "n:det/n:prod/n:CFOP") == "6102"
    icms = inf.find("n:det/n:imposto/n:ICMS/n:ICMS00", NS)
    assert texto(icms, "n:pICMS") == "12.00"  # SP → PR (Sul/Sudeste entre si)
    assert texto(icms, "n:vICMS") == "9.58"
    assert inf.find("n:det/n:imposto/n:ICMSUFDest", NS) is None


def test_interestadual_para_nao_contribuinte_calcula_difal_pela_tabela_editavel(runner, app):
    fabrica.empresa(crt=3)
    from erp.nfe.services import aliquotas

    aliquotas.salvar({"BA": {"interna": "21", "fcp": "2"}})
    venda = fabrica.venda(cliente_=fabrica.cliente(uf="BA"), itens=[(fabrica.produto(), "1", "200.00")])

    [resultado] = gerar_vendas(runner, venda)

    inf = conferir(resultado)
    assert texto(inf, "n:ide/n:indFinal") == "1"
    assert texto(inf, "n:det/n:prod/n:CFOP") == "6108"
    difal = inf.find("n:det/n:imposto/n:ICMSUFDest", NS)
    assert texto(difal, "n:pICMSUFDest") == "21.00"
    assert texto(difal, "n:pICMSInter") == "7.00"  # SP → BA
    assert texto(difal, "n:vICMSUFDest") == "28.00"  # 200 × (21% − 7%)
    assert texto(difal, "n:vFCPUFDest") == "4.00"
    assert texto(inf, "n:total/n:ICMSTot/n:vICMSUFDest") == "28.00"


def test_marketplace_informa_o_intermediador(runner, empresa):
    venda = fabrica.venda(marketplace_nome="Mercado Livre", marketplace_cnpj=fabrica.CNPJ_MARKETPLACE,
                          marketplace_pedido_id="2000004567812345", marketplace_vendedor_id="emporio-paulista")

    [resultado] = gerar_vendas(runner, venda)

    inf = conferir(resultado)
    assert texto(inf, "n:ide/n:indIntermed") == "1"
    assert texto(inf, "n:infIntermed/n:CNPJ") == fabrica.CNPJ_MARKETPLACE
    assert texto(inf, "n:infIntermed/n:idCadIntTran") == "emporio-paulista"


def test_venda_de_marketplace_importada_sem_o_vendedor_usa_o_nome_da_loja(runner, empresa):
    venda = fabrica.venda(marketplace_nome="Mercado Livre", marketplace_cnpj=fabrica.CNPJ_MARKETPLACE,
                          marketplace_pedido_id="2000004567812345")
    [resultado] = gerar_vendas(runner, venda)
    assert texto(conferir(resultado), "n:infIntermed/n:idCadIntTran") == "Loja Tray Demo"


def test_venda_no_proprio_site_nao_tem_intermediador(runner, empresa):
    [resultado] = gerar_vendas(runner, fabrica.venda())
    inf = conferir(resultado)
    assert texto(inf, "n:ide/n:indIntermed") == "0"
    assert inf.find("n:infIntermed", NS) is None


def test_frete_desconto_e_juros_como_outras_despesas_sao_rateados(runner, empresa):
    itens = [(fabrica.produto(), "1", "100.00"), (fabrica.produto(), "3", "33.33"), (fabrica.produto(), "1", "0.50")]
    venda = fabrica.venda(itens=itens, frete="17.35", desconto="10.01", outras="4.99")

    [resultado] = gerar_vendas(runner, venda)

    inf = conferir(resultado)
    tot = inf.find("n:total/n:ICMSTot", NS)
    assert texto(tot, "n:vProd") == "200.49"
    assert texto(tot, "n:vFrete") == "17.35"
    assert texto(tot, "n:vDesc") == "10.01"
    assert texto(tot, "n:vOutro") == "4.99"
    assert D(texto(tot, "n:vNF")) == venda.total == D("212.82")
    for campo, total in (("vFrete", "17.35"), ("vDesc", "10.01"), ("vOutro", "4.99")):
        partes = [D(p.findtext(f"n:{campo}", "0", NS)) for p in inf.findall("n:det/n:prod", NS)]
        assert len([p for p in partes if p]) >= 2  # repartido entre os itens
        assert sum(partes) == D(total)


def test_nomes_com_acentos_e_caracteres_especiais_de_xml(runner, app):
    fabrica.empresa(ambiente="producao", razao_social="Açaí & Cia <Comércio> Ltda")
    cliente = fabrica.cliente(nome='João "Zé" D\'Ávila & Filhos <ME>', logradouro="Rua São João & Cia")
    prod = fabrica.produto(nome="Pão de queijo 'mineiro' <congelado> & cia — 1 kg")
    venda = fabrica.venda(cliente_=cliente, itens=[(prod, "1", "25.00")])

    [resultado] = gerar_vendas(runner, venda)

    inf = conferir(resultado)
    assert texto(inf, "n:ide/n:tpAmb") == "1"
    assert texto(inf, "n:emit/n:xNome") == "Açaí & Cia <Comércio> Ltda"
    assert texto(inf, "n:dest/n:xNome") == 'João "Zé" D\'Ávila & Filhos <ME>'
    assert texto(inf, "n:det/n:prod/n:xProd") == "Pão de queijo 'mineiro' <congelado> & cia - 1 kg"
    assert b"&amp; Filhos &lt;ME&gt;" in db.session.query(NotaFiscal).one().xml


def test_destinatario_com_cnpj_alfanumerico(runner, empresa):
    cliente = fabrica.cliente(nome="Tecnologia Alfa Ltda", documento=fabrica.CNPJ_ALFANUMERICO, tipo="J")
    [resultado] = gerar_vendas(runner, fabrica.venda(cliente_=cliente))
    inf = conferir(resultado)
    assert texto(inf, "n:dest/n:CNPJ") == "12ABC34501DE35"


def test_emitente_com_cnpj_alfanumerico_entra_na_chave(runner, app):
    fabrica.empresa(cnpj=fabrica.CNPJ_ALFANUMERICO)
    [resultado] = gerar_vendas(runner, fabrica.venda())
    inf = conferir(resultado, fabrica.CNPJ_ALFANUMERICO)
    assert resultado["chave"][6:20] == fabrica.CNPJ_ALFANUMERICO
    assert texto(inf, "n:emit/n:CNPJ") == fabrica.CNPJ_ALFANUMERICO


def test_produto_sem_ncm_falha_sem_gastar_numero(runner, empresa):
    sem_ncm = fabrica.produto(referencia="VELA-01", nome="Vela aromática", ncm=None)
    ruim = fabrica.venda(itens=[(fabrica.produto(), "1", "10.00"), (sem_ncm, "1", "20.00")])
    boa = fabrica.venda()

    resultados = gerar_vendas(runner, ruim, boa)

    falha, sucesso = resultados
    assert falha["resultado"] == "falhou"
    assert (falha["numero"], falha["serie"], falha["chave"]) == (None, None, None)
    assert "Vela aromática" in falha["motivo"] and "VELA-01" in falha["motivo"]
    assert "NCM" in falha["motivo"]
    assert f"/produtos/{sem_ncm.id}" in falha["motivo"]
    assert sucesso["numero"] == 1  # o número não foi gasto com a venda recusada
    assert db.session.query(NotaFiscal).filter_by(venda_id=ruim.id).count() == 0


def test_nota_com_990_itens(runner, empresa):
    produtos = [fabrica.produto(referencia=f"ITEM-{n:03d}", nome=f"Item {n}") for n in range(990)]
    venda = fabrica.venda(itens=[(p, "1", "1.01") for p in produtos], frete="9.90")

    [resultado] = gerar_vendas(runner, venda)

    inf = conferir(resultado)
    assert len(inf.findall("n:det", NS)) == 990
    assert inf.findall("n:det", NS)[-1].get("nItem") == "990"
    assert texto(inf, "n:total/n:ICMSTot/n:vNF") == "1009.80"


def test_regime_normal_usa_cst_e_simples_usa_csosn(runner, app):
    fabrica.empresa(crt=3, cst_icms_padrao="00", aliquota_icms="18")
    [resultado] = gerar_vendas(runner, fabrica.venda(itens=[(fabrica.produto(), "1", "100.00")]))
    inf = conferir(resultado)
    assert texto(inf, "n:emit/n:CRT") == "3"
    icms = inf.find("n:det/n:imposto/n:ICMS/n:ICMS00", NS)
    assert (texto(icms, "n:CST"), texto(icms, "n:pICMS"), texto(icms, "n:vICMS")) == ("00", "18.00", "18.00")
    assert texto(inf, "n:det/n:imposto/n:PIS/n:PISAliq/n:CST") == "01"


def test_reforma_tributaria_ligada_na_empresa_e_responsavel_tecnico(runner, app):
    fabrica.empresa(crt=3, ibs_cbs_ativo=True, resp_cnpj=fabrica.CNPJ_MARKETPLACE, resp_contato="Equipe ERP",
                    resp_email="erp@example.com", resp_fone="1140028922")
    [resultado] = gerar_vendas(runner, fabrica.venda(itens=[(fabrica.produto(), "1", "100.00")]))
    inf = conferir(resultado)
    ibs = inf.find("n:det/n:imposto/n:IBSCBS", NS)
    assert ibs is not None and texto(ibs, "n:CST") == "000"
    assert texto(ibs, "n:gIBSCBS/n:gCBS/n:pCBS") == "0.90"
    assert inf.find("n:total/n:IBSCBSTot", NS) is not None
    assert texto(inf, "n:infRespTec/n:CNPJ") == fabrica.CNPJ_MARKETPLACE
    assert texto(inf, "n:infRespTec/n:xContato") == "Equipe ERP"


def test_reforma_tributaria_desligada_nao_informa_ibs_cbs(runner, app):
    fabrica.empresa(crt=3, ibs_cbs_modo="nunca")
    [resultado] = gerar_vendas(runner, fabrica.venda())
    inf = conferir(resultado)
    assert inf.find("n:det/n:imposto/n:IBSCBS", NS) is None
    assert inf.find("n:infRespTec", NS) is None


def test_pagamentos_da_venda_viram_detpag(runner, empresa):
    pagamentos = [("Cartão de crédito Visa 3x", "03", "50.00"), ("Boleto", "15", "20.00"),
                  ("Vale da loja parceira", "99", "9.80")]
    [resultado] = gerar_vendas(runner, fabrica.venda(pagamentos=pagamentos))
    inf = conferir(resultado)
    detalhes = inf.findall("n:pag/n:detPag", NS)
    assert [(texto(d, "n:tPag"), texto(d, "n:vPag")) for d in detalhes] == [
        ("03", "50.00"), ("15", "20.00"), ("99", "9.80")]
    assert texto(detalhes[0], "n:card/n:tpIntegra") == "2"  # sem credenciadora e autorização: não integrado
    assert texto(detalhes[2], "n:xPag") == "Vale da loja parceira"


def test_pagamentos_que_nao_cobrem_o_total_falham_antes_de_numerar(runner, empresa):
    [resultado] = gerar_vendas(runner, fabrica.venda(pagamentos=[("PIX", "17", "50.00")]))
    assert resultado["resultado"] == "falhou" and resultado["numero"] is None
    assert "A soma dos pagamentos (R$ 50,00) é menor que o total da nota (R$ 79,80)" in resultado["motivo"]
    assert db.session.query(NotaFiscal).count() == 0


def test_gtin_invalido_aponta_o_produto_para_corrigir(runner, empresa):
    prod = fabrica.produto(referencia="CAN-EAN", ean="7891000100104")
    [resultado] = gerar_vendas(runner, fabrica.venda(itens=[(prod, "1", "10.00")]))
    assert resultado["resultado"] == "falhou"
    assert "GTIN/EAN '7891000100104' inválido" in resultado["motivo"]
    assert f"/produtos/{prod.id}" in resultado["motivo"]
