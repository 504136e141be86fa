"""Tabela de municípios do IBGE (do pacote brutils): completa e com busca tolerante."""
import pytest

from erp.comum import ibge

# Quantidade oficial de municípios por UF (IBGE, divisão territorial vigente; Brasília conta como 1).
POR_UF = {
    "AC": 22, "AL": 102, "AM": 62, "AP": 16, "BA": 417, "CE": 184, "DF": 1, "ES": 78, "GO": 246, "MA": 217,
    "MG": 853, "MS": 79, "MT": 141, "PA": 144, "PB": 223, "PE": 185, "PI": 224, "PR": 399, "RJ": 92, "RN": 167,
    "RO": 52, "RR": 15, "RS": 497, "SC": 295, "SE": 75, "SP": 645, "TO": 139,
}
PREFIXO_UF = {
    "RO": "11", "AC": "12", "AM": "13", "RR": "14", "PA": "15", "AP": "16", "TO": "17", "MA": "21", "PI": "22",
    "CE": "23", "RN": "24", "PB": "25", "PE": "26", "AL": "27", "SE": "28", "BA": "29", "MG": "31", "ES": "32",
    "RJ": "33", "SP": "35", "PR": "41", "SC": "42", "RS": "43", "MS": "50", "MT": "51", "GO": "52", "DF": "53",
}


def test_tabela_completa_5570_municipios():
    tabela = ibge.municipios()
    assert sum(POR_UF.values()) == 5570
    assert {uf: len(cidades) for uf, cidades in tabela.items()} == POR_UF
    codigos = ibge.todos_os_codigos()
    assert len(codigos) == 5570
    for uf, cidades in tabela.items():
        for codigo in cidades.values():
            assert len(codigo) == 7 and codigo.isdigit()
            assert codigo[:2] == PREFIXO_UF[uf]


@pytest.mark.parametrize("nome, uf, codigo", [
    ("São Paulo", "SP", "3550308"),
    ("SAO PAULO", "sp", "3550308"),
    ("  são   paulo ", "SP", "3550308"),
    ("Brasília", "DF", "5300108"),
    ("Campinas", "SP", "3509502"),
    ("Belo Horizonte", "MG", "3106200"),
    ("Rio de Janeiro", "RJ", "3304557"),
    ("Conceição do Coité", "BA", "2908408"),
    ("Embu-Guaçu", "SP", "3515103"),
    ("Embu Guacu", "SP", "3515103"),
    ("Alvorada D’Oeste", "RO", "1100346"),
    ("Fernando de Noronha", "PE", "2605459"),
])
def test_busca_ignora_acentos_maiusculas_e_pontuacao(nome, uf, codigo):
    assert ibge.codigo_municipio(nome, uf) == codigo


def test_municipio_em_outra_uf_ou_inexistente():
    assert ibge.codigo_municipio("Campinas", "RJ") is None
    assert ibge.codigo_municipio("Cidade Que Não Existe", "SP") is None
    assert ibge.codigo_municipio("São Paulo", "XX") is None
    assert ibge.codigo_municipio("", "SP") is None
