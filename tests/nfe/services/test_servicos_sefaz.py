"""Respostas que pedem cuidado, pela SEFAZ simulada: 539 conciliado pela chave existente, 656 (uma hora sem chamar o
serviço), 999 (recuo crescente) e o status de cada autorizador que a empresa usa."""
from datetime import timedelta

from erp.comum.modelos import agora
from erp.extensions import db
from erp.nfe.fiscal.certificado import carregar_certificado
from erp.nfe.models import BloqueioSefaz, NotaEvento, NotaFiscal, ServicoSefaz
from erp.nfe.sefaz.cliente import ClienteSefaz, ConfiguracaoSefaz
from erp.nfe.services import contingencia, emissao
from tests.nfe.apoio import assinar, cli_json, sandbox, transmitir
from tests.nfe.services import fabrica


def _nota(nota_id: int) -> NotaFiscal:
    db.session.expire_all()
    return db.session.get(NotaFiscal, nota_id)


def test_539_de_versao_anterior_da_nota_fica_com_a_autorizacao_existente(runner, empresa, sefaz_sim):
    """A versão com a chave A foi autorizada e a resposta se perdeu; a nota foi refeita (outro cNF, chave B)."""
    [nota] = assinar(runner, fabrica.venda())
    chave_a = nota.chave
    with ClienteSefaz("SP", False, carregar_certificado(fabrica.pfx(), fabrica.SENHA),
                      ConfiguracaoSefaz(base=sefaz_sim.url)) as sefaz:
        assert sefaz.autorizar(77, [nota.xml]).protocolos[0].cstat == 100  # envio "perdido"
    nota.chave = chave_a[:35] + "87654321" + chave_a[43:]
    assert contingencia.refazer(nota, None, *emissao.preparar()) is None
    db.session.commit()
    chave_b = nota.chave
    assert chave_b != chave_a and chave_b[35:43] == "87654321"

    [resultado] = transmitir(runner, nota)

    assert (resultado["resultado"], resultado["cstat"], resultado["chave"]) == ("autorizada", 100, chave_a)
    assert f"já tinha esta NF-e com a chave {chave_a}" in resultado["motivo"]
    nota = _nota(nota.id)
    assert nota.situacao == "autorizada" and nota.chave == chave_a
    [simulada] = sandbox(sefaz_sim, "notas")["notas"]
    assert (simulada["chave"], simulada["protocolo"]) == (chave_a, nota.protocolo)
    servicos = [(r["servico"], r["cstat"]) for r in sandbox(sefaz_sim, "requisicoes")["requisicoes"]]
    assert servicos[-2:] == [("NFeAutorizacao4", 104), ("NFeConsultaProtocolo4", 100)]
    tipos = [e.tipo for e in db.session.query(NotaEvento).filter_by(nota_id=nota.id).order_by(NotaEvento.id)]
    assert tipos[-3:] == ["duplicidade_outra_chave", "consulta", "autorizacao"]


