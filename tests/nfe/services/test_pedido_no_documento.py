"""O pedido no documento: cada regra de docs/fiscal.md ("O pedido no documento") testada com pedidos da loja Tray
simulada, importados como vendas e emitidos como NF-e (XSD e assinatura conferidos em cada nota)."""
import base64
import hashlib
from decimal import Decimal

import pytest
from freezegun import freeze_time

from erp.comum.documentos import dv_cnpj
from erp.extensions import db
from erp.lojas_virtuais import services as lojas
from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.pedidos.configuracao import salvar_formas_pagamento
from erp.sandbox.tray.construtor import montar_cliente, montar_pedido, semente_minima
from erp.vendas import transportadoras
from erp.vendas.models import Venda
from tests.nfe.apoio import NS, cli_json, conferir, gerar_vendas, texto
from tests.nfe.services import fabrica

CNPJ_INTERMEDIADOR = "998887770001" + dv_cnpj("998887770001")
CNPJ_PAGAMENTOS = "105735210001" + dv_cnpj("105735210001")
CNPJ_CREDENCIADORA = "010270580001" + dv_cnpj("010270580001")
CNPJ_TRANSPORTADORA = "197203400001" + dv_cnpj("197203400001")
CNPJ_OFICINA = "223334440001" + dv_cnpj("223334440001")
CNPJ_ATACADO = "334445550001" + dv_cnpj("334445550001")
ENTREGA_RIO = {"address": "Rua do Ouvidor", "number": "50", "complement": "Sala 3", "neighborhood": "Centro",
               "city": "Rio de Janeiro", "state": "RJ", "zip_code": "20040-030", "recipient": "Bruno Lima"}
CHALEIRA = {"product_id": "501", "name": "Chaleira Inox 2 L", "reference": "CHA-2L", "ncm": "73239300",
            "price": "129.90", "weight": "850"}
PANELA = {"product_id": "503", "name": "Panela de Pressão 4,5 L", "reference": "PAN-45", "ncm": "76151000",
          "ean": "7891234567895", "price": "249.00", "weight": "2300"}
A_ENVIAR = ("4", "A ENVIAR")
DIA = "2026-11-19"


def _pagamento(ident: str, metodo: str, **campos) -> list[dict]:
    """Payment do pedido (tray-api.md §4.4); o valor é o total, posto por _pedido."""
    return [{"Payment": {"id": f"9{ident}", "order_id": ident, "method": metodo, "date": DIA, **campos}}]


def _pedido(ident, cliente, itens, frete="0.00", envio="SEDEX", metodo="PIX", pagamento=None, **extras):
    pedido = montar_pedido(ident, cliente, itens, A_ENVIAR, DIA, frete=frete, shipment=envio,
                           payment_form=metodo, payment_method=metodo, has_payment="1", payment_date=DIA,
                           **extras)
    pedido["Order"]["Payment"] = pagamento if pagamento is not None else _pagamento(ident, metodo)
    for entrada in pedido["Order"]["Payment"]:
        entrada["Payment"]["value"] = pedido["Order"]["total"]
    return pedido


