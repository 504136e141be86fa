"""Empresa emitente e certificado A1 pela linha de comando (e pelas regras do serviço)."""
import json
from datetime import timedelta

import pytest

from erp.extensions import db
from erp.nfe.models import Empresa, SerieNFe
from erp.nfe.services import certificado
from erp.nfe.services import empresa as empresas
from erp.nfe.services.erros import CertificadoRecusado, EmissaoImpossivel
from tests.nfe.apoio import gerar_vendas
from tests.nfe.services import fabrica

DEMO = "erp/sandbox/dados/empresa_demo.json"


def _json(tmp_path, **campos):
    arquivo = tmp_path / "empresa.json"
    arquivo.write_text(json.dumps(fabrica.dados_empresa(**campos), ensure_ascii=False), encoding="utf-8")
    return str(arquivo)


def test_configurar_pelo_json(runner, tmp_path):
    saida = runner.invoke(args=["empresa", "configurar", "--arquivo", _json(tmp_path, proximo_numero=15, crt=3)])

    assert saida.exit_code == 0, saida.output
    assert "45.378.261/0001-88" in saida.output and "próximo número 15" in saida.output
    empresa = db.session.query(Empresa).one()
    assert (empresa.razao_social, empresa.crt, empresa.uf, empresa.municipio_ibge) == (
        "Empório Paulista Comércio de Presentes Ltda", 3, "SP", "3550308")
    assert empresa.ambiente == "homologacao"
    assert db.session.query(SerieNFe).filter_by(ambiente="homologacao", serie=1).one().proximo_numero == 15


def test_json_da_demonstracao_e_aceito(runner):
    saida = runner.invoke(args=["empresa", "configurar", "--arquivo", DEMO])
    assert saida.exit_code == 0, saida.output
    empresa = db.session.query(Empresa).one()
    assert (empresa.uf, empresa.municipio_ibge, empresa.crt, empresa.serie, empresa.ambiente) == (
        "SP", "3550308", 1, 1, "homologacao")


def test_configurar_de_novo_atualiza_a_mesma_empresa(runner, tmp_path):
    runner.invoke(args=["empresa", "configurar", "--arquivo", _json(tmp_path)])
    saida = runner.invoke(args=["empresa", "configurar", "--arquivo", _json(tmp_path, nome_fantasia="Novo Nome")])
    assert saida.exit_code == 0, saida.output
    assert [e.nome_fantasia for e in db.session.query(Empresa)] == ["Novo Nome"]


def test_configurar_recusa_dados_invalidos_dizendo_o_campo(runner, tmp_path):
    arquivo = _json(tmp_path, cnpj="45378261000100", municipio_ibge="3304557", crt=5, ambiente="teste")

    saida = runner.invoke(args=["empresa", "configurar", "--arquivo", arquivo])

    assert saida.exit_code == 1
    assert "cnpj: CNPJ inválido" in saida.output
    assert "municipio_ibge: o código 3304557 não é de um município de SP" in saida.output
    assert "crt:" in saida.output and "ambiente:" in saida.output
    assert db.session.query(Empresa).count() == 0


def test_configurar_com_cnpj_alfanumerico(runner, tmp_path):
    saida = runner.invoke(args=["empresa", "configurar", "--arquivo", _json(tmp_path, cnpj="12.ABC.345/01DE-35")])
    assert saida.exit_code == 0, saida.output
    assert db.session.query(Empresa).one().cnpj == "12ABC34501DE35"


def test_reconfigurar_depois_de_emitir_nao_volta_a_numeracao(runner, empresa, tmp_path):
    gerar_vendas(runner, fabrica.venda(), fabrica.venda())

    saida = runner.invoke(args=["empresa", "configurar", "--arquivo", _json(tmp_path, proximo_numero=1)])

    assert saida.exit_code == 0, saida.output
    assert "já usou até o nº 2; o próximo número fica 3" in saida.output
    [resultado] = gerar_vendas(runner, fabrica.venda())
    assert resultado["numero"] == 3


def test_certificado_pela_linha_de_comando(runner, tmp_path):
    fabrica.empresa(com_certificado=False)
    pfx = tmp_path / "a1.pfx"
    pfx.write_bytes(fabrica.pfx())

    errada = runner.invoke(args=["empresa", "certificado", "--arquivo", str(pfx), "--senha", "outra"])
    assert errada.exit_code == 1
    assert "Senha do certificado digital incorreta" in errada.output
    assert db.session.query(Empresa).one().certificado_pfx is None

    certa = runner.invoke(args=["empresa", "certificado", "--arquivo", str(pfx), "--senha", fabrica.SENHA])
    assert certa.exit_code == 0, certa.output
    assert "45.378.261/0001-88" in certa.output
    empresa = db.session.query(Empresa).one()
    assert empresa.certificado_pfx == fabrica.pfx() and empresa.certificado_senha == fabrica.SENHA
    assert empresa.certificado_cnpj == fabrica.CNPJ_EMPRESA
    assert empresa.certificado_valido_ate - empresa.certificado_valido_de > timedelta(days=364)


