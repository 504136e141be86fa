"""Os campos da nota para a Tray, a partir da NF-e gravada (sem rede)."""
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace

from erp.nfe.fiscal.chave import chave_valida
from erp.retorno_tray.dados_nota import corpo_da_nota, link_consulta
from tests.retorno_tray.apoio import chave_para, xml_proc


def _nota(numero=12, xml=True, emitida_em=datetime(2026, 11, 21, 2, 30), cfops=("5102",), valor="99.9"):
    chave = chave_para(numero)
    return SimpleNamespace(numero=numero, serie=3, chave=chave, ambiente="producao", valor_total=Decimal(valor),
                           emitida_em=emitida_em,
                           xml_proc=xml_proc(chave, numero, cfops=cfops, dh_emi="2026-11-20T23:30:00-03:00")
                           if xml else None)


def _item(produto, variacao=None):
    return SimpleNamespace(tray_produto_id=produto, tray_variacao_id=variacao)


def test_corpo_sem_envelope_com_campos_da_tray():
    nota = _nota()
    corpo = corpo_da_nota(nota, [_item("501"), _item("502", "880")][:1])
    assert chave_valida(nota.chave)
    assert corpo["issue_date"] == "2026-11-20"  # data local do dhEmi, não a data UTC
    assert (corpo["number"], corpo["serie"], corpo["value"], corpo["key"]) == ("12", "3", "99.90", nota.chave)
    assert corpo["link"] == link_consulta(nota.chave, "producao")
    assert corpo["link"].startswith("https://www.nfe.fazenda.gov.br/") and corpo["link"].endswith(nota.chave)
    assert corpo["xml_danfe"].startswith("<?xml") and nota.chave in corpo["xml_danfe"]
    assert corpo["ProductCfop"] == [{"product_id": "501", "variation_id": "0", "cfop": "5102"}]


def test_cfop_por_item_na_ordem_e_sem_repetir():
    nota = _nota(cfops=("5102", "6108", "5102"))
    corpo = corpo_da_nota(nota, [_item("501"), _item("502", "880"), _item("501")])
    assert corpo["ProductCfop"] == [{"product_id": "501", "variation_id": "0", "cfop": "5102"},
                                    {"product_id": "502", "variation_id": "880", "cfop": "6108"}]


def test_sem_casar_itens_nao_manda_product_cfop():
    nota = _nota(cfops=("5102", "5102"))
    assert "ProductCfop" not in corpo_da_nota(nota, [_item("501")])  # quantidades diferentes
    assert "ProductCfop" not in corpo_da_nota(nota, [_item("501"), _item(None)])  # item sem id da Tray


def test_sem_xml_usa_a_data_de_emissao_no_fuso_de_brasilia():
    corpo = corpo_da_nota(_nota(xml=False), [])
    assert corpo["issue_date"] == "2026-11-20"  # 02:30 UTC do dia 21 = 23:30 do dia 20 em Brasília
    assert "xml_danfe" not in corpo and "ProductCfop" not in corpo


def test_link_de_consulta_configuravel_e_por_ambiente():
    chave = chave_para(5)
    assert link_consulta(chave, "homologacao").startswith("https://hom.nfe.fazenda.gov.br/")
    assert link_consulta(chave, "producao", {"producao": "https://consulta.example/{chave}"}) == (
        f"https://consulta.example/{chave}")