def semente_da_loja() -> dict:
    """A loja com os casos do pedido no documento: entrega noutra UF, mesma entrega, PJ isenta, contribuinte com
    entrega noutra UF, marketplace com vendedor, frete grátis, retirada, transportadora e os cartões."""
    semente = semente_minima()
    ana = montar_cliente("21", "Ana Paula Reis", "ana@example.com", cpf=fabrica.cpf("123456781"),
                         entrega=ENTREGA_RIO)
    carlos = montar_cliente("22", "Carlos Dias", "carlos@example.com", cpf=fabrica.cpf("223456782"))
    oficina = montar_cliente("23", "Oficina Mineira Ltda", "oficina@example.com", cnpj=CNPJ_OFICINA,
                             ie="ISENTO", cidade="Belo Horizonte", uf="MG")
    atacado = montar_cliente("24", "Atacado Mineiro Ltda", "compras@atacado.example.com", cnpj=CNPJ_ATACADO,
                             ie="0623079040081", cidade="Belo Horizonte", uf="MG", entrega=ENTREGA_RIO)
    marcia = montar_cliente("25", "Márcia Prado", "marcia@example.com", cpf=fabrica.cpf("323456783"),
                            cidade="Belo Horizonte", uf="MG")
    credito = _pagamento("3001", "Cartão Visa", acquirer_document=CNPJ_CREDENCIADORA,
                         authorization_code="A1B2C3")
    semente["customers"] += [{"Customer": c} for c in (ana, carlos, oficina, atacado, marcia)]
    semente["orders"] += [
        _pedido("3001", ana, [{**CHALEIRA, "quantity": 2}], frete="25.00", metodo="Cartão Visa",
                pagamento=credito, installment="3"),
        _pedido("3002", carlos, [{**PANELA, "quantity": 1}], metodo="Cartão de débito Elo"),
        _pedido("3003", oficina, [{**CHALEIRA, "quantity": 1}], frete="15.00"),
        _pedido("3004", atacado, [{**PANELA, "quantity": 2}], metodo="Boleto - Yapay"),
        _pedido("3005", marcia, [{**CHALEIRA, "quantity": 1}], metodo="Saldo Mercado Pago",
                point_sale="MERCADO LIVRE", MarketplaceOrder=[{"MarketplaceOrder": {
                    "order_id": "3005", "marketplace_name": "MERCADO LIVRE", "marketplace_seller_name": "Empório",
                    "marketplace_seller_id": "EMPORIO-ML-77", "marketplace_document": CNPJ_INTERMEDIADOR,
                    "payment_responsible_document": CNPJ_PAGAMENTOS,
                    "marketplace_order_id": "2000009876543210"}}]),
        _pedido("3006", carlos, [{**CHALEIRA, "quantity": 1}], envio="Retirar na loja"),
        _pedido("3007", carlos, [{**CHALEIRA, "quantity": 1}], frete="31.75", envio="Jadlog Expresso"),
        _pedido("3008", carlos, [{**CHALEIRA, "quantity": 1}], metodo="Crediário Parceiro"),
    ]
    return semente


@pytest.fixture
def loja(app, tray_sim_factory):
    descartar_cliente()
    tray = tray_sim_factory(semente_da_loja())
    app.config.update(TRAY_CONSUMER_KEY=tray.consumer_key, TRAY_CONSUMER_SECRET=tray.consumer_secret,
                      TRAY_ESPERA_BASE_S=0.01)
    return lojas.conectar_loja(tray.store_id, tray.url_api, tray.code, nome="Loja do pedido no documento")


def importar(runner, loja, *pedidos) -> dict[str, Venda]:
    resultados = cli_json(runner, "pedidos", "importar", "--loja", str(loja.id), "--ids", ",".join(pedidos))
    assert {r["resultado"] for r in resultados} == {"importado"}, resultados
    return {v.pedido_tray_id: v for v in db.session.query(Venda).filter(Venda.pedido_tray_id.in_(pedidos))}


def emitir(runner, loja, pedido: str):
    """Importa o pedido da Tray e gera a NF-e da venda; devolve o infNFe conferido (XSD e assinatura)."""
    venda = importar(runner, loja, pedido)[pedido]
    [resultado] = gerar_vendas(runner, venda)
    return conferir(resultado)


@pytest.fixture
def regime_normal(app):
    return fabrica.empresa(crt=3)


# Endereço de entrega

def test_entrega_noutro_endereco_vai_no_grupo_entrega(runner, loja, regime_normal):
    inf = emitir(runner, loja, "3001")
    entrega = inf.find("n:entrega", NS)
    assert entrega is not None
    assert [texto(entrega, f"n:{c}") for c in ("CPF", "xNome", "xLgr", "nro", "xCpl", "xBairro", "cMun", "xMun",
                                                "UF", "CEP")] == [
        fabrica.cpf("123456781"), "Bruno Lima", "Rua do Ouvidor", "50", "Sala 3", "Centro", "3304557",
        "Rio de Janeiro", "RJ", "20040030"]
    assert texto(inf, "n:dest/n:enderDest/n:UF") == "SP"
    assert texto(inf, "n:dest/n:enderDest/n:xLgr") == "Rua Harmonia"


