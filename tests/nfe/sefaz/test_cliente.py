"""Cliente SOAP: tabela de endereços, mTLS com o A1 em https e erros tipados."""
import os
import stat
from pathlib import Path

import pytest
import requests

from erp.nfe.sefaz import urls
from erp.nfe.sefaz.cliente import ClienteSefaz, ConfiguracaoSefaz
from erp.nfe.sefaz.cstat import descrever
from erp.nfe.sefaz.erros import CertificadoIndisponivel, RespostaInvalida, SefazIndisponivel
from erp.nfe.sefaz.tls import ParPem
from tests.nfe import fabrica as nucleo

RESPOSTAS = Path(__file__).resolve().parents[2] / "fixtures" / "sefaz"  # respostas gravadas no formato do MOC


def test_enderecos_oficiais_por_uf_e_ambiente():
    assert urls.url("NFeAutorizacao4", "SP", False) == \
        "https://homologacao.nfe.fazenda.sp.gov.br/ws/nfeautorizacao4.asmx"
    assert urls.url("NFeAutorizacao4", "SP", True) == "https://nfe.fazenda.sp.gov.br/ws/nfeautorizacao4.asmx"
    assert urls.url("NFeConsultaProtocolo4", "MG", False) == \
        "https://hnfe.fazenda.mg.gov.br/nfe2/services/NFeConsultaProtocolo4"
    assert urls.url("NFeRecepcaoEvento4", "RJ", False) == \
        "https://nfe-homologacao.svrs.rs.gov.br/ws/recepcaoevento/recepcaoevento4.asmx"
    assert urls.url("NFeStatusServico4", "MA", True) == \
        "https://www.sefazvirtual.fazenda.gov.br/NFeStatusServico4/NFeStatusServico4.asmx"


def test_sefaz_url_troca_esquema_e_host_e_mantem_o_caminho():
    assert urls.url("NFeInutilizacao4", "RS", False, "http://127.0.0.1:5056/") == \
        "http://127.0.0.1:5056/ws/nfeinutilizacao/nfeinutilizacao4.asmx"


def test_todas_as_ufs_tem_endereco_e_uf_desconhecida_e_recusada():
    assert urls.url("NFeAutorizacao4", "MT", True).startswith("https://")
    assert urls.url("NFeAutorizacao4", "PE", False).startswith("https://")
    assert urls.url("NFeAutorizacao4", "MT", False, "http://sim").startswith("http://sim/")
    with pytest.raises(urls.EnderecoDesconhecido):
        urls.url("NFeAutorizacao4", "XX", False)


class _Sessao(requests.Session):
    def __init__(self, resposta=None, erro=None):
        super().__init__()
        self.chamadas, self._resposta, self._erro = [], resposta, erro

    def post(self, url, **opcoes):
        self.chamadas.append((url, opcoes))
        if self._erro:
            raise self._erro
        return self._resposta


def _resposta(status: int, corpo: bytes) -> requests.Response:
    resposta = requests.Response()
    resposta.status_code, resposta._content = status, corpo
    return resposta


def test_https_usa_o_a1_como_certificado_de_cliente():
    sessao = _Sessao(_resposta(200, (RESPOSTAS / "status_107.xml").read_bytes()))
    with ClienteSefaz("SP", False, nucleo.certificado(), ConfiguracaoSefaz(verificar_tls="/etc/icp.pem"),
                      sessao) as cliente:
        assert cliente.status().cstat == 107
        url, opcoes = sessao.chamadas[0]
        certificado, chave = opcoes["cert"]
        assert url.startswith("https://homologacao.nfe.fazenda.sp.gov.br/")
        assert opcoes["verify"] == "/etc/icp.pem"
        assert b"BEGIN CERTIFICATE" in open(certificado, "rb").read()
        assert stat.S_IMODE(os.stat(chave).st_mode) == 0o600
        assert 'action="http://www.portalfiscal.inf.br/nfe/wsdl/NFeStatusServico4/nfeStatusServicoNF"' in \
            opcoes["headers"]["Content-Type"]
    assert not os.path.exists(chave)  # os PEM temporários somem ao fechar


def test_https_sem_certificado_nao_conecta():
    with ClienteSefaz("SP", False, None, ConfiguracaoSefaz(), _Sessao()) as cliente:
        with pytest.raises(CertificadoIndisponivel):
            cliente.status()


def test_pem_temporario_tem_chave_e_cadeia():
    with ParPem(nucleo.certificado()) as par:
        assert b"PRIVATE KEY" in par.chave.read_bytes()
    assert not par.chave.exists()


def test_conexao_recusada_nao_enviou_e_tempo_esgotado_talvez():
    recusada = requests.exceptions.ConnectionError(
        __import__("urllib3").exceptions.NewConnectionError(None, "Connection refused"))
    with ClienteSefaz("SP", False, None, ConfiguracaoSefaz(base="http://sim"), _Sessao(erro=recusada)) as cliente:
        with pytest.raises(SefazIndisponivel) as erro:
            cliente.status()
    assert erro.value.enviado is False
    with ClienteSefaz("SP", False, None, ConfiguracaoSefaz(base="http://sim"),
                      _Sessao(erro=requests.exceptions.ReadTimeout())) as cliente:
        with pytest.raises(SefazIndisponivel) as erro:
            cliente.status()
    assert erro.value.enviado is True and "pode ter sido processada" in str(erro.value)


def test_resposta_que_nao_e_xml():
    with ClienteSefaz("SP", False, None, ConfiguracaoSefaz(base="http://sim"),
                      _Sessao(_resposta(502, b"<html>Bad gateway"))) as cliente:
        with pytest.raises(RespostaInvalida, match="HTTP 502"):
            cliente.status()


def test_explicacao_em_portugues():
    texto = descrever(539, "Duplicidade de NF-e com diferença na Chave de Acesso [chNFe: 1][nRec:2]")
    assert texto.startswith("SEFAZ 539: Duplicidade de NF-e")
    assert "Consulte a chave existente" in texto
    assert descrever(999, "Rejeição: Erro não catalogado").startswith("SEFAZ 999: Rejeição: Erro não catalogado — ")
    assert descrever(12345, "Rejeição: Outra") == "SEFAZ 12345: Rejeição: Outra"
    assert "certificado digital" in descrever(284, "Rejeição: Certificado Transmissor revogado")
