"""O simulador por HTTP cru: envelope SOAP 1.2, respostas no XSD oficial e regras que só ele decide."""
from datetime import datetime, timedelta, timezone

import pytest
import requests
from lxml import etree

from erp.nfe.fiscal import gerar_nfe
from erp.nfe.fiscal.assinatura import Assinador
from erp.nfe.sefaz import esquemas, mensagens, soap
from erp.nfe.sefaz.cliente import ClienteSefaz, ConfiguracaoSefaz
from erp.sandbox.sefaz.servidor import iniciar_em_thread
from tests.nfe import fabrica as nucleo

BRASILIA = timezone(timedelta(hours=-3))


@pytest.fixture(scope="module")
def simulador():
    sim = iniciar_em_thread()
    yield sim
    sim.parar()


@pytest.fixture(scope="module")
def certificado():
    return nucleo.certificado()


@pytest.fixture
def sefaz(simulador, certificado):
    with ClienteSefaz("SP", False, certificado, ConfiguracaoSefaz(base=simulador.url)) as cliente:
        yield cliente


def _nfe(certificado, numero: int, **campos) -> bytes:
    agora = datetime.now(BRASILIA).replace(microsecond=0)
    return gerar_nfe(nucleo.nota(numero=numero, data_emissao=agora, ambiente=2, **campos), certificado).xml


def _post(simulador, caminho: str, corpo: bytes, tipo: str) -> requests.Response:
    return requests.post(simulador.url + caminho, data=corpo, headers={"Content-Type": tipo}, timeout=5)


def test_respostas_seguem_os_esquemas_oficiais(simulador, sefaz, certificado):
    xml = _nfe(certificado, 101)
    sincrono = sefaz.autorizar(1, [xml])
    assincrono = sefaz.autorizar(2, [_nfe(certificado, 102), _nfe(certificado, 103)])
    recibo = [sefaz.consultar_recibo(assincrono.recibo) for _ in range(2)]
    chave = sincrono.protocolos[0].chave
    assinador = Assinador(certificado)
    agora = datetime.now(BRASILIA).replace(microsecond=0)
    evento = mensagens.evento(mensagens.Evento(mensagens.CARTA_CORRECAO, chave, nucleo.CNPJ_EMITENTE, 2, 1, agora,
                                               texto="Correção do endereço de entrega"), assinador)
    inut = mensagens.inut_nfe(mensagens.Inutilizacao(2, "35", agora.year % 100, nucleo.CNPJ_EMITENTE, 1, 90, 91,
                                                     "Numeração pulada por falha"), assinador)
    retornos = {"retEnviNFe": sincrono.xml, "retConsReciNFe": recibo[1].xml,
                "retConsSitNFe": sefaz.consultar(chave).xml, "retConsStatServ": sefaz.status().xml,
                "retEnvEvento_110110": sefaz.enviar_eventos(1, [evento]).xml,
                "retInutNFe": sefaz.inutilizar(inut).xml}

    for nome, xml_retorno in retornos.items():
        assert esquemas.erros(nome, etree.fromstring(xml_retorno)) == [], nome
    assert [r.cstat for r in recibo] == [105, 104]
    assert sefaz.consultar(chave).eventos  # a CC-e vem como procEventoNFe na consulta


def test_soap_11_e_recusado(simulador):
    resposta = _post(simulador, "/ws/nfestatusservico4.asmx", b"<x/>", "text/xml; charset=utf-8")
    assert resposta.status_code == 415 and b"SOAP 1.2" in resposta.content


def test_namespace_errado_vira_soap_fault(simulador):
    mensagem = mensagens.cons_stat(2, "35")
    corpo = soap.envelope("NFeConsultaProtocolo4", mensagem)  # namespace de outro serviço
    resposta = _post(simulador, "/ws/nfestatusservico4.asmx", corpo, soap.tipo_conteudo("NFeStatusServico4"))
    assert resposta.status_code == 400 and b"Fault" in resposta.content


def test_servico_desconhecido_responde_404(simulador):
    corpo = soap.envelope("NFeStatusServico4", mensagens.cons_stat(2, "35"))
    assert _post(simulador, "/ws/inexistente.asmx", corpo, soap.tipo_conteudo("NFeStatusServico4")).status_code == 404


def test_caminhos_oficiais_de_outros_autorizadores(simulador, certificado):
    for uf in ("MG", "PR", "RS", "BA", "MA", "CE"):
        with ClienteSefaz(uf, False, certificado, ConfiguracaoSefaz(base=simulador.url)) as cliente:
            assert cliente.status().cstat == 107, uf


def test_lote_sincrono_com_duas_notas_e_recusado_764(sefaz, certificado):
    retorno = sefaz.autorizar(5, [_nfe(certificado, 201), _nfe(certificado, 202)], sincrono=True)
    assert (retorno.cstat, retorno.protocolos) == (764, [])


def test_lote_assincrono_com_uma_nota_e_recusado_452(sefaz, certificado):
    assert sefaz.autorizar(6, [_nfe(certificado, 203)], sincrono=False).cstat == 452


def test_recibo_desconhecido_106(sefaz):
    assert sefaz.consultar_recibo("351999999999999").cstat == 106


def test_nota_de_producao_no_ambiente_de_homologacao_252(sefaz, certificado):
    agora = datetime.now(BRASILIA).replace(microsecond=0)
    xml = gerar_nfe(nucleo.nota(numero=301, data_emissao=agora, ambiente=1), certificado).xml
    assert sefaz.autorizar(7, [xml]).protocolos[0].cstat == 252


def test_data_de_emissao_no_futuro_703(sefaz, certificado):
    futuro = datetime.now(BRASILIA).replace(microsecond=0) + timedelta(hours=2)
    xml = gerar_nfe(nucleo.nota(numero=302, data_emissao=futuro, ambiente=2), certificado).xml
    assert sefaz.autorizar(8, [xml]).protocolos[0].cstat == 703


def test_eventos_exigem_nota_existente_e_protocolo_certo(sefaz, certificado):
    assinador = Assinador(certificado)
    agora = datetime.now(BRASILIA).replace(microsecond=0)
    chave = sefaz.autorizar(9, [_nfe(certificado, 401)]).protocolos[0].chave
    inexistente = chave[:25] + "000000999" + chave[34:43]
    from erp.nfe.fiscal.chave import digito_verificador

    inexistente += str(digito_verificador(inexistente))

    def cancelar(chave_, protocolo):
        evento = mensagens.evento(mensagens.Evento(mensagens.CANCELAMENTO, chave_, nucleo.CNPJ_EMITENTE, 2, 1, agora,
                                                   protocolo, "Cancelamento de teste do simulador"), assinador)
        return sefaz.enviar_eventos(1, [evento]).eventos[0].cstat

    assert cancelar(inexistente, "135260000000001") == 494
    assert cancelar(chave, "135269999999999") == 222
    assert cancelar(chave, sefaz.consultar(chave).protocolo.protocolo) == 135
    assert cancelar(chave, sefaz.consultar(chave).protocolo.protocolo) == 218


def test_inutilizar_numero_ja_usado_241(sefaz, certificado):
    sefaz.autorizar(10, [_nfe(certificado, 501)])
    agora = datetime.now(BRASILIA)
    inut = mensagens.inut_nfe(mensagens.Inutilizacao(2, "35", agora.year % 100, nucleo.CNPJ_EMITENTE, 1, 500, 501,
                                                     "Numeração pulada por falha"), Assinador(certificado))
    assert sefaz.inutilizar(inut).cstat == 241