def test_venda_guarda_os_dois_enderecos_e_a_tela_mostra_os_dois(runner, logado, loja):
    venda = importar(runner, loja, "3001")["3001"]
    assert (venda.cobranca_municipio, venda.cobranca_uf, venda.municipio, venda.uf) == (
        "São Paulo", "SP", "Rio de Janeiro", "RJ")
    pagina = logado.get(f"/vendas/{venda.id}").get_data(as_text=True)
    assert "Rua Harmonia" in pagina and "Rua do Ouvidor" in pagina and "Bruno Lima" in pagina


def test_entrega_no_endereco_do_destinatario_sem_grupo_entrega(runner, loja, regime_normal):
    inf = emitir(runner, loja, "3002")
    assert inf.find("n:entrega", NS) is None
    assert (texto(inf, "n:ide/n:idDest"), texto(inf, "n:det/n:prod/n:CFOP")) == ("1", "5102")


def test_destino_fisico_decide_iddest_cfop_e_difal_do_nao_contribuinte(runner, loja, regime_normal):
    inf = emitir(runner, loja, "3001")
    assert texto(inf, "n:ide/n:idDest") == "2"
    assert texto(inf, "n:ide/n:indFinal") == "1"
    assert texto(inf, "n:det/n:prod/n:CFOP") == "6108"
    difal = inf.find("n:det/n:imposto/n:ICMSUFDest", NS)
    assert (texto(difal, "n:pICMSUFDest"), texto(difal, "n:pFCPUFDest"), texto(difal, "n:pICMSInter")) == (
        "20.00", "2.00", "12.00")


def test_contribuinte_segue_a_uf_do_destinatario_mesmo_com_entrega_noutra_uf(runner, loja, regime_normal):
    inf = emitir(runner, loja, "3004")
    assert texto(inf, "n:entrega/n:UF") == "RJ"
    assert (texto(inf, "n:dest/n:indIEDest"), texto(inf, "n:dest/n:IE")) == ("1", "0623079040081")
    assert (texto(inf, "n:ide/n:idDest"), texto(inf, "n:ide/n:indFinal")) == ("2", "0")
    assert texto(inf, "n:det/n:prod/n:CFOP") == "6102"
    assert inf.find("n:det/n:imposto/n:ICMSUFDest", NS) is None
    assert texto(inf, "n:det/n:imposto/n:ICMS/n:ICMS00/n:pICMS") == "12.00"  # SP → MG


# IE do comprador

def test_ie_isento_e_nao_contribuinte_consumidor_final_com_difal(runner, loja, regime_normal):
    inf = emitir(runner, loja, "3003")
    assert texto(inf, "n:dest/n:CNPJ") == CNPJ_OFICINA
    assert texto(inf, "n:dest/n:indIEDest") == "9"
    assert inf.find("n:dest/n:IE", NS) is None
    assert (texto(inf, "n:ide/n:indFinal"), texto(inf, "n:det/n:prod/n:CFOP")) == ("1", "6108")
    assert texto(inf, "n:det/n:imposto/n:ICMSUFDest/n:pICMSUFDest") == "18.00"


# Marketplace

def test_intermediador_identifica_o_vendedor_no_marketplace(runner, loja, regime_normal):
    inf = emitir(runner, loja, "3005")
    assert texto(inf, "n:ide/n:indIntermed") == "1"
    assert texto(inf, "n:infIntermed/n:CNPJ") == CNPJ_INTERMEDIADOR
    assert texto(inf, "n:infIntermed/n:idCadIntTran") == "EMPORIO-ML-77"


def test_sem_intermediador_indintermed_zero_e_sem_infintermed(runner, loja, regime_normal):
    inf = emitir(runner, loja, "3002")
    assert texto(inf, "n:ide/n:indIntermed") == "0"
    assert inf.find("n:infIntermed", NS) is None


# Transporte

