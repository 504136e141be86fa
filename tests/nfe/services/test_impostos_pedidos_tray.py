"""Regras de "Impostos" (docs/fiscal.md) a partir de pedidos da Tray: o pedido é importado do simulador por HTTP,
o produto ganha a tributação pelo cadastro (como na tela ou na planilha) e a NF-e é montada, validada no XSD e
assinada. Pedidos da semente mínima: 1001 PF de SP (chaleira), 1002 PJ de SP com IE (panela e pano),
1003 Mercado Livre para PF de MG (chaleira)."""
import json
from datetime import datetime
from decimal import Decimal as D
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from erp.extensions import db
from erp.lojas_virtuais import services as lojas
from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.nfe.fiscal import emitir
from erp.nfe.fiscal.xsd import erros_schema
from erp.nfe.models import NotaFiscal
from erp.nfe.services import conversao, emissao
from erp.produtos import services as produtos
from erp.produtos.models import Produto
from erp.sandbox.tray.semente import semente_minima
from erp.vendas.models import Venda
from tests.nfe.services import fabrica

NS = {"n": "http://www.portalfiscal.inf.br/nfe"}
MOMENTO = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
IBPT = Path(__file__).resolve().parents[2] / "fixtures" / "ibpt" / "TabelaIBPTaxSP26.1.A.csv"


@pytest.fixture
def pedidos(app, runner, tray_sim_factory):
    """As vendas importadas da loja simulada, por número do pedido na Tray."""
    descartar_cliente()
    tray = tray_sim_factory(semente_minima())
    app.config.update(TRAY_CONSUMER_KEY=tray.consumer_key, TRAY_CONSUMER_SECRET=tray.consumer_secret,
                      TRAY_ESPERA_BASE_S=0.01)
    loja = lojas.conectar_loja(tray.store_id, tray.url_api, tray.code, nome="Loja dos impostos")
    saida = runner.invoke(args=["pedidos", "importar", "--loja", str(loja.id), "--todos", "--json"])
    assert saida.exit_code == 0, saida.output
    ids = [r["venda"] for r in json.loads(saida.output) if r["resultado"] == "importado"]
    yield {v.pedido_tray_id: v for v in db.session.query(Venda).filter(Venda.id.in_(ids))}
    descartar_cliente()


def cadastrar(referencia: str, **fiscal) -> Produto:
    """A tributação entra pelo mesmo serviço da tela e da planilha (textos como o usuário digita)."""
    produto = db.session.query(Produto).filter_by(referencia=referencia).one()
    produtos.salvar_produto(fiscal, produto, parcial=True)
    db.session.commit()
    return produto


def nfe(venda: Venda) -> etree._Element:
    empresa, cert, tabela = emissao.preparar()
    documento = conversao.converter(venda, empresa, momento=MOMENTO).documento
    raiz = etree.fromstring(emitir.gerar_nfe(documento, cert, tabela).xml)
    assert erros_schema(raiz) == []
    return raiz.find("n:infNFe", NS)


def txt(no, caminho):
    return no.findtext(caminho, namespaces=NS)


def test_pedido_tray_st_retida_cst_60_com_dados_da_ultima_compra(pedidos):
    fabrica.empresa(crt=3, ibs_cbs_modo="nunca")
    cadastrar("CHA-2L", cest="0300700", substituicao_tributaria="1", st_retido_base="95,00",
              st_retido_aliquota="18", st_retido_valor="4,50")
    inf = nfe(pedidos["1001"])
    icms = inf.find("n:det/n:imposto/n:ICMS/n:ICMS60", NS)
    # 2 chaleiras: base 190,00, ST retida 9,00
    assert (txt(icms, "n:CST"), txt(icms, "n:vBCSTRet"), txt(icms, "n:pST"), txt(icms, "n:vICMSSTRet")) == \
        ("60", "190.00", "18.00", "9.00")
    assert txt(inf, "n:det/n:prod/n:CFOP") == "5405" and txt(inf, "n:det/n:prod/n:CEST") == "0300700"


def test_pedido_tray_simples_nacional_csosn_500_e_texto_obrigatorio(pedidos):
    fabrica.empresa(crt=1)
    cadastrar("CHA-2L", cest="0300700", substituicao_tributaria="1", st_retido_base="95", st_retido_aliquota="18",
              st_retido_valor="4.5")
    inf = nfe(pedidos["1001"])
    assert txt(inf, "n:det/n:imposto/n:ICMS/n:ICMSSN500/n:vICMSSTRet") == "9.00"
    cpl = txt(inf, "n:infAdic/n:infCpl")
    assert cpl.startswith("Pedido 1001 da loja virtual.")
    assert "DOCUMENTO EMITIDO POR ME OU EPP OPTANTE PELO SIMPLES NACIONAL" in cpl
    assert inf.find("n:det/n:imposto/n:IBSCBS", NS) is None  # nunca no Simples


