"""Cancelamento (prazo de 24 h pelo relógio da SEFAZ) e carta de correção com numeração sequencial."""
from lxml import etree

from erp.extensions import db
from erp.nfe.models import EventoNFe
from erp.nfe.models import NotaEvento, NotaFiscal
from erp.nfe.sefaz import esquemas
from erp.sandbox.verificacao import verificar_xmlsec1
from tests.nfe.apoio import assinar, cli_json, sandbox, transmitir
from tests.nfe.services import fabrica

N = "{http://www.portalfiscal.inf.br/nfe}"
JUSTIFICATIVA = "Cliente desistiu da compra antes do envio"


def _autorizada(runner) -> NotaFiscal:
    [nota] = assinar(runner, fabrica.venda())
    assert transmitir(runner, nota)[0]["resultado"] == "autorizada"
    db.session.expire_all()
    return db.session.get(NotaFiscal, nota.id)


def test_cancelamento_dentro_do_prazo(runner, empresa, sefaz_sim):
    nota = _autorizada(runner)
    sandbox(sefaz_sim, "relogio", "post", avancar_s=23 * 3600)

    resultado = cli_json(runner, "nfe", "cancelar", "--nota", str(nota.id), "--justificativa", JUSTIFICATIVA)

    assert (resultado["resultado"], resultado["cstat"], resultado["tipo"]) == ("registrado", 135, "110111")
    assert resultado["evento"] == "Cancelamento" and len(resultado["protocolo"]) == 15
    db.session.expire_all()
    nota = db.session.get(NotaFiscal, nota.id)
    assert nota.situacao == "cancelada"
    registro = db.session.query(EventoNFe).filter_by(nota_id=nota.id).one()
    assert (registro.situacao, registro.sequencia, registro.texto) == ("registrado", 1, JUSTIFICATIVA)
    pedido = etree.fromstring(registro.xml_pedido)
    assert pedido.find(f"{N}infEvento").get("Id") == f"ID110111{nota.chave}01"
    assert pedido.findtext(f"{N}infEvento/{N}detEvento/{N}nProt") == nota.protocolo
    verificar_xmlsec1(registro.xml_pedido, fabrica.pem(), "infEvento")
    assert esquemas.erros("procEventoNFe_110111", etree.fromstring(registro.xml_retorno)) == []
    historico = {e.tipo: e.xml for e in db.session.query(NotaEvento).filter_by(nota_id=nota.id)}
    assert historico["pedido_cancelamento"] == registro.xml_pedido
    assert historico["cancelamento"] == registro.xml_retorno
    consulta = cli_json(runner, "nfe", "consultar", "--nota", str(nota.id))
    assert (consulta["cstat"], consulta["motivo"]) == (101, "Cancelamento de NF-e homologado")


def test_cancelamento_fora_do_prazo_e_recusado(runner, empresa, sefaz_sim):
    nota = _autorizada(runner)
    sandbox(sefaz_sim, "relogio", "post", avancar_s=24 * 3600 + 60)

    resultado = cli_json(runner, "nfe", "cancelar", "--nota", str(nota.id), "--justificativa", JUSTIFICATIVA)

    assert (resultado["resultado"], resultado["cstat"]) == ("rejeitado", 501)
    assert "Prazo de Cancelamento superior ao previsto na Legislação" in resultado["motivo"]
    assert "24 horas" in resultado["motivo"] and "nota de devolução" in resultado["motivo"]
    db.session.expire_all()
    assert db.session.get(NotaFiscal, nota.id).situacao == "autorizada"
    assert db.session.query(EventoNFe).one().situacao == "rejeitado"


def test_cancelamento_exige_justificativa_de_15_caracteres(runner, empresa, sefaz_sim):
    nota = _autorizada(runner)

    saida = runner.invoke(args=["nfe", "cancelar", "--nota", str(nota.id), "--justificativa", "desistiu"])

    assert saida.exit_code == 1
    assert "A justificativa precisa ter pelo menos 15 caracteres (tem 8)." in saida.output
    assert [r["servico"] for r in sandbox(sefaz_sim, "requisicoes")["requisicoes"]] == ["NFeAutorizacao4"]


def test_so_se_cancela_nota_autorizada(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())

    saida = runner.invoke(args=["nfe", "cancelar", "--nota", str(nota.id), "--justificativa", JUSTIFICATIVA])

    assert saida.exit_code == 1 and "Só se cancela NF-e autorizada; a NF-e nº 1 está assinada." in saida.output


