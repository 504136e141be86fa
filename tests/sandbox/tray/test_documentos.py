"""Dígitos verificadores de CPF, CNPJ (alfanumérico), GTIN e chave de acesso da NF-e."""
from erp.sandbox.tray.documentos import cnpj_valido, cpf_valido, dv_chave, gtin_valido, motivo_chave_invalida


def test_documentos():
    assert cpf_valido("529.982.247-25") and not cpf_valido("529.982.247-24") and not cpf_valido("11111111111")
    assert cnpj_valido("11.222.333/0001-81") and not cnpj_valido("11.222.333/0001-82")
    assert cnpj_valido("12ABC34501DE35")
    assert gtin_valido("7891234567895") and not gtin_valido("7891234567894")
    assert dv_chave("3521032069544800018455001000003589198183992") == 3
    assert dv_chave("5206043300991100250655012000000780026730161") == 5
    assert motivo_chave_invalida("35210320695448000184550010000035891981839923") is None
    assert "dígito" in motivo_chave_invalida("35210320695448000184550010000035891981839924")
    assert "44" in motivo_chave_invalida("3521")
