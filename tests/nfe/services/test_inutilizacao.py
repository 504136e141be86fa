"""Inutilização dos números que ficaram sem NF-e: descartadas, rejeitadas e faixas com número já usado."""
from erp.extensions import db
from erp.nfe.models import InutilizacaoNFe, NotaFiscal, NumeroInutilizar
from erp.nfe.services import estados
from tests.nfe.apoio import assinar, cli_json, sandbox, transmitir
from tests.nfe.services import fabrica, xmls


def test_inutiliza_o_numero_de_nota_descartada(runner, empresa, sefaz_sim):
    notas = assinar(runner, fabrica.venda(), fabrica.venda(), fabrica.venda())
    for nota in notas[:2]:
        estados.descartar(nota, "Venda cancelada antes da transmissão.")
    db.session.commit()
    transmitir(runner, notas[2])

    resultados = cli_json(runner, "nfe", "inutilizar")

    assert len(resultados) == 1  # 1 e 2 são seguidos: um pedido para a faixa
    [faixa] = resultados
    assert (faixa["serie"], faixa["inicio"], faixa["fim"], faixa["resultado"], faixa["cstat"]) == (1, 1, 2, "inutilizada",
                                                                                                     102)
    db.session.expire_all()
    assert [db.session.get(NotaFiscal, n.id).situacao for n in notas] == ["inutilizada", "inutilizada", "autorizada"]
    assert {p.situacao for p in db.session.query(NumeroInutilizar)} == {"inutilizado"}
    registro = db.session.query(InutilizacaoNFe).one()
    assert registro.protocolo == faixa["protocolo"] and b"procInutNFe" in registro.xml_retorno
    inutilizados = sandbox(sefaz_sim, "inutilizados")["inutilizados"]
    assert sorted(i["numero"] for i in inutilizados) == [1, 2]
    assert cli_json(runner, "nfe", "inutilizar") == []


def test_nota_rejeitada_tem_o_numero_inutilizado(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    nota.xml = xmls.reassinar(nota.xml, fabrica.pfx("11222333000181"))
    db.session.commit()
    assert transmitir(runner, nota)[0]["resultado"] == "rejeitada"

    [faixa] = cli_json(runner, "nfe", "inutilizar")

    assert (faixa["inicio"], faixa["resultado"]) == (1, "inutilizada")
    db.session.expire_all()
    nota = db.session.get(NotaFiscal, nota.id)
    assert nota.situacao == "inutilizada"
    assert "213" in " ".join(e.mensagem or "" for e in nota.eventos)  # a rejeição fica no histórico


def test_faixa_com_numero_usado_e_separada_por_numero(runner, empresa, sefaz_sim):
    notas = assinar(runner, fabrica.venda(), fabrica.venda())
    transmitir(runner, notas[1])  # o nº 2 foi autorizado
    estados.descartar(notas[0], "teste")
    db.session.add(NumeroInutilizar(ambiente="homologacao", serie=1, numero=2, motivo="marcado por engano"))
    db.session.commit()

    resultados = cli_json(runner, "nfe", "inutilizar")

    # a faixa 1–2 é recusada (241) e cada número vai sozinho: o 1 é inutilizado, o 2 não
    assert [(r["inicio"], r["fim"], r["resultado"], r["cstat"]) for r in resultados] == [
        (1, 1, "inutilizada", 102), (2, 2, "rejeitada", 241)]
    assert "Um número da faixa já foi utilizado" in resultados[1]["motivo"]
