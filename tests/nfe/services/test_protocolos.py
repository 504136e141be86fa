"""O que cada resposta da SEFAZ faz com a nota: rejeições explicadas em português, o destino do número rejeitado,
a denegação e o aviso da autorização (sinal nota_autorizada)."""
from erp.extensions import db
from erp.nfe import sinais
from erp.nfe.models import NotaEvento, NotaFiscal, NumeroInutilizar, SerieNFe
from erp.nfe.services import estados
from erp.vendas.models import Venda
from tests.nfe.apoio import assinar, sandbox, transmitir
from tests.nfe.services import fabrica
from tests.nfe.services import xmls

OUTRO_CNPJ = "11222333000181"


def _transmitir_com_xml(runner, nota, xml) -> dict:
    nota.xml = xml
    db.session.commit()
    [resultado] = transmitir(runner, nota)
    db.session.expire_all()
    return resultado


def _conferir_rejeitada(resultado, nota_id, cstat, *trechos):
    assert (resultado["resultado"], resultado["cstat"]) == ("rejeitada", cstat), resultado
    for trecho in trechos:
        assert trecho in resultado["motivo"], resultado["motivo"]
    nota = db.session.get(NotaFiscal, nota_id)
    assert nota.situacao == "rejeitada" and nota.motivo == resultado["motivo"]
    assert db.session.get(Venda, nota.venda_id).situacao == "pronto_para_faturar"
    return nota


def test_numero_ja_autorizado_com_outra_chave_e_rejeitado_539(runner, empresa, sefaz_sim):
    # cenário: o banco do ERP voltou de um backup antigo e a série recomeçou do nº 1
    [primeira] = assinar(runner, fabrica.venda())
    assert transmitir(runner, primeira)[0]["resultado"] == "autorizada"
    chave_autorizada = primeira.chave
    primeira.numero = 999
    db.session.query(SerieNFe).update({"proximo_numero": 1})
    db.session.commit()
    [segunda] = assinar(runner, fabrica.venda())
    assert segunda.numero == 1 and segunda.chave != chave_autorizada

    [resultado] = transmitir(runner, segunda)

    db.session.expire_all()
    nota = _conferir_rejeitada(resultado, segunda.id, 539, "Duplicidade de NF-e com diferença na Chave de Acesso",
                               f"[chNFe: {chave_autorizada}]", "Consulte a chave existente",
                               f"Conferir: A chave {chave_autorizada} não é de nenhuma versão desta NF-e")
    # a chave existente foi consultada antes de a nota ir para o operador
    servicos = [r["servico"] for r in sandbox(sefaz_sim, "requisicoes")["requisicoes"]]
    assert servicos[-2:] == ["NFeAutorizacao4", "NFeConsultaProtocolo4"]
    assert nota.eventos[-1].tipo == "conferir"
    # o número está consumido na SEFAZ: não vai para a inutilização
    assert db.session.query(NumeroInutilizar).filter_by(numero=nota.numero).count() == 0


def test_certificado_de_outra_empresa_e_rejeitado_213(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())

    resultado = _transmitir_com_xml(runner, nota, xmls.reassinar(nota.xml, fabrica.pfx(OUTRO_CNPJ)))

    _conferir_rejeitada(resultado, nota.id, 213, "CNPJ-Base do Emitente difere do CNPJ-Base do Certificado Digital",
                        "pertence a outra empresa")
    pendente = db.session.query(NumeroInutilizar).filter_by(numero=nota.numero).one()
    assert pendente.situacao == "pendente" and pendente.nota_id == nota.id


