"""CPF e CNPJ (também o alfanumérico): a regra oficial do DV, conferida com implementações independentes."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf

from erp.comum import documentos as d

ALFANUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def test_exemplo_oficial_do_cnpj_alfanumerico():
    # Exemplo da Receita Federal para o CNPJ alfanumérico: 12.ABC.345/01DE-35.
    assert d.dv_cnpj("12ABC34501DE") == "35"
    assert d.cnpj_valido("12.ABC.345/01DE-35")
    assert d.validar_cnpj("12.abc.345/01de-35") == "12ABC34501DE35"


def test_cnpj_e_cpf_numericos_conhecidos():
    assert d.cnpj_valido("11.222.333/0001-81")
    assert not d.cnpj_valido("11.222.333/0001-82")
    assert d.cpf_valido("529.982.247-25")
    assert not d.cpf_valido("529.982.247-24")


@pytest.mark.parametrize("valor", ["", "123", "00000000000", "11111111111", "00000000000000",
                                   "AAAAAAAAAAAAAA", "12ABC34501DE3A", "1234567890123X"])
def test_invalidos(valor):
    assert not d.cpf_valido(valor)
    assert not d.cnpj_valido(valor)


def test_letras_so_na_base_e_dv_numerico():
    # DV com letra nunca é válido, mesmo que a base seja.
    assert not d.cnpj_valido("12ABC34501DE3A")
    # CPF não aceita letras.
    assert not d.cpf_valido("5299822472A")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALFANUM, min_size=12, max_size=12))
def test_dv_cnpj_alfanumerico_igual_ao_python_stdnum(base):
    assert d.dv_cnpj(base) == stdnum_cnpj.calc_check_digits(base)
    assert d.cnpj_valido(base + d.dv_cnpj(base)) or base == base[0] * 12


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_dv_cpf_confere_com_python_stdnum(base):
    documento = base + d.dv_cpf(base)
    assert stdnum_cpf.is_valid(documento) == (base != base[0] * 9)
    assert d.cpf_valido(documento) == (base != base[0] * 9)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALFANUM, min_size=12, max_size=12), st.integers(0, 13), st.sampled_from(ALFANUM))
def test_troca_de_um_caractere_invalida(base, posicao, novo):
    documento = base + d.dv_cnpj(base)
    alterado = documento[:posicao] + novo + documento[posicao + 1:]
    diferenca = ord(novo) - ord(documento[posicao])
    # Pelo módulo 11, trocar um caractere por outro que vale 11 a mais ou a menos (ex.: "K" e "V") não
    # muda os DVs: é da regra oficial. Também da regra: resto 0 ou 1 dá DV 0, então com os dois DVs "00" uma
    # troca que leva o resto de 0 a 1 (ou de 1 a 0) nas duas contas passa. Qualquer outra troca é apanhada.
    dvs_zero = documento[12:] == "00" and posicao < 12
    if diferenca % 11 and alterado != alterado[0] * 14 and not dvs_zero:
        assert not d.cnpj_valido(alterado)


def test_validar_documento_decide_pelo_tamanho_e_explica():
    assert d.validar_documento("529.982.247-25") == ("CPF", "52998224725")
    assert d.validar_documento("12.ABC.345/01DE-35") == ("CNPJ", "12ABC34501DE35")
    with pytest.raises(d.DocumentoInvalido, match="não informado"):
        d.validar_documento("  ")
    with pytest.raises(d.DocumentoInvalido, match="CPF 529.982.247-24 inválido"):
        d.validar_documento("529.982.247-24")
    with pytest.raises(d.DocumentoInvalido, match="11 ou 14"):
        d.validar_documento("1234")


def test_inscricao_estadual_por_uf():
    from erp.comum.documentos import ie_valida

    assert ie_valida("SP", "110.042.490.114")
    assert not ie_valida("SP", "110.042.490.115")
    assert ie_valida("MG", "062.307.904/0081") and not ie_valida("MG", "0623079040082")
    assert ie_valida("PR", "123.45678-50") and not ie_valida("PR", "1234567851")
    assert ie_valida("RS", "224/3658792") and not ie_valida("RS", "2243658793")
    assert ie_valida("SP", "isento")
    assert not ie_valida("SP", "") and not ie_valida("XX", "110042490114") and not ie_valida("SP", "ABC")


def test_dvs_zero_absorvem_resto_0_e_1_como_manda_a_regra():
    """AT11OHIVS4SS00 e AT113HIVS4SS00 têm os dois restos em 0 ou 1: os DVs "00" valem para os dois."""
    assert d.cnpj_valido("AT11OHIVS4SS00") and d.cnpj_valido("AT113HIVS4SS00")
