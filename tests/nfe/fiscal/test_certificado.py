"""Certificado A1: carga, senha errada, CNPJ do titular (SAN ou CN), validade e raiz do CNPJ."""
from erp.sandbox.certificado import gerar_certificado_teste
from datetime import datetime, timedelta, timezone

import pytest

from erp.nfe.fiscal import (
    CertificadoInvalido, CertificadoVencido, CnpjCertificadoDivergente, SenhaCertificadoInvalida,
    carregar_certificado, gerar_nfe,
)
from erp.nfe.fiscal.certificado import cnpj_do_certificado
from tests.nfe import fabrica as f


def test_certificado_de_teste_no_formato_icp_brasil():
    cert = f.certificado()
    info = cert.info()
    assert info.titular == f"LOJA EXEMPLO COMERCIO LTDA:{f.CNPJ_EMITENTE}"
    assert info.emissor == info.titular  # autoassinado
    assert info.cnpj == f.CNPJ_EMITENTE
    assert info.valido_ate - info.valido_de >= timedelta(days=365)
    assert 364 <= info.dias_para_expirar <= 365
    assert cert.chave_privada.key_size == 2048
    assert cert.pem.startswith(b"-----BEGIN CERTIFICATE-----")


def test_dias_para_expirar_numa_data_dada():
    cert = f.certificado()
    daqui_a_cem = datetime.now(timezone.utc) + timedelta(days=100)
    assert 264 <= cert.info(agora=daqui_a_cem).dias_para_expirar <= 265


def test_senha_errada():
    with pytest.raises(SenhaCertificadoInvalida, match="Senha do certificado digital incorreta"):
        carregar_certificado(f.pfx(), "errada")


def test_arquivo_que_nao_e_pkcs12():
    with pytest.raises(CertificadoInvalido) as erro:
        carregar_certificado(b"isto nao e um pfx", f.SENHA)
    assert not isinstance(erro.value, SenhaCertificadoInvalida)
    assert "PKCS#12" in str(erro.value)


def test_cnpj_pelo_otherName_do_san_mesmo_sem_cnpj_no_cn():
    pfx = f.certificado_sob_medida("EMPRESA SEM CNPJ NO NOME", cnpj_san=f.CNPJ_CLIENTE)
    assert carregar_certificado(pfx, f.SENHA).cnpj == f.CNPJ_CLIENTE


def test_cnpj_pelo_cn_quando_nao_ha_san():
    cert = carregar_certificado(f.certificado_sob_medida(f"EMPRESA X LTDA:{f.CNPJ_CLIENTE}"), f.SENHA)
    assert cert.cnpj == f.CNPJ_CLIENTE


def test_cnpj_alfanumerico_no_certificado():
    pfx = gerar_certificado_teste(f.CNPJ_ALFANUMERICO.lower(), "x", "EMPRESA ALFA")
    cert = carregar_certificado(pfx, "x")
    assert cert.cnpj == f.CNPJ_ALFANUMERICO
    assert cnpj_do_certificado(cert.certificado) == f.CNPJ_ALFANUMERICO
    cn_only = carregar_certificado(f.certificado_sob_medida(f"ALFA:{f.CNPJ_ALFANUMERICO}"), f.SENHA)
    assert cn_only.cnpj == f.CNPJ_ALFANUMERICO


def test_sem_cnpj_nao_serve_para_nfe():
    cert = carregar_certificado(f.certificado_sob_medida("FULANO DE TAL"), f.SENHA)
    assert cert.cnpj == ""
    assert cert.info().titular == "FULANO DE TAL"
    with pytest.raises(CertificadoInvalido, match="não traz o CNPJ"):
        cert.verificar_cnpj(f.CNPJ_EMITENTE)


def test_raiz_do_cnpj_igual_aceita_filial():
    filial = f.cnpj(f.CNPJ_EMITENTE[:8] + "0002")
    f.certificado().verificar_cnpj(filial)


def test_raiz_do_cnpj_diferente():
    with pytest.raises(CnpjCertificadoDivergente) as erro:
        f.certificado().verificar_cnpj(f.CNPJ_CLIENTE)
    assert erro.value.cnpj_certificado == f.CNPJ_EMITENTE
    assert "raiz do CNPJ" in str(erro.value)


def test_nao_assina_nota_de_outra_empresa():
    with pytest.raises(CnpjCertificadoDivergente):
        gerar_nfe(f.nota(emit=f.emitente(cnpj=f.CNPJ_CLIENTE)), f.certificado())


def test_vencido_ou_ainda_nao_valido():
    cert = carregar_certificado(f.certificado_sob_medida(f"X:{f.CNPJ_EMITENTE}", dias=1), f.SENHA)
    cert.verificar_validade()
    with pytest.raises(CertificadoVencido, match="venceu em"):
        cert.verificar_validade(datetime.now(timezone.utc) + timedelta(days=2))
    with pytest.raises(CertificadoVencido, match="só vale a partir"):
        cert.verificar_validade(datetime.now(timezone.utc) - timedelta(days=2))
    with pytest.raises(CertificadoVencido):
        gerar_nfe(f.nota(), cert, agora=datetime.now(timezone.utc) + timedelta(days=3))
