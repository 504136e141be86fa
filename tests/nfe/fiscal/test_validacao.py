"""validar_dados: o que falta no cadastro, com mensagens para o usuário, antes de montar a nota."""
from dataclasses import replace
from datetime import datetime
from decimal import Decimal as D

import pytest

from erp.nfe.fiscal import DadosIncompletos, calcular, gerar_nfe, validar_dados
from erp.nfe.fiscal.documento import Tributacao
from erp.nfe.fiscal.tabelas import TabelaIcms
from erp.nfe.fiscal.validacao import gtin_valido
from tests.nfe import fabrica as f


def mensagens(nota, **kw):
    return [p.mensagem for p in validar_dados(nota, **kw)]


def test_nota_completa_sem_pendencias():
    assert validar_dados(f.nota()) == []


def test_produto_sem_ncm_e_outras_pendencias_do_produto():
    itens = [f.item("CHA-2L", ncm=""), f.item("X1", ncm="1234", gtin="7891000100104", unidade="",
                                                quantidade=D("0"), origem=9)]
    pendencias = validar_dados(f.nota(itens=itens, pagamentos=()))
    assert [(p.produto, p.campo, p.mensagem) for p in pendencias] == [
        ("CHA-2L", "ncm", "Produto CHA-2L sem NCM."),
        ("X1", "ncm", "Produto X1 com NCM '1234' inválido (8 algarismos)."),
        ("X1", "unidade", "Produto X1 sem unidade comercial (até 6 caracteres)."),
        ("X1", "quantidade", "Produto X1 com quantidade inválida: 0 (maior que zero, até 4 casas)."),
        ("X1", "origem", "Produto X1 com origem da mercadoria inválida: 9 (0 a 8)."),
        ("X1", "gtin", "Produto X1 com GTIN/EAN '7891000100104' inválido; corrija ou deixe em branco (SEM GTIN)."),
    ]


def test_st_exige_cest():
    assert mensagens(f.nota(itens=[f.item(tributacao=f.st())], pagamentos=())) == [
        "Produto CHA-2L sujeito a substituição tributária sem CEST."]


def test_cfop_incoerente_com_o_destino():
    assert mensagens(f.nota(itens=[f.item(cfop="6102")], pagamentos=())) == [
        "Produto CHA-2L com CFOP 6102 (interestadual) numa venda para a mesma UF."]
    assert mensagens(f.nota(itens=[f.item(cfop="5102")], dest=f.pessoa_fisica("BA"), pagamentos=())) == [
        "Produto CHA-2L com CFOP 5102 (interno) numa venda para outra UF."]


def test_cst_do_regime_errado():
    simples = f.emitente(crt=1)
    assert mensagens(f.nota(itens=[f.item(tributacao=Tributacao(cst_icms="00"))], emit=simples, pagamentos=())) == [
        "Produto CHA-2L com CST de ICMS '00' não suportado para o regime do emitente."]
    assert mensagens(f.nota(itens=[f.item(tributacao=Tributacao(csosn="102"))], pagamentos=())) == [
        "Produto CHA-2L com CSOSN '102' não suportado para o regime do emitente."]


def test_destinatario():
    dest = f.pessoa_fisica(cpf_cnpj="12345678900", nome="", email="sem-arroba")
    assert mensagens(f.nota(dest=dest, pagamentos=())) == [
        "Nome do destinatário não informado.",
        "CPF/CNPJ do destinatário inválido: '12345678900'.",
        "E-mail do destinatário inválido: 'sem-arroba'.",
    ]


def test_contribuinte_sem_ie_e_isento_com_ie():
    assert mensagens(f.nota(dest=f.pessoa_juridica(ind_ie_dest=1, ie=""), pagamentos=())) == [
        "Destinatário contribuinte do ICMS sem inscrição estadual válida."]
    assert mensagens(f.nota(dest=f.pessoa_juridica(ind_ie_dest=2), pagamentos=())) == [
        "Destinatário isento de inscrição não pode ter IE (rejeição 791)."]


