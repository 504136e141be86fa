"""Transmissão à SEFAZ simulada por HTTP: síncrona (uma nota), lote assíncrono com recibo, nfeProc no XSD."""
from lxml import etree

from erp.extensions import db
from erp.nfe.models import EnvioNFe
from erp.nfe.models import NotaEvento, NotaFiscal
from erp.nfe.sefaz import esquemas
from erp.retorno_tray.models import EnvioTray
from erp.sandbox.verificacao import verificar_xmlsec1
from erp.vendas.models import Venda
from tests.nfe.apoio import assinar, cli_json, sandbox, transmitir
from tests.nfe.services import fabrica

N = {"n": "http://www.portalfiscal.inf.br/nfe"}


def test_uma_nota_vai_sincrona_e_fica_autorizada_com_nfe_proc_valido(runner, empresa, sefaz_sim):
    venda = fabrica.venda()
    [nota] = assinar(runner, venda)
    assinada = nota.xml

    [resultado] = transmitir(runner, nota)

    assert resultado["resultado"] == "autorizada", resultado
    assert (resultado["nota"], resultado["venda"], resultado["numero"], resultado["serie"]) == (nota.id, venda.id, 1, 1)
    assert resultado["chave"] == nota.chave and resultado["cstat"] == 100
    assert "Autorizado o uso da NF-e" in resultado["motivo"]
    db.session.expire_all()
    nota = db.session.get(NotaFiscal, nota.id)
    assert nota.situacao == "autorizada" and nota.motivo is None
    proc = etree.fromstring(nota.xml_proc)
    assert esquemas.erros("nfeProc", proc) == []
    assert proc.findtext("n:protNFe/n:infProt/n:nProt", namespaces=N) == nota.protocolo
    assert proc.findtext("n:protNFe/n:infProt/n:chNFe", namespaces=N) == nota.chave
    # a NF-e dentro do nfeProc é a assinada, intacta: a assinatura ainda confere no xmlsec1
    nfe = etree.tostring(proc.find("n:NFe", N))
    assert etree.tostring(etree.fromstring(assinada), method="c14n") == etree.tostring(etree.fromstring(nfe),
                                                                                       method="c14n")
    verificar_xmlsec1(nfe, fabrica.pem())
    assert db.session.get(Venda, venda.id).situacao == "faturado"
    envio = db.session.query(EnvioTray).filter_by(nota_id=nota.id).one()
    assert (envio.chave, envio.situacao) == (nota.chave, "pendente")
    tipos = [e.tipo for e in db.session.query(NotaEvento).filter_by(nota_id=nota.id).order_by(NotaEvento.id)]
    assert tipos == ["numero_reservado", "xml_assinado", "envio", "autorizacao"]
    [simulada] = sandbox(sefaz_sim, "notas")["notas"]
    assert (simulada["chave"], simulada["protocolo"], simulada["situacao"]) == (nota.chave, nota.protocolo, "autorizada")
    assert [r["servico"] for r in sandbox(sefaz_sim, "requisicoes")["requisicoes"]] == ["NFeAutorizacao4"]


def test_lote_de_varias_notas_vai_assincrono_e_consulta_o_recibo(runner, empresa, sefaz_sim):
    vendas = [fabrica.venda(cliente_=fabrica.cliente(uf=uf)) for uf in ("SP", "RJ", "MG")]
    notas = assinar(runner, *vendas)

    resultados = cli_json(runner, "nfe", "transmitir", "--pendentes")

    assert [r["nota"] for r in resultados] == [n.id for n in notas]
    assert {r["resultado"] for r in resultados} == {"autorizada"}
    requisicoes = sandbox(sefaz_sim, "requisicoes")["requisicoes"]
    assert [(r["servico"], r["cstat"]) for r in requisicoes] == [
        ("NFeAutorizacao4", 103), ("NFeRetAutorizacao4", 105), ("NFeRetAutorizacao4", 104)]
    envio = db.session.query(EnvioNFe).one()
    assert envio.sincrono is False and len(envio.recibo) == 15 and envio.cstat == 104
    assert sorted(i.nota_id for i in envio.itens) == sorted(n.id for n in notas)
    db.session.expire_all()
    for nota, venda in zip(notas, vendas):
        nota = db.session.get(NotaFiscal, nota.id)
        assert nota.situacao == "autorizada"
        assert esquemas.erros("nfeProc", etree.fromstring(nota.xml_proc)) == []
        assert db.session.get(Venda, venda.id).situacao == "faturado"
    protocolos = {n["protocolo"] for n in sandbox(sefaz_sim, "notas")["notas"]}
    assert len(protocolos) == 3


def test_lote_grande_e_dividido_em_envios_de_ate_50(runner, empresa, sefaz_sim):
    from erp.nfe.services import transmissao

    produto = fabrica.produto()
    vendas = [fabrica.venda(itens=[(produto, "1", "10.00")]) for _ in range(52)]
    notas = assinar(runner, *vendas)

    resultados = transmissao.transmitir([n.id for n in notas])

    assert [r.resultado for r in resultados] == ["autorizada"] * 52
    envios = db.session.query(EnvioNFe).order_by(EnvioNFe.id).all()
    assert [len(e.itens) for e in envios] == [50, 2]
    assert [e.sincrono for e in envios] == [False, False]


def test_transmitir_so_aceita_nota_assinada(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    transmitir(runner, nota)

    [resultado] = transmitir(runner, nota)

    assert resultado["resultado"] == "falhou"
    assert "está autorizada; só se transmite nota assinada" in resultado["motivo"]
    assert len(sandbox(sefaz_sim, "requisicoes")["requisicoes"]) == 1


def test_sem_certificado_a_transmissao_nem_comeca(runner, app, sefaz_sim):
    fabrica.empresa(com_certificado=False)

    saida = runner.invoke(args=["nfe", "transmitir", "--pendentes", "--json"])

    assert saida.exit_code == 1
    assert "certificado digital A1" in saida.output


def test_nota_que_outro_processo_ja_pegou_nao_vai_duas_vezes(runner, empresa, sefaz_sim):
    from sqlalchemy import update

    from erp.nfe.services import transmissao

    [nota] = assinar(runner, fabrica.venda())
    # outro trabalhador passou a nota a "em processamento" depois que esta sessão a leu como assinada
    db.session.execute(update(NotaFiscal).where(NotaFiscal.id == nota.id).values(situacao="em_processamento")
                       .execution_options(synchronize_session=False))
    assert nota.situacao == "assinada"

    clientes = transmissao.Clientes()
    try:
        [resultado] = transmissao._enviar(clientes, [nota])
    finally:
        clientes.fechar()

    assert (resultado.resultado, resultado.motivo) == ("falhou", "A NF-e nº 1 já está sendo transmitida.")
    assert sandbox(sefaz_sim, "requisicoes")["requisicoes"] == []
    assert db.session.query(EnvioNFe).count() == 0
