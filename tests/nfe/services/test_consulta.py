"""Falhas de comunicação: tempo esgotado deixa a nota em processamento e a consulta resolve; nada de reenvio às cegas."""
from datetime import timedelta

from erp.comum.modelos import agora
from erp.extensions import db
from erp.nfe.fiscal.certificado import carregar_certificado
from erp.nfe.models import BloqueioSefaz, NotaFiscal
from erp.nfe.sefaz.cliente import ClienteSefaz, ConfiguracaoSefaz
from erp.vendas.models import Venda
from tests.nfe.apoio import assinar, cli_json, sandbox, transmitir
from tests.nfe.services import fabrica


def _situacao(nota_id: int) -> str:
    db.session.expire_all()
    return db.session.get(NotaFiscal, nota_id).situacao


def _servicos(simulador) -> list[str]:
    return [r["servico"] for r in sandbox(simulador, "requisicoes")["requisicoes"]]


def test_tempo_esgotado_fica_em_processamento_e_a_consulta_autoriza(runner, app, empresa, sefaz_sim):
    venda = fabrica.venda()
    [nota] = assinar(runner, venda)
    app.config["SEFAZ_TEMPO_RESPOSTA"] = 0.3
    sandbox(sefaz_sim, "falhas", "post", tipo="timeout", servico="NFeAutorizacao4", atraso_s=3)

    [resultado] = transmitir(runner, nota)

    assert (resultado["resultado"], resultado["cstat"]) == ("em_processamento", None)
    assert "pode ter sido processada" in resultado["motivo"]
    assert _situacao(nota.id) == "em_processamento"
    # a SEFAZ autorizou, só a resposta se perdeu
    assert sandbox(sefaz_sim, "notas")["notas"][0]["situacao"] == "autorizada"
    assert db.session.get(Venda, venda.id).situacao == "pronto_para_faturar"

    consulta = cli_json(runner, "nfe", "consultar", "--nota", str(nota.id))

    assert (consulta["situacao"], consulta["cstat"]) == ("autorizada", 100)
    assert _situacao(nota.id) == "autorizada"
    assert db.session.get(Venda, venda.id).situacao == "faturado"
    assert db.session.get(NotaFiscal, nota.id).xml_proc
    assert _servicos(sefaz_sim) == ["NFeAutorizacao4", "NFeConsultaProtocolo4"]


def test_transmitir_pendentes_confere_a_nota_em_processamento_sem_reenviar(runner, app, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    app.config["SEFAZ_TEMPO_RESPOSTA"] = 0.3
    sandbox(sefaz_sim, "falhas", "post", tipo="timeout", servico="NFeAutorizacao4", atraso_s=3)
    transmitir(runner, nota)
    app.config["SEFAZ_TEMPO_RESPOSTA"] = 5

    [resultado] = cli_json(runner, "nfe", "transmitir", "--pendentes")

    assert resultado["resultado"] == "autorizada"
    assert _servicos(sefaz_sim) == ["NFeAutorizacao4", "NFeConsultaProtocolo4"]


def test_nota_que_nao_chegou_a_sefaz_volta_a_assinada_e_vai_de_novo(runner, app, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    app.config["SEFAZ_TEMPO_RESPOSTA"] = 0.3
    sandbox(sefaz_sim, "falhas", "post", tipo="lento", servico="NFeAutorizacao4", atraso_s=3)
    transmitir(runner, nota)  # a SEFAZ lenta ainda nem começou a processar quando o cliente desiste
    assert _situacao(nota.id) == "em_processamento"
    app.config["SEFAZ_TEMPO_RESPOSTA"] = 5

    consulta = cli_json(runner, "nfe", "consultar", "--nota", str(nota.id))

    assert (consulta["situacao"], consulta["cstat"]) == ("assinada", 217)
    assert "nunca foi recebida ou foi rejeitada" in consulta["motivo"]
    [resultado] = transmitir(runner, nota)  # o mesmo XML, a mesma chave
    assert resultado["resultado"] == "autorizada"


def test_sefaz_fora_do_ar_nada_foi_enviado_e_a_nota_volta_a_assinada(runner, app, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    sefaz_sim.parar()

    [resultado] = transmitir(runner, nota)

    assert resultado["resultado"] == "falhou"
    assert "Não foi possível conectar à SEFAZ; nada foi enviado." in resultado["motivo"]
    assert _situacao(nota.id) == "assinada"


def test_erro_500_da_sefaz_devolve_a_nota(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    sandbox(sefaz_sim, "falhas", "post", tipo="500", servico="NFeAutorizacao4")

    [resultado] = transmitir(runner, nota)

    assert resultado["resultado"] == "falhou" and "SOAP Fault, HTTP 500" in resultado["motivo"]
    assert _situacao(nota.id) == "assinada"
    # recuo: a autorização fica em espera (1 minuto na primeira vez) e nada é enviado nesse tempo
    sandbox(sefaz_sim, "requisicoes", "delete")
    [resultado] = transmitir(runner, nota)
    assert resultado["resultado"] == "falhou" and "em espera até" in resultado["motivo"]
    assert sandbox(sefaz_sim, "requisicoes")["requisicoes"] == []
    bloqueio = db.session.query(BloqueioSefaz).one()
    assert (bloqueio.tipo, bloqueio.servico, bloqueio.autorizador) == ("recuo", "NFeAutorizacao4", "SP")
    bloqueio.ate = agora() - timedelta(seconds=1)
    db.session.commit()
    assert transmitir(runner, nota)[0]["resultado"] == "autorizada"
    assert db.session.query(BloqueioSefaz).count() == 0  # a resposta boa encerra o recuo


def test_reenvio_da_mesma_chave_ja_autorizada_recupera_o_protocolo(runner, empresa, sefaz_sim):
    """204: o envio anterior foi autorizado e a resposta se perdeu; o reenvio do mesmo XML não duplica nada."""
    [nota] = assinar(runner, fabrica.venda())
    with ClienteSefaz("SP", False, carregar_certificado(fabrica.pfx(), fabrica.SENHA),
                      ConfiguracaoSefaz(base=sefaz_sim.url)) as sefaz:
        assert sefaz.autorizar(77, [nota.xml]).protocolos[0].cstat == 100  # envio "perdido" fora do ERP

    [resultado] = transmitir(runner, nota)

    assert (resultado["resultado"], resultado["cstat"]) == ("autorizada", 100)
    servicos = [(r["servico"], r["cstat"]) for r in sandbox(sefaz_sim, "requisicoes")["requisicoes"]]
    assert servicos == [("NFeAutorizacao4", 104), ("NFeAutorizacao4", 104), ("NFeConsultaProtocolo4", 100)]
    assert len(sandbox(sefaz_sim, "notas")["notas"]) == 1