def test_emitente_e_enderecos():
    end = f.endereco("SP", codigo_municipio="3304557", cep="123", bairro="")
    emit = f.emitente(cnpj="11222333000100", ie="", endereco=end)
    assert mensagens(f.nota(emit=emit, pagamentos=())) == [
        "CNPJ do emitente inválido: 11222333000100.",
        "Inscrição estadual do emitente inválida ou não informada.",
        "Endereço do emitente incompleto: falta bairro.",
        "O município 3304557 não é da UF SP (do emitente).",
        "CEP do emitente inválido: '123' (8 algarismos).",
    ]


def test_dados_da_nota():
    sem_fuso = datetime(2026, 3, 10, 12, 0)
    nota = f.nota(numero=0, data_emissao=sem_fuso, codigo_numerico="12345678", natureza_operacao=" ",
                  tipo_emissao=6, desconto=D("1000"), pagamentos=())
    assert mensagens(nota) == [
        "Número da nota inválido: 0 (use de 1 a 999999999).",
        "A data de emissão precisa de fuso horário em horas cheias (ex.: -03:00).",
        "Natureza da operação não informada.",
        "Emissão em contingência exige a data de entrada e uma justificativa de pelo menos 15 caracteres.",
        "Código numérico 12345678 inválido: 8 algarismos, diferente do número da nota e sem sequência trivial.",
        "O desconto do pedido é maior que o valor dos produtos.",
    ]


def test_limite_de_990_itens():
    itens = [f.item(f"P{n}") for n in range(991)]
    assert mensagens(f.nota(itens=itens, pagamentos=())) == ["A NF-e aceita no máximo 990 itens; esta tem 991."]


def test_uf_fora_da_tabela_de_icms():
    tabela = TabelaIcms(internas={"BA": None}, interestaduais={})
    assert mensagens(f.nota(pagamentos=()), tabela=tabela) == ["A tabela de ICMS não tem a UF SP."]


def test_calcular_e_gerar_recusam_com_todas_as_pendencias():
    nota = f.nota(itens=[f.item("A", ncm=""), f.item("B", ncm="")], pagamentos=())
    with pytest.raises(DadosIncompletos) as erro:
        calcular(nota)
    assert erro.value.mensagens == ["Produto A sem NCM.", "Produto B sem NCM."]
    assert str(erro.value) == "Produto A sem NCM.\nProduto B sem NCM."
    with pytest.raises(DadosIncompletos):
        gerar_nfe(nota, f.certificado())


def test_pagamento_insuficiente_e_pendencia():
    nota = replace(f.nota(), pagamentos=(replace(f.nota().pagamentos[0], valor=D("1.00")),))
    with pytest.raises(DadosIncompletos, match="soma dos pagamentos"):
        calcular(nota)


@pytest.mark.parametrize("codigo, valido", [
    ("7891000100103", True), ("7891000100104", False), ("96385074", True), ("036000291452", True),
    ("17891000100100", True), ("789100010010", False), ("abc", False)])
def test_gtin(codigo, valido):
    assert gtin_valido(codigo) is valido


def test_cbenef_exigido_pela_uf_do_emitente_para_cst_com_beneficio():
    """Regra N12-85 da NT 2019.001 (rejeição 930): PR, RJ, RS, DF e GO exigem o cBenef do regime normal para os
    CST que indicam benefício; SP não. Sem ele, a pendência diz o que fazer antes de ir à SEFAZ."""
    isento = Tributacao(cst_icms="40")
    for uf, exige in (("PR", True), ("RJ", True), ("SP", False)):
        nota = f.nota(itens=[f.item(tributacao=isento)], pagamentos=(), emit=f.emitente(uf=uf))
        texto = " ".join(mensagens(nota))
        assert ("cBenef" in texto) == exige, uf
    com_codigo = f.nota(itens=[f.item(tributacao=Tributacao(cst_icms="40", beneficio_fiscal="PR810001"))],
                        pagamentos=(), emit=f.emitente(uf="PR"))
    assert not any("cBenef" in m for m in mensagens(com_codigo))
    tributado = f.nota(itens=[f.item(tributacao=Tributacao(cst_icms="00"))], pagamentos=(), emit=f.emitente(uf="PR"))
    assert not any("cBenef" in m for m in mensagens(tributado))
    simples = f.nota(itens=[f.item()], pagamentos=(), emit=f.emitente(uf="PR", crt=1))
    assert not any("cBenef" in m for m in mensagens(simples))