def test_certificado_e_senha_ficam_cifrados_no_banco(app):
    fabrica.empresa()
    bruto = db.session.execute(db.text("SELECT certificado_pfx, certificado_senha FROM empresas")).one()
    assert bytes(bruto[0]) != fabrica.pfx() and fabrica.SENHA.encode() not in bytes(bruto[1])


def test_certificado_de_outra_raiz_de_cnpj_e_recusado(app):
    empresa = fabrica.empresa(com_certificado=False)
    with pytest.raises(CertificadoRecusado, match="11222333000181.*raiz do CNPJ"):
        certificado.salvar(empresa, fabrica.pfx("11222333000181"), fabrica.SENHA)
    assert db.session.get(Empresa, empresa.id).certificado_pfx is None


def test_certificado_de_filial_da_mesma_raiz_e_aceito(app):
    empresa = fabrica.empresa(com_certificado=False)
    filial = "453782610002" + fabrica.dv_cnpj("453782610002")
    certificado.salvar(empresa, fabrica.pfx(filial), fabrica.SENHA)
    assert empresa.certificado_cnpj == filial


def test_aviso_a_partir_de_30_dias_do_vencimento(app):
    empresa = fabrica.empresa()
    vence = empresa.certificado_valido_ate
    assert certificado.situacao(empresa, vence - timedelta(days=31)).aviso is None
    aviso = certificado.situacao(empresa, vence - timedelta(days=30, hours=-1)).aviso
    assert aviso.startswith("O certificado digital vence em 29 dias")
    vencido = certificado.situacao(empresa, vence + timedelta(hours=1))
    assert vencido.vencido and "venceu em" in vencido.aviso


def test_certificado_vencido_e_recusado_no_envio_e_impede_a_emissao(runner, app):
    empresa = fabrica.empresa()
    depois = empresa.certificado_valido_ate + timedelta(days=1)
    with pytest.raises(CertificadoRecusado, match="venceu em"):
        certificado.salvar(empresa, fabrica.pfx(), fabrica.SENHA, agora=depois)
    with pytest.raises(EmissaoImpossivel, match="venceu"):
        certificado.carregar_da_empresa(empresa, agora=depois)


def test_gerar_sem_certificado_explica_o_que_falta(runner, app):
    fabrica.empresa(com_certificado=False)
    fabrica.venda()
    saida = runner.invoke(args=["nfe", "gerar", "--pendentes"])
    assert saida.exit_code == 1
    assert "Envie o certificado digital A1" in saida.output


def test_gerar_sem_empresa_explica_o_que_falta(runner, app):
    saida = runner.invoke(args=["nfe", "gerar", "--pendentes"])
    assert saida.exit_code == 1 and "Cadastre a empresa emitente" in saida.output


def test_servico_informa_campos_obrigatorios(app):
    with pytest.raises(empresas.EmpresaInvalida) as erro:
        empresas.configurar({"razao_social": "X"})
    assert erro.value.erros["cnpj"] == "campo obrigatório"
    assert "municipio_ibge" in erro.value.erros
    with pytest.raises(empresas.EmpresaInvalida) as erro:
        empresas.configurar({**fabrica.dados_empresa(), "campo_estranho": 1})
    assert erro.value.erros == {"campo_estranho": "campo desconhecido"}



def test_ie_com_digito_errado_para_a_uf_e_recusada_ao_salvar(app):
    with pytest.raises(empresas.EmpresaInvalida) as erro:
        empresas.configurar(fabrica.dados_empresa(ie="110042490001"))  # SP: dígito verificador errado
    assert "inscrição estadual inválida para SP" in erro.value.erros["ie"]
    assert db.session.query(Empresa).count() == 0
    empresas.configurar(fabrica.dados_empresa(ie="110.042.490.114"))  # a mesma IE com os dígitos certos
    assert empresas.obter().ie == "110042490114"


def test_ie_de_outra_uf_e_recusada(app):
    with pytest.raises(empresas.EmpresaInvalida) as erro:
        empresas.configurar(fabrica.dados_empresa(ie="0623079040081"))  # IE de MG numa empresa de SP
    assert "ie" in erro.value.erros
