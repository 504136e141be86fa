"""Chave de acesso: DV módulo 11 (ASCII − 48) conferido com chaves reais publicadas."""
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from erp.comum.documentos import cnpj_valido
from erp.nfe.fiscal.chave import (
    SEQUENCIAS_TRIVIAIS, chave_valida, codigo_numerico_valido, decompor_chave, digito_verificador,
    gerar_codigo_numerico, montar_chave,
)
from tests.nfe.fabrica import CNPJ_ALFANUMERICO

# Chaves de NF-e autorizadas, dos exemplos publicados no pacote nfelib 3.2.0 (nomes dos arquivos).
CHAVES_NFELIB = [
    "26180875335849000115550010000016871192213331",
    "35180834128745000152550010000474281920007498",
    "35180834128745000152550010000474491454651420",
    "35180834128745000152550010000474501597356342",
    "35180834128745000152550010000474641681223493",
    "35180834128745000152550010000476051695511860",
    "35180834128745000152550010000476121675985748",
    "35180834128745000152550010000476491552806942",
    "35180834128745000152550010000476711079516696",
    "35180834128745000152550010000476781421693968",
    "35180834128745000152550010000476861118934859",
    "35200159594315000157550010000000012062777161",
    "41170706117473000150550010000463202612756525",
    "42210775277525000178550030000266631762885493",
    "42211275277525000178550030000276771368212013",
    "42220575277525000178550030000292481295366801",
]
OUTRAS_REAIS = [
    "35210320695448000184550010000035891981839923",  # nfe.md: DV 3
    "52060433009911002506550120000007800267301615",  # exemplo do MOC: DV 5
    "33260624039181000128555980000000041683291193",  # NF-e de homologação de 2026 (sped-nfe, issue 1336)
]
# CT-e real com CNPJ alfanumérico (wmixvideo/nfe PR 1164): mesma regra de DV da NF-e.
CHAVE_ALFANUMERICA_REAL = "3526050X0J92JY000196570010000006041448679011"


@pytest.mark.parametrize("chave", CHAVES_NFELIB + OUTRAS_REAIS)
def test_dv_de_chaves_reais_numericas(chave):
    assert digito_verificador(chave[:43]) == int(chave[43])
    assert chave_valida(chave)


def test_dv_de_chave_real_alfanumerica():
    chave = CHAVE_ALFANUMERICA_REAL
    assert digito_verificador(chave[:43]) == 1
    assert chave_valida(chave)
    assert cnpj_valido(chave[6:20])


def test_letras_valem_ascii_menos_48():
    # Trocar "0X" por "0Y" muda a soma em 1 × peso: o DV tem de mudar (com int() daria erro).
    chave = CHAVE_ALFANUMERICA_REAL
    trocada = chave[:7] + "Y" + chave[8:43]
    assert digito_verificador(trocada) != digito_verificador(chave[:43])


@given(st.text(alphabet="0123456789", min_size=43, max_size=43))
def test_dv_numerico_igual_ao_modulo_11_classico(corpo):
    pesos = [2, 3, 4, 5, 6, 7, 8, 9] * 6
    soma = sum(int(c) * p for c, p in zip(reversed(corpo), pesos))
    esperado = 0 if soma % 11 in (0, 1) else 11 - soma % 11
    assert digito_verificador(corpo) == esperado


def test_chave_invalida_por_dv_tamanho_ou_formato():
    chave = CHAVES_NFELIB[0]
    errado = str((int(chave[43]) + 1) % 10)
    assert not chave_valida(chave[:43] + errado)
    assert not chave_valida(chave[:43])
    assert not chave_valida("ab" + chave[2:])  # letras fora das posições do CNPJ
    assert not chave_valida("")


def test_montar_chave_reproduz_chave_real():
    real = "35180834128745000152550010000476051695511860"
    montada = montar_chave("35", datetime(2018, 8, 15), "34128745000152", 1, 47605, 1, "69551186")
    assert montada == real


def test_montar_chave_com_cnpj_alfanumerico_e_decompor():
    chave = montar_chave(35, datetime(2026, 7, 6), CNPJ_ALFANUMERICO, 7, 123, 1, "48151623")
    assert chave[6:20] == CNPJ_ALFANUMERICO
    assert chave_valida(chave)
    partes = decompor_chave(chave)
    assert (partes.cuf, partes.ano_mes, partes.cnpj, partes.modelo) == ("35", "2607", CNPJ_ALFANUMERICO, "55")
    assert (partes.serie, partes.numero, partes.tipo_emissao, partes.codigo_numerico) == (7, 123, 1, "48151623")
    assert partes.dv == int(chave[43])


def test_cpf_do_emitente_completado_com_zeros():
    chave = montar_chave(35, datetime(2026, 1, 5), "12345678909", 1, 1, 1, "11223344")
    assert chave[6:20] == "00012345678909"


def test_decompor_chave_invalida():
    chave = CHAVES_NFELIB[0]
    with pytest.raises(ValueError):
        decompor_chave(chave[:43] + str((int(chave[43]) + 1) % 10))


def test_codigo_numerico_nao_repete_nnf_nem_sequencia_trivial():
    assert not codigo_numerico_valido("00001234", 1234)
    assert not codigo_numerico_valido("12345678", 1)
    assert not codigo_numerico_valido("99999999", 1)
    assert not codigo_numerico_valido("1234567", 1)
    assert codigo_numerico_valido("48151623", 1234)


def test_gerar_codigo_numerico_pula_valores_proibidos():
    sorteados = iter([12345678, 0, 1234, 48151623])
    assert gerar_codigo_numerico(1234, sorteio=lambda _: next(sorteados)) == "48151623"


def test_gerar_codigo_numerico_sorteado():
    codigos = {gerar_codigo_numerico(5) for _ in range(50)}
    assert all(len(c) == 8 and c.isdigit() and c not in SEQUENCIAS_TRIVIAIS for c in codigos)
    assert len(codigos) > 40  # aleatório de verdade