def test_cartas_de_correcao_recebem_numeros_seguidos(runner, empresa, sefaz_sim):
    nota = _autorizada(runner)

    primeira = cli_json(runner, "nfe", "cce", "--nota", str(nota.id), "--correcao",
                        "Endereço de entrega: Rua das Flores, 25, fundos")
    segunda = cli_json(runner, "nfe", "cce", "--nota", str(nota.id), "--correcao",
                       "Endereço de entrega: Rua das Flores, 25, fundos. Volumes: 2 caixas")

    assert [(r["resultado"], r["sequencia"], r["cstat"]) for r in (primeira, segunda)] == [
        ("registrado", 1, 135), ("registrado", 2, 135)]
    assert primeira["protocolo"] != segunda["protocolo"]
    registros = db.session.query(EventoNFe).filter_by(nota_id=nota.id).order_by(EventoNFe.id).all()
    assert [r.sequencia for r in registros] == [1, 2]
    for registro in registros:
        assert esquemas.erros("procEventoNFe_110110", etree.fromstring(registro.xml_retorno)) == []
        inf = etree.fromstring(registro.xml_pedido).find(f"{N}infEvento")
        assert inf.get("Id") == f"ID110110{nota.chave}{registro.sequencia:02d}"
    simulada = sandbox(sefaz_sim, "notas")["notas"][0]
    assert [(e["tipo"], e["sequencia"]) for e in simulada["eventos"]] == [("110110", 1), ("110110", 2)]
    db.session.expire_all()
    assert db.session.get(NotaFiscal, nota.id).situacao == "autorizada"


def test_carta_de_correcao_perdida_e_sincronizada_pela_consulta(runner, app, empresa, sefaz_sim):
    """573: a CC-e nº 1 foi registrada mas a resposta se perdeu; o ERP traz o registro e a próxima é a nº 2."""
    nota = _autorizada(runner)
    sandbox(sefaz_sim, "falhas", "post", tipo="timeout", servico="NFeRecepcaoEvento4", atraso_s=3)
    app.config["SEFAZ_TEMPO_RESPOSTA"] = 0.3
    perdida = cli_json(runner, "nfe", "cce", "--nota", str(nota.id), "--correcao", "Volumes: 2 caixas de papelão")
    assert perdida["resultado"] == "falhou" and "Consulte a nota" in perdida["motivo"]
    app.config["SEFAZ_TEMPO_RESPOSTA"] = 5

    repetida = cli_json(runner, "nfe", "cce", "--nota", str(nota.id), "--correcao", "Volumes: 2 caixas de papelão")

    assert (repetida["resultado"], repetida["cstat"]) == ("rejeitado", 573)
    assert "já estava registrada" in repetida["motivo"]
    registradas = db.session.query(EventoNFe).filter_by(nota_id=nota.id, situacao="registrado").all()
    assert [r.sequencia for r in registradas] == [1]
    terceira = cli_json(runner, "nfe", "cce", "--nota", str(nota.id), "--correcao", "Volumes: 3 caixas de papelão")
    assert (terceira["resultado"], terceira["sequencia"]) == ("registrado", 2)


def test_venda_com_nota_cancelada_pode_ser_faturada_de_novo(app, runner, empresa, sefaz_sim):
    """Cancelada a NF-e, a venda fica "NF-e cancelada — pode emitir de novo", volta à tela Emitir, mostra a nota
    cancelada nas telas de vendas e recebe uma nota nova."""
    from erp.nfe.services import emissao, notas
    from erp.vendas.models import Venda
    from erp.vendas.notas import notas_das_vendas

    nota = _autorizada(runner)
    venda_id = nota.venda_id
    assert db.session.get(Venda, venda_id).situacao == "faturado"
    assert venda_id not in emissao.vendas_pendentes()
    cli_json(runner, "nfe", "cancelar", "--nota", str(nota.id), "--justificativa", JUSTIFICATIVA)
    db.session.expire_all()
    venda = db.session.get(Venda, venda_id)
    assert venda.situacao == "nfe_cancelada"
    assert venda_id in emissao.vendas_pendentes()
    assert venda_id in [v.id for v in notas.vendas_para_faturar(notas.FiltrosEmissao.de_dict({}))]
    with app.test_request_context():
        [mostrada] = notas_das_vendas([venda_id])[venda_id]
    assert (mostrada.numero, mostrada.situacao) == (nota.numero, "cancelada")
    assert mostrada.url_danfe and mostrada.url_xml and mostrada.url.endswith(f"/nfe/{nota.id}")
    [nova] = assinar(runner, db.session.get(Venda, venda_id))
    assert nova.numero != nota.numero and nova.venda_id == venda_id
