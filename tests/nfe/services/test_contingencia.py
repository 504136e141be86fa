"""Contingência SVC de ponta a ponta na SEFAZ simulada: a autorizadora para (108/109), a emissão vai à SVC com
tpEmis 6/7, dhCont e xJust (nova chave, mesmo número), e volta com uma ação."""
from lxml import etree

from erp.extensions import db
from erp.nfe.fiscal.xsd import erros_schema
from erp.nfe.models import ContingenciaNFe, Empresa, NotaFiscal, ServicoSefaz
from erp.nfe.sefaz.erros import SefazIndisponivel
from erp.nfe.services import contingencia, protocolos, servicos_sefaz
from tests.nfe.apoio import NS, assinar, cli_json, sandbox, texto, transmitir
from tests.nfe.services import fabrica

JUSTIFICATIVA = "SEFAZ SP fora do ar sem previsao de retorno"


def _nota(nota_id: int) -> NotaFiscal:
    db.session.expire_all()
    return db.session.get(NotaFiscal, nota_id)


def _svc(simulador, caminho: str, metodo: str = "get", **dados) -> dict:
    return sandbox(simulador, f"svc/{caminho}", metodo, **dados)


def test_autorizadora_parada_entrar_na_svc_autoriza_e_sair_volta_ao_normal(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    chave_normal, numero = nota.chave, nota.numero
    assert chave_normal[34] == "1"
    sandbox(sefaz_sim, "status", "post", cstat=109)
    [resultado] = transmitir(runner, nota)
    assert (resultado["resultado"], resultado["cstat"]) == ("falhou", 109)  # a regra automática está desligada
    assert cli_json(runner, "nfe", "contingencia", "situacao")["ativa"] is False

    situacao = cli_json(runner, "nfe", "contingencia", "entrar", "--justificativa", JUSTIFICATIVA)

    assert situacao["ativa"] and (situacao["svc"], situacao["tp_emis"]) == ("SVC-AN", 6)  # SP usa a SVC-AN
    assert situacao["justificativa"] == JUSTIFICATIVA and situacao["desde"].endswith("Z")
    nota = _nota(nota.id)
    assert nota.situacao == "assinada" and nota.numero == numero
    assert nota.chave != chave_normal and nota.chave[34] == "6" and nota.chave[35:43] == chave_normal[35:43]
    raiz = etree.fromstring(nota.xml)
    assert erros_schema(raiz) == []
    ide = raiz.find("n:infNFe/n:ide", NS)
    assert texto(ide, "n:tpEmis") == "6" and texto(ide, "n:xJust") == JUSTIFICATIVA
    assert texto(ide, "n:dhCont").endswith("-03:00")
    assert "xml_assinado" in [e.tipo for e in nota.eventos][-1:]

    [resultado] = transmitir(runner, nota)

    assert resultado["resultado"] == "autorizada" and resultado["chave"] == nota.chave
    assert [n["chave"] for n in _svc(sefaz_sim, "notas")["notas"]] == [nota.chave]
    assert sandbox(sefaz_sim, "notas")["notas"] == []  # a autorizadora não recebeu nada
    # a consulta e o cancelamento de nota da SVC vão à SVC enquanto a contingência está aberta
    assert cli_json(runner, "nfe", "consultar", "--nota", str(nota.id))["cstat"] == 100
    assert [r["servico"] for r in _svc(sefaz_sim, "requisicoes")["requisicoes"]] == [
        "NFeAutorizacao4", "NFeConsultaProtocolo4"]

    sandbox(sefaz_sim, "status", "post", cstat=107)  # a autorizadora volta e recebe as notas da SVC
    situacao = cli_json(runner, "nfe", "contingencia", "sair")
    assert situacao["ativa"] is False
    registro = db.session.query(ContingenciaNFe).one()
    assert registro.fim is not None and registro.svc == "SVC-AN" and not registro.automatica

    # depois da saída: a nota da SVC é consultada na autorizadora; a nova nota sai normal
    assert cli_json(runner, "nfe", "consultar", "--nota", str(nota.id))["cstat"] == 100
    [outra] = assinar(runner, fabrica.venda())
    assert outra.chave[34] == "1"
    assert transmitir(runner, outra)[0]["resultado"] == "autorizada"
    assert len(sandbox(sefaz_sim, "notas")["notas"]) == 2


def test_sair_refaz_para_a_autorizadora_a_nota_assinada_para_a_svc(runner, empresa, sefaz_sim):
    cli_json(runner, "nfe", "contingencia", "entrar", "--justificativa", JUSTIFICATIVA)
    [nota] = assinar(runner, fabrica.venda())
    assert nota.chave[34] == "6"  # em contingência a nota já nasce para a SVC
    ide = etree.fromstring(nota.xml).find("n:infNFe/n:ide", NS)
    assert texto(ide, "n:xJust") == JUSTIFICATIVA and texto(ide, "n:dhCont")

    cli_json(runner, "nfe", "contingencia", "sair")

    nota = _nota(nota.id)
    assert nota.chave[34] == "1" and etree.fromstring(nota.xml).find("n:infNFe/n:ide/n:dhCont", NS) is None
    assert transmitir(runner, nota)[0]["resultado"] == "autorizada"


def test_justificativa_curta_e_contingencia_repetida_sao_recusadas(runner, empresa):
    saida = runner.invoke(args=["nfe", "contingencia", "situacao"])
    assert saida.exit_code == 0
    assert saida.output.strip() == "Emissão normal (SP); a SVC da UF é SVC-AN. Entrada automática desligada."
    saida = runner.invoke(args=["nfe", "contingencia", "entrar", "--justificativa", "caiu"])
    assert saida.exit_code == 1 and "pelo menos 15 caracteres" in saida.output
    cli_json(runner, "nfe", "contingencia", "entrar", "--justificativa", JUSTIFICATIVA)
    saida = runner.invoke(args=["nfe", "contingencia", "entrar", "--justificativa", JUSTIFICATIVA])
    assert saida.exit_code == 1 and "já está em contingência" in saida.output
    saida = runner.invoke(args=["nfe", "contingencia", "situacao"])
    assert saida.output.startswith("Em contingência na SVC-AN (tpEmis 6) desde ") and JUSTIFICATIVA in saida.output
    cli_json(runner, "nfe", "contingencia", "sair")
    saida = runner.invoke(args=["nfe", "contingencia", "sair"])
    assert saida.exit_code == 1 and "não está em contingência" in saida.output


def test_svc_rs_para_uf_da_svc_rs(runner, app):
    empresa = fabrica.empresa()
    empresa.uf = "BA"
    db.session.commit()
    situacao = cli_json(runner, "nfe", "contingencia", "entrar", "--justificativa", "SEFAZ BA paralisada agora")
    assert (situacao["svc"], situacao["tp_emis"], situacao["autorizador"]) == ("SVC-RS", 7, "BA")


def test_entrada_automatica_por_108_leva_as_notas_a_svc_na_mesma_transmissao(runner, empresa, sefaz_sim):
    assert cli_json(runner, "nfe", "contingencia", "automatica", "--ligar")["automatica_ligada"] is True
    notas = assinar(runner, fabrica.venda(), fabrica.venda())
    sandbox(sefaz_sim, "status", "post", cstat=108)

    resultados = transmitir(runner, *notas)

    assert [r["resultado"] for r in resultados] == ["autorizada"] * 2
    situacao = cli_json(runner, "nfe", "contingencia", "situacao")
    assert situacao["ativa"] and situacao["automatica"] and "Entrada automatica" in situacao["justificativa"]
    assert {n["chave"][34] for n in _svc(sefaz_sim, "notas")["notas"]} == {"6"}
    assert sandbox(sefaz_sim, "notas")["notas"] == []


def test_entrada_automatica_pelo_status_do_servico(runner, empresa, sefaz_sim):
    cli_json(runner, "nfe", "contingencia", "automatica", "--ligar")
    sandbox(sefaz_sim, "status", "post", cstat=109)

    saida = runner.invoke(args=["nfe", "status-servico"])

    assert saida.exit_code == 2 and "SP (autorizador): SEFAZ 109" in saida.output
    assert "SVC-AN (contingência): SEFAZ 107" in saida.output
    assert contingencia.situacao()["ativa"]


def test_falhas_seguidas_de_conexao_abrem_a_contingencia_automatica(app, empresa):
    empresa.contingencia_automatica = True
    db.session.commit()
    vigia = servicos_sefaz.vigia(empresa)
    with protocolos.cliente_sem_certificado() as cliente:
        for vez in range(servicos_sefaz.FALHAS_PARA_CONTINGENCIA):
            assert contingencia.aberta() is None, vez
            vigia.depois(cliente, "NFeAutorizacao4", None, SefazIndisponivel("recusada", enviado=False))
    registro = contingencia.aberta()
    assert registro is not None and registro.automatica and "3 tentativas seguidas" in registro.justificativa
    assert db.session.query(ServicoSefaz).filter_by(autorizador="SP").one().falhas_seguidas == 3


def test_desligada_a_regra_automatica_nada_muda(app, empresa):
    vigia = servicos_sefaz.vigia(empresa)
    with protocolos.cliente_sem_certificado() as cliente:
        for _ in range(5):
            vigia.depois(cliente, "NFeAutorizacao4", None, SefazIndisponivel("recusada", enviado=False))
    assert contingencia.aberta() is None
    assert db.session.get(Empresa, empresa.id).contingencia_automatica is False


def test_eventos_da_nota_da_svc_vao_onde_as_regras_mandam(runner, empresa, sefaz_sim):
    sandbox(sefaz_sim, "status", "post", cstat=109)
    cli_json(runner, "nfe", "contingencia", "entrar", "--justificativa", JUSTIFICATIVA)
    primeira, segunda = assinar(runner, fabrica.venda(), fabrica.venda())
    assert {r["resultado"] for r in transmitir(runner, primeira, segunda)} == {"autorizada"}
    _svc(sefaz_sim, "requisicoes", "delete")

    # cancelamento de nota autorizada pela SVC: na própria SVC, enquanto a contingência está aberta
    cancelada = cli_json(runner, "nfe", "cancelar", "--nota", str(primeira.id), "--justificativa",
                         "Pedido cancelado pelo cliente")
    assert cancelada["resultado"] == "registrado", cancelada
    assert [r["servico"] for r in _svc(sefaz_sim, "requisicoes")["requisicoes"]] == ["NFeRecepcaoEvento4"]

    # carta de correção: a SVC não tem; vai à SEFAZ de origem, que já recebeu as notas da SVC
    sandbox(sefaz_sim, "status", "post", cstat=107)
    sandbox(sefaz_sim, "requisicoes", "delete")
    cce = cli_json(runner, "nfe", "cce", "--nota", str(segunda.id), "--correcao",
                   "Endereco de entrega: Rua das Flores, 100")
    assert cce["resultado"] == "registrado", cce
    assert [r["servico"] for r in sandbox(sefaz_sim, "requisicoes")["requisicoes"]] == ["NFeRecepcaoEvento4"]
    assert [r["servico"] for r in _svc(sefaz_sim, "requisicoes")["requisicoes"]] == ["NFeRecepcaoEvento4"]


def test_nota_da_svc_sem_resposta_e_conferida_na_svc_mesmo_depois_da_saida(app, runner, empresa, sefaz_sim):
    cli_json(runner, "nfe", "contingencia", "entrar", "--justificativa", JUSTIFICATIVA)
    [nota] = assinar(runner, fabrica.venda())
    _svc(sefaz_sim, "falhas", "post", tipo="timeout", servico="NFeAutorizacao4", atraso_s=3)
    app.config["SEFAZ_TEMPO_RESPOSTA"] = 1  # o simulador responde depois de 3 s: a resposta se perde
    [resultado] = transmitir(runner, nota)
    app.config["SEFAZ_TEMPO_RESPOSTA"] = 5
    assert resultado["resultado"] == "em_processamento"
    cli_json(runner, "nfe", "contingencia", "sair")
    assert _nota(nota.id).chave[34] == "6"  # em processamento: não é refeita

    [resultado] = transmitir(runner, nota)

    assert (resultado["resultado"], resultado["chave"]) == ("autorizada", nota.chave)
    assert sandbox(sefaz_sim, "notas")["notas"] == []  # nada foi à origem
    assert [r["servico"] for r in _svc(sefaz_sim, "requisicoes")["requisicoes"]][-1] == "NFeConsultaProtocolo4"