def test_656_deixa_o_servico_sem_chamadas_por_uma_hora_e_aparece_na_tela(runner, logado, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    sandbox(sefaz_sim, "falhas", "post", tipo="rejeicao", cstat=656, servico="NFeAutorizacao4")

    [resultado] = transmitir(runner, nota)

    assert (resultado["resultado"], resultado["cstat"]) == ("falhou", 656)
    assert _nota(nota.id).situacao == "assinada"
    bloqueio = db.session.query(BloqueioSefaz).one()
    assert (bloqueio.tipo, bloqueio.servico, bloqueio.cnpj, bloqueio.cstat) == (
        "consumo_indevido", "NFeAutorizacao4", empresa.cnpj, 656)
    assert timedelta(minutes=59) < bloqueio.ate - agora() <= timedelta(hours=1)
    sandbox(sefaz_sim, "requisicoes", "delete")
    [resultado] = transmitir(runner, nota)
    assert resultado["resultado"] == "falhou" and "consumo indevido (656)" in resultado["motivo"]
    assert sandbox(sefaz_sim, "requisicoes")["requisicoes"] == []  # nada foi chamado
    # outros serviços seguem: a consulta de status responde
    assert cli_json(runner, "nfe", "status-servico")[0]["cstat"] == 107
    pagina = logado.get("/nfe/notas").get_data(as_text=True)
    assert "Autorização na SEFAZ SP em espera até" in pagina and "consumo indevido (656)" in pagina

    bloqueio.ate = agora() - timedelta(seconds=1)
    db.session.commit()
    assert transmitir(runner, nota)[0]["resultado"] == "autorizada"


def test_999_recua_um_minuto_depois_dois(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    sandbox(sefaz_sim, "falhas", "post", tipo="rejeicao", cstat=999, servico="NFeAutorizacao4", quantidade=2)

    assert transmitir(runner, nota)[0]["cstat"] == 999
    bloqueio = db.session.query(BloqueioSefaz).one()
    assert (bloqueio.tipo, bloqueio.tentativas) == ("recuo", 1)
    assert timedelta(seconds=50) < bloqueio.ate - agora() <= timedelta(minutes=1)
    bloqueio.ate = agora() - timedelta(seconds=1)
    db.session.commit()

    assert transmitir(runner, nota)[0]["cstat"] == 999
    db.session.expire_all()
    bloqueio = db.session.query(BloqueioSefaz).one()
    assert bloqueio.tentativas == 2 and timedelta(minutes=1) < bloqueio.ate - agora() <= timedelta(minutes=2)
    bloqueio.ate = agora() - timedelta(seconds=1)
    db.session.commit()

    assert transmitir(runner, nota)[0]["resultado"] == "autorizada"
    assert db.session.query(BloqueioSefaz).count() == 0


def test_status_de_cada_autorizador_da_empresa_com_a_hora_na_tela(runner, logado, empresa, sefaz_sim):
    pagina = logado.get("/nfe/notas").get_data(as_text=True)
    assert 'id="painel-sefaz"' in pagina and "não verificado" in pagina

    linhas = cli_json(runner, "nfe", "status-servico")

    assert [(l["autorizador"], l["contingencia"], l["cstat"], l["em_operacao"]) for l in linhas] == [
        ("SP", False, 107, True), ("SVC-AN", True, 107, True)]
    assert linhas[0]["url"] == f"{sefaz_sim.url}/ws/nfestatusservico4.asmx"
    assert linhas[1]["url"] == f"{sefaz_sim.url}/NFeStatusServico4/NFeStatusServico4.asmx"
    assert all(l["verificado_em"] for l in linhas)
    assert [r["servico"] for r in sandbox(sefaz_sim, "svc/requisicoes")["requisicoes"]] == ["NFeStatusServico4"]
    assert db.session.query(ServicoSefaz).count() == 2
    pagina = logado.get("/nfe/notas").get_data(as_text=True)
    assert pagina.count("verificado em") == 2 and "107 Serviço em Operação" in pagina


def test_autorizadora_recusa_nota_feita_para_a_svc_570(runner, empresa, sefaz_sim):
    cli_json(runner, "nfe", "contingencia", "entrar", "--justificativa", "SEFAZ SP fora do ar agora mesmo")
    [nota] = assinar(runner, fabrica.venda())
    contingencia.refazer_assinadas([nota.id])
    nota = _nota(nota.id)
    with ClienteSefaz("SP", False, carregar_certificado(fabrica.pfx(), fabrica.SENHA),
                      ConfiguracaoSefaz(base=sefaz_sim.url)) as sefaz:
        protocolo = sefaz.autorizar(78, [nota.xml]).protocolos[0]
    assert (protocolo.cstat, protocolo.motivo) == (570, "Rejeição: Tipo de Emissão 3, 6 ou 7 só é válido nas "
                                                        "contingências SCAN/SVC")