def test_frete_gratis_enviado_pela_loja_e_contratado_pelo_remetente(runner, loja, regime_normal):
    inf = emitir(runner, loja, "3002")
    assert texto(inf, "n:total/n:ICMSTot/n:vFrete") == "0.00"
    assert texto(inf, "n:transp/n:modFrete") == "0"
    assert inf.find("n:transp/n:transporta", NS) is None


def test_volume_sempre_com_pesos_dos_produtos_em_kg(runner, loja, regime_normal):
    inf = emitir(runner, loja, "3001")  # 2 × 850 g
    vol = inf.find("n:transp/n:vol", NS)
    assert [texto(vol, f"n:{c}") for c in ("qVol", "esp", "pesoL", "pesoB")] == ["1", "VOLUME", "1.700", "1.700"]


def test_retirada_na_loja_sem_ocorrencia_de_transporte(runner, loja, regime_normal):
    inf = emitir(runner, loja, "3006")
    assert texto(inf, "n:transp/n:modFrete") == "9"
    assert texto(inf, "n:transp/n:vol/n:qVol") == "1"


def test_forma_de_envio_mapeada_preenche_a_transportadora(runner, loja, regime_normal):
    jadlog = transportadoras.salvar_transportadora({
        "nome": "Jadlog Logística S.A.", "cpf_cnpj": CNPJ_TRANSPORTADORA, "ie": "110042490114",
        "endereco": "Av. Jornalista Paulo Zingg, 810", "municipio": "São Paulo", "uf": "SP"})
    transportadoras.mapear_envio(loja.id, "Jadlog Expresso", jadlog.id)
    inf = emitir(runner, loja, "3007")
    assert texto(inf, "n:transp/n:modFrete") == "0"
    transporta = inf.find("n:transp/n:transporta", NS)
    assert [texto(transporta, f"n:{c}") for c in ("CNPJ", "xNome", "IE", "xEnder", "xMun", "UF")] == [
        CNPJ_TRANSPORTADORA, "Jadlog Logística S.A.", "110042490114", "Av. Jornalista Paulo Zingg, 810",
        "São Paulo", "SP"]


def test_forma_de_envio_mapeada_como_retirada(runner, loja, regime_normal):
    transportadoras.mapear_envio(loja.id, "Jadlog Expresso", retirada=True)
    inf = emitir(runner, loja, "3007")
    assert texto(inf, "n:transp/n:modFrete") == "9"


# Pagamentos

def test_cartao_de_credito_com_credenciadora_e_autorizacao_e_integrado(runner, loja, regime_normal):
    inf = emitir(runner, loja, "3001")
    [det] = inf.findall("n:pag/n:detPag", NS)
    assert texto(det, "n:tPag") == "03"
    card = det.find("n:card", NS)
    assert [texto(card, f"n:{c}") for c in ("tpIntegra", "CNPJ", "tBand", "cAut")] == [
        "1", CNPJ_CREDENCIADORA, "01", "A1B2C3"]


def test_cartao_de_debito_sem_credenciadora_nao_e_integrado(runner, loja, regime_normal):
    inf = emitir(runner, loja, "3002")
    [det] = inf.findall("n:pag/n:detPag", NS)
    assert texto(det, "n:tPag") == "04"
    card = det.find("n:card", NS)
    assert texto(card, "n:tpIntegra") == "2"
    assert card.find("n:CNPJ", NS) is None and card.find("n:cAut", NS) is None


@pytest.mark.parametrize("pedido, tpag", [("3003", "17"), ("3004", "15"), ("3005", "18")])
def test_pix_boleto_e_carteira_digital_sem_grupo_card(runner, loja, regime_normal, pedido, tpag):
    inf = emitir(runner, loja, pedido)
    [det] = inf.findall("n:pag/n:detPag", NS)
    assert texto(det, "n:tPag") == tpag
    assert det.find("n:card", NS) is None
    assert inf.find("n:pag/n:vTroco", NS) is None  # pago pelo total: sem troco, nunca negativo


