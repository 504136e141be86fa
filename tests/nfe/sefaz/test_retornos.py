"""O cliente lê as respostas da SEFAZ no formato publicado (tests/fixtures/sefaz), sem o simulador."""
from pathlib import Path

import pytest

from erp.nfe.sefaz import retornos
from erp.nfe.sefaz.cstat import Acao, acao, consome_numero
from erp.nfe.sefaz.soap import RespostaInvalida, ler_resposta

PASTA = Path(__file__).resolve().parents[2] / "fixtures" / "sefaz"
CHAVE = "35261245378261000188550010000001231000001230"


def _ler(arquivo, servico):
    return ler_resposta(servico, 200, (PASTA / arquivo).read_bytes())


def test_status_em_operacao():
    status = retornos.RetornoStatus.de(_ler("status_107.xml", "NFeStatusServico4"))
    assert status.em_operacao and status.tempo_medio == 1 and acao(status.cstat) == Acao.SERVICO_EM_OPERACAO


def test_autorizacao_sincrona():
    lote = retornos.RetornoLote.de(_ler("autorizacao_sincrona_100.xml", "NFeAutorizacao4"))
    assert lote.cstat == 104 and len(lote.protocolos) == 1
    protocolo = lote.protocolos[0]
    assert (protocolo.chave, protocolo.cstat, protocolo.protocolo) == (CHAVE, 100, "135260000123456")
    assert acao(protocolo.cstat) == Acao.AUTORIZADA


def test_consulta_com_protocolo():
    consulta = retornos.RetornoConsulta.de(_ler("consulta_100.xml", "NFeConsultaProtocolo4"))
    assert consulta.cstat == 100 and consulta.chave == CHAVE and consulta.protocolo.protocolo == "135260000123456"


def test_rejeicao_539_traz_a_chave_existente():
    lote = retornos.RetornoLote.de(_ler("rejeicao_539.xml", "NFeAutorizacao4"))
    protocolo = lote.protocolos[0]
    assert protocolo.cstat == 539 and not protocolo.autorizada and acao(539) == Acao.OUTRA_CHAVE
    assert consome_numero(539)  # o número está usado, com a outra chave
    assert retornos.chave_no_motivo(protocolo.motivo) == "35261245378261000188550010000001241000001240"
    assert retornos.chave_no_motivo("[chNFe: 35261245378261000188550010000001241000001240][nRec:1]") == (
        "35261245378261000188550010000001241000001240")
    assert retornos.chave_no_motivo("Rejeição: Duplicidade de NF-e") is None


def test_evento_registrado():
    eventos = retornos.RetornoEventos.de(_ler("evento_135.xml", "NFeRecepcaoEvento4"))
    assert eventos.cstat == 128 and eventos.eventos[0].cstat == 135 and eventos.eventos[0].registrado
    assert eventos.eventos[0].protocolo == "135260000123999"


def test_resposta_de_outro_servico_e_recusada():
    with pytest.raises(RespostaInvalida):
        _ler("status_107.xml", "NFeAutorizacao4")