def test_xml_alterado_depois_de_assinado_e_rejeitado_297(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    alterado = xmls.alterar_assinado(nota.xml, "n:infNFe/n:det/n:prod/n:xProd", "Caneca de porcelana 300 ml")

    resultado = _transmitir_com_xml(runner, nota, alterado)

    _conferir_rejeitada(resultado, nota.id, 297, "Rejeição: Assinatura difere do calculado",
                        "o XML foi alterado depois de assinado")


def test_digito_verificador_errado_na_chave_e_rejeitado_236(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    xml = xmls.reassinar(nota.xml, fabrica.pfx(), alterar=xmls.trocar_dv)
    nota.chave = nota.chave[:43] + str((int(nota.chave[43]) + 1) % 10)

    resultado = _transmitir_com_xml(runner, nota, xml)

    _conferir_rejeitada(resultado, nota.id, 236, "Chave de Acesso com dígito verificador inválido",
                        "erro interno")


def test_nome_do_destinatario_em_homologacao_e_rejeitado_598(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())

    def trocar_nome(inf):
        inf.find(f"{xmls.N}dest/{xmls.N}xNome").text = "Maria José da Silva"

    resultado = _transmitir_com_xml(runner, nota, xmls.reassinar(nota.xml, fabrica.pfx(), alterar=trocar_nome))

    _conferir_rejeitada(resultado, nota.id, 598, "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL",
                        "Em homologação, o nome do destinatário")


def test_lote_com_uma_rejeitada_autoriza_as_outras(runner, empresa, sefaz_sim):
    notas = assinar(runner, fabrica.venda(), fabrica.venda(), fabrica.venda())
    notas[1].xml = xmls.reassinar(notas[1].xml, fabrica.pfx(OUTRO_CNPJ))
    db.session.commit()

    resultados = transmitir(runner, *notas)

    assert [(r["resultado"], r["cstat"]) for r in resultados] == [("autorizada", 100), ("rejeitada", 213),
                                                                   ("autorizada", 100)]
    assert len(sandbox(sefaz_sim, "notas")["notas"]) == 2


def test_sefaz_paralisada_devolve_as_notas_para_transmitir_depois(runner, empresa, sefaz_sim):
    notas = assinar(runner, fabrica.venda(), fabrica.venda())
    sandbox(sefaz_sim, "status", "post", cstat=108)

    resultados = transmitir(runner, *notas)

    assert [(r["resultado"], r["cstat"]) for r in resultados] == [("falhou", 108)] * 2
    assert "SEFAZ está fora do ar por pouco tempo" in resultados[0]["motivo"]
    db.session.expire_all()
    assert {db.session.get(NotaFiscal, n.id).situacao for n in notas} == {"assinada"}
    saida = runner.invoke(args=["nfe", "status-servico"])
    assert saida.exit_code == 2 and "SEFAZ 108: Serviço Paralisado Momentaneamente (curto prazo)" in saida.output

    sandbox(sefaz_sim, "status", "post", cstat=107)
    assert [r["resultado"] for r in transmitir(runner, *notas)] == ["autorizada"] * 2


def test_uso_denegado_consome_o_numero(runner, empresa, sefaz_sim):
    venda = fabrica.venda()
    sandbox(sefaz_sim, "irregulares", "post", documento=venda.cliente.cpf_cnpj, cstat=302)
    [nota] = assinar(runner, venda)

    [resultado] = transmitir(runner, nota)

    assert (resultado["resultado"], resultado["cstat"]) == ("denegada", 302)
    assert "irregularidade fiscal do cliente" in resultado["motivo"]
    db.session.expire_all()
    nota = db.session.get(NotaFiscal, nota.id)
    assert nota.situacao == "denegada" and nota.xml_proc and nota.protocolo
    assert db.session.query(NumeroInutilizar).count() == 0
    assert nota.venda.situacao == "nfe_denegada"  # a venda pode receber outra nota


def test_autorizacao_avisa_pelo_sinal_uma_vez_com_a_nota(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    recebidas = []

    def ouvinte(remetente):
        recebidas.append((remetente.id, remetente.situacao, remetente.protocolo is not None))

    with sinais.nota_autorizada.connected_to(ouvinte):
        [resultado] = transmitir(runner, nota)

    assert resultado["resultado"] == "autorizada"
    assert recebidas == [(nota.id, "autorizada", True)]


def test_ouvinte_que_falha_nao_desfaz_a_autorizacao(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())

    def ouvinte_quebrado(remetente):
        estados.registrar_evento(remetente, "gravado_pelo_ouvinte", "não deve ficar")
        raise RuntimeError("ouvinte quebrado")

    with sinais.nota_autorizada.connected_to(ouvinte_quebrado):
        [resultado] = transmitir(runner, nota)

    assert resultado["resultado"] == "autorizada"
    db.session.expire_all()
    nota = db.session.get(NotaFiscal, nota.id)
    assert nota.situacao == "autorizada" and nota.protocolo
    assert db.session.get(Venda, nota.venda_id).situacao == "faturado"
    assert db.session.query(NotaEvento).filter_by(tipo="gravado_pelo_ouvinte").count() == 0