def test_meio_de_pagamento_mapeado_pela_loja(runner, loja, regime_normal):
    salvar_formas_pagamento(loja.id, {"Crediário Parceiro": "05"})
    venda = importar(runner, loja, "3008")["3008"]
    assert [p.tpag for p in venda.pagamentos] == ["05"]
    [resultado] = gerar_vendas(runner, venda)
    assert texto(conferir(resultado), "n:pag/n:detPag/n:tPag") == "05"


def test_mapeamento_editado_depois_da_importacao_vale_na_nfe(runner, loja, regime_normal):
    venda = importar(runner, loja, "3008")["3008"]
    assert [p.tpag for p in venda.pagamentos] == ["99"]
    salvar_formas_pagamento(loja.id, {"Crediário Parceiro": "05"})
    [resultado] = gerar_vendas(runner, venda)
    det = conferir(resultado).find("n:pag/n:detPag", NS)
    assert (texto(det, "n:tPag"), det.find("n:xPag", NS)) == ("05", None)


# Data e hora de emissão

@pytest.mark.parametrize("uf, municipio, cep, esperado", [
    ("SP", "3550308", "01304001", "2026-12-15T12:00:00-03:00"),
    ("AM", "1302603", "69005040", "2026-12-15T11:00:00-04:00"),
    ("AC", "1200401", "69900062", "2026-12-15T10:00:00-05:00"),
    ("PE", "2605459", "53990000", "2026-12-15T13:00:00-02:00"),  # Fernando de Noronha
])
def test_dhemi_e_dhsaient_no_fuso_da_uf_do_emitente(runner, loja, uf, municipio, cep, esperado):
    # IE "ISENTO": vale em qualquer UF (a IE de SP da fábrica não passaria nos dígitos das outras)
    fabrica.empresa(crt=3, uf=uf, municipio_ibge=municipio, cep=cep, municipio="Cidade do emitente", ie="ISENTO")
    venda = importar(runner, loja, "3002")["3002"]
    with freeze_time("2026-12-15 15:00:00"):
        [resultado] = gerar_vendas(runner, venda)
    inf = conferir(resultado)
    assert texto(inf, "n:ide/n:dhEmi") == esperado
    assert texto(inf, "n:ide/n:dhSaiEnt") == esperado


# Responsável técnico

def test_csrt_configurado_vai_com_o_hash_da_chave(runner, loja):
    csrt = "G8063VRTNDMO886SFNK5LDUDEI24XJ22YIPO"
    fabrica.empresa(crt=3, resp_cnpj=fabrica.CNPJ_MARKETPLACE, resp_contato="Suporte Fiscal",
                    resp_email="fiscal@example.com", resp_fone="1130304040", csrt_id="01", csrt=csrt)
    venda = importar(runner, loja, "3002")["3002"]
    [resultado] = gerar_vendas(runner, venda)
    inf = conferir(resultado)
    esperado = base64.b64encode(hashlib.sha1((csrt + resultado["chave"]).encode()).digest()).decode()
    assert texto(inf, "n:infRespTec/n:idCSRT") == "01"
    assert texto(inf, "n:infRespTec/n:hashCSRT") == esperado


def test_sem_csrt_o_responsavel_tecnico_vai_sem_hash(runner, loja):
    fabrica.empresa(crt=3, resp_cnpj=fabrica.CNPJ_MARKETPLACE, resp_contato="Suporte Fiscal",
                    resp_email="fiscal@example.com", resp_fone="1130304040")
    venda = importar(runner, loja, "3002")["3002"]
    [resultado] = gerar_vendas(runner, venda)
    inf = conferir(resultado)
    assert texto(inf, "n:infRespTec/n:CNPJ") == fabrica.CNPJ_MARKETPLACE
    assert inf.find("n:infRespTec/n:hashCSRT", NS) is None


def test_vendas_da_loja_todas_passam_no_xsd(runner, loja, regime_normal):
    vendas = importar(runner, loja, *(str(n) for n in range(3001, 3009)))
    resultados = gerar_vendas(runner, *vendas.values())
    for resultado in resultados:
        inf = conferir(resultado)
        troco = texto(inf, "n:pag/n:vTroco")
        assert troco is None or Decimal(troco) >= 0
