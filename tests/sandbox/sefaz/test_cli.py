"""Comandos `sandbox sefaz` e `sandbox certificado` (erp/sandbox/cli.py)."""
import socket

from erp.nfe.fiscal.certificado import carregar_certificado
from tests.nfe.services import fabrica


def test_sandbox_sefaz_em_porta_ocupada(runner):
    with socket.socket() as ocupado:
        ocupado.bind(("127.0.0.1", 0))
        ocupado.listen()
        saida = runner.invoke(args=["sandbox", "sefaz", "--porta", str(ocupado.getsockname()[1])])
    assert saida.exit_code == 1 and "Não foi possível abrir a porta" in saida.output
    ajuda = runner.invoke(args=["sandbox", "sefaz", "--help"])
    assert "--consultas-em-processamento" in ajuda.output and "SEFAZ simulada" in ajuda.output


def test_sandbox_certificado_cria_um_a1_de_teste(runner, tmp_path):
    saida_pfx = tmp_path / "demo" / "a1.pfx"
    saida = runner.invoke(args=["sandbox", "certificado", "--cnpj", "12.ABC.345/01DE-35", "--saida", str(saida_pfx),
                                "--senha", "demo"])
    assert saida.exit_code == 0, saida.output
    cert = carregar_certificado(saida_pfx.read_bytes(), "demo")
    assert cert.cnpj == "12ABC34501DE35"
    assert cert.info().dias_para_expirar >= 364
    assert cert.info().titular == "EMPRESA DEMONSTRACAO:12ABC34501DE35"
    invalido = runner.invoke(args=["sandbox", "certificado", "--cnpj", "123", "--saida", str(saida_pfx),
                                   "--senha", "demo"])
    assert invalido.exit_code == 1


def test_sandbox_certificado_com_a_razao_social_da_empresa_e_aceito_por_ela(runner, tmp_path):
    fabrica.empresa(com_certificado=False)
    saida_pfx = tmp_path / "a1.pfx"
    saida = runner.invoke(args=["sandbox", "certificado", "--cnpj", fabrica.CNPJ_EMPRESA, "--saida", str(saida_pfx),
                                "--senha", "demo", "--razao-social", "Empório Paulista Comércio de Presentes Ltda"])
    assert saida.exit_code == 0, saida.output
    titular = carregar_certificado(saida_pfx.read_bytes(), "demo").info().titular
    assert titular == "EMPÓRIO PAULISTA COMÉRCIO DE PRESENTES LTDA:45378261000188"
    enviado = runner.invoke(args=["empresa", "certificado", "--arquivo", str(saida_pfx), "--senha", "demo"])
    assert enviado.exit_code == 0, enviado.output