def test_pedido_tray_pj_contribuinte_csosn_101_credito_e_texto(pedidos):
    fabrica.empresa(crt=1, aliquota_credito_sn="1,25")
    venda = pedidos["1002"]
    inf = nfe(venda)
    dets = inf.findall("n:det", NS)
    creditos = [D(txt(d, "n:imposto/n:ICMS/n:ICMSSN101/n:vCredICMSSN")) for d in dets]
    assert all(txt(d, "n:imposto/n:ICMS/n:ICMSSN101/n:pCredSN") == "1.25" for d in dets)
    total = f"{sum(creditos):.2f}".replace(".", ",")
    assert f"CREDITO DE ICMS NO VALOR DE R$ {total}; CORRESPONDENTE A ALIQUOTA DE 1,25%" in txt(
        inf, "n:infAdic/n:infCpl")


def test_pedido_tray_marketplace_para_mg_difal_base_dupla_com_fcp_do_produto(pedidos):
    fabrica.empresa(crt=3, ibs_cbs_modo="nunca")
    cadastrar("CHA-2L", fcp_destino="2")
    venda = pedidos["1003"]
    inf = nfe(venda)
    grupo = inf.find("n:det/n:imposto/n:ICMSUFDest", NS)
    valor = D(txt(inf, "n:det/n:prod/n:vProd")) - D(txt(inf, "n:det/n:prod/n:vDesc") or "0") + \
        D(txt(inf, "n:det/n:prod/n:vFrete") or "0") + D(txt(inf, "n:det/n:prod/n:vOutro") or "0")
    base = ((valor - (valor * D("0.12")).quantize(D("0.01"))) / D("0.82")).quantize(D("0.01"))  # MG: por dentro
    assert (txt(grupo, "n:pICMSUFDest"), txt(grupo, "n:pICMSInter"), txt(grupo, "n:pICMSInterPart")) == \
        ("18.00", "12.00", "100.00")
    assert D(txt(grupo, "n:vBCUFDest")) == base
    assert (txt(grupo, "n:pFCPUFDest"), D(txt(grupo, "n:vFCPUFDest"))) == ("2.00", (base * D("0.02")).quantize(
        D("0.01")))
    assert txt(grupo, "n:vICMSUFRemet") == "0.00"


def test_pedido_tray_regime_normal_informa_ibs_cbs_com_cclasstrib_do_produto(pedidos):
    fabrica.empresa(crt=3, cst_ibs_cbs_padrao="000", cclass_trib_padrao="000001")
    cadastrar("PAN-45", cst_ibs_cbs="200", cclass_trib="200003")
    inf = nfe(pedidos["1002"])
    classes = {txt(d, "n:prod/n:cProd"): (txt(d, "n:imposto/n:IBSCBS/n:CST"), txt(d, "n:imposto/n:IBSCBS/n:cClassTrib"))
               for d in inf.findall("n:det", NS)}
    assert classes["PAN-45"] == ("200", "200003")
    assert classes["PANO-AZUL"] == ("000", "000001")
    assert txt(inf, "n:total/n:IBSCBSTot/n:gCBS/n:vCBS") is not None


def test_pedido_tray_vtottrib_pela_tabela_do_ibpt_carregada_na_cli(pedidos, runner):
    fabrica.empresa(crt=1)
    sem = runner.invoke(args=["nfe", "ibpt", "situacao", "--json"])
    assert json.loads(sem.output)["carregada"] is False
    assert nfe(pedidos["1001"]).find(".//n:vTotTrib", NS) is None  # sem tabela, sem o campo

    saida = runner.invoke(args=["nfe", "ibpt", "carregar", str(IBPT), "--json"])
    assert saida.exit_code == 0, saida.output
    assert json.loads(saida.output) == {"linhas": 4, "versao": "26.1.A", "vigencia_fim": "2099-12-31", "erros": []}
    inf = nfe(pedidos["1001"])
    liquido = D(txt(inf, "n:det/n:prod/n:vProd")) - D(txt(inf, "n:det/n:prod/n:vDesc") or "0")
    esperado = (liquido * D("31.45") / 100).quantize(D("0.01"))  # 13,45 federal + 18 estadual
    assert D(txt(inf, "n:det/n:imposto/n:vTotTrib")) == esperado == D(txt(inf, "n:total/n:ICMSTot/n:vTotTrib"))
    assert "Fonte: IBPT/empresometro.com.br 5F7A1B." in txt(inf, "n:infAdic/n:infCpl")


def test_pedido_tray_pela_cli_nfe_gerar_com_st_fcp_e_ibpt(pedidos, runner):
    fabrica.empresa(crt=1)
    runner.invoke(args=["nfe", "ibpt", "carregar", str(IBPT)])
    cadastrar("CHA-2L", cest="0300700", substituicao_tributaria="1", st_retido_base="95", st_retido_aliquota="18",
              st_retido_valor="4.5")
    ids = ",".join(str(v.id) for v in pedidos.values() if v.pedido_tray_id in ("1001", "1002", "1003"))
    saida = runner.invoke(args=["nfe", "gerar", "--vendas", ids, "--json"])
    assert {r["resultado"] for r in json.loads(saida.output)} == {"assinada"}, saida.output
    for nota in db.session.query(NotaFiscal):
        inf = etree.fromstring(nota.xml).find("n:infNFe", NS)
        assert "OPTANTE PELO SIMPLES NACIONAL" in txt(inf, "n:infAdic/n:infCpl")
        assert inf.find("n:total/n:ICMSTot/n:vTotTrib", NS) is not None
