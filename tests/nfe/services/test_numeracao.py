"""Numeração: atômica entre trabalhadores, nunca reaproveitada, e números perdidos vão para inutilização."""
import functools
import threading
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from erp.extensions import db
from erp.nfe.fiscal import emitir
from erp.nfe.fiscal.erros import SchemaInvalido
from erp.nfe.models import NotaFiscal, NumeroInutilizar, SerieNFe
from erp.nfe.services import emissao, numeracao
from tests.nfe.apoio import gerar_vendas
from tests.nfe.services import fabrica
from tests.util import em_paralelo


def _em_paralelo(app, funcao, argumentos):
    resultados, erros = {}, []
    largada = threading.Barrier(len(argumentos))

    def trabalhar(arg):
        with app.app_context():
            largada.wait()
            try:
                resultados[arg] = funcao(arg)
            except Exception as erro:  # noqa: BLE001 — o teste confere o tipo abaixo
                erros.append(erro)
            finally:
                db.session.remove()

    em_paralelo([functools.partial(trabalhar, a) for a in argumentos], prazo_s=60)
    return resultados, erros


def test_trabalhadores_em_paralelo_nunca_recebem_o_mesmo_numero(app, empresa):
    vendas = [fabrica.venda().id for _ in range(8)]

    numeros, erros = _em_paralelo(
        app, lambda v: numeracao.reservar(v, "homologacao", 1).numero, vendas)

    assert erros == []
    assert sorted(numeros.values()) == list(range(1, 9))
    contador = db.session.query(SerieNFe).filter_by(ambiente="homologacao", serie=1).one()
    db.session.refresh(contador)
    assert contador.proximo_numero == 9


def test_a_mesma_venda_em_paralelo_ganha_uma_nota_so(app, empresa):
    venda_id = fabrica.venda().id

    numeros, erros = _em_paralelo(app, lambda _: numeracao.reservar(venda_id, "homologacao", 1).numero, [1, 2, 3])

    assert len(numeros) == 1
    assert len(erros) == 2 and all(isinstance(e, numeracao.VendaJaTemNota) for e in erros)
    assert db.session.query(NotaFiscal).filter_by(venda_id=venda_id).count() == 1


def test_o_banco_recusa_numero_repetido_na_serie(app, empresa):
    v1, v2 = fabrica.venda(), fabrica.venda()
    db.session.add(NotaFiscal(venda_id=v1.id, ambiente="homologacao", serie=1, numero=7))
    db.session.commit()
    db.session.add(NotaFiscal(venda_id=v2.id, ambiente="homologacao", serie=1, numero=7))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    # Em outra série (ou no outro ambiente) o mesmo número é permitido.
    db.session.add(NotaFiscal(venda_id=v2.id, ambiente="producao", serie=1, numero=7))
    db.session.commit()


def test_falha_na_montagem_manda_o_numero_para_inutilizacao(runner, empresa, monkeypatch):
    venda, outra = fabrica.venda(), fabrica.venda()

    def schema_quebrado(*args, **kwargs):
        raise SchemaInvalido(["ICMSTot/vNF: valor '1,00' inválido"])

    with monkeypatch.context() as m:
        m.setattr(emitir, "gerar_nfe", schema_quebrado)
        [falha] = gerar_vendas(runner, venda)

    assert falha["resultado"] == "falhou"
    assert falha["numero"] == 1 and "vNF" in falha["motivo"]
    nota = db.session.query(NotaFiscal).filter_by(venda_id=venda.id).one()
    assert nota.situacao == "descartada"
    pendente = db.session.query(NumeroInutilizar).one()
    assert (pendente.serie, pendente.numero, pendente.situacao) == (1, 1, "pendente")
    # A venda pode ser gerada de novo, com um número novo; o 1 nunca volta.
    segunda, terceira = gerar_vendas(runner, venda, outra)
    assert (segunda["resultado"], segunda["numero"]) == ("assinada", 2)
    assert terceira["numero"] == 3


def test_rascunho_abandonado_por_queda_nao_reaproveita_o_numero(runner, empresa, app):
    venda = fabrica.venda()
    perdido = numeracao.reservar(venda.id, "homologacao", 1)  # o processo “cai” aqui
    assert perdido.numero == 1

    # Cedo demais: o rascunho ainda pode estar em montagem em outro trabalhador.
    assert numeracao.recuperar_abandonados() == 0
    assert numeracao.recuperar_abandonados(limite=timedelta(seconds=-1)) == 1

    assert db.session.get(NotaFiscal, perdido.id).situacao == "descartada"
    assert db.session.query(NumeroInutilizar).filter_by(numero=1).count() == 1
    [resultado] = gerar_vendas(runner, venda)
    assert (resultado["resultado"], resultado["numero"]) == ("assinada", 2)


def test_proximo_numero_nunca_volta_abaixo_do_usado(runner, empresa):
    gerar_vendas(runner, fabrica.venda(), fabrica.venda())
    with pytest.raises(numeracao.NumeracaoInvalida, match="já usou até o nº 2"):
        numeracao.definir_proximo("homologacao", 1, 2)
    numeracao.definir_proximo("homologacao", 1, 10)
    db.session.commit()
    [resultado] = gerar_vendas(runner, fabrica.venda())
    assert resultado["numero"] == 10


def test_lotes_de_no_maximo_cinquenta(runner, empresa, monkeypatch):
    assert emissao.TAMANHO_LOTE == 50
    monkeypatch.setattr(emissao, "TAMANHO_LOTE", 2)
    vendas = [fabrica.venda() for _ in range(5)]

    resultados = gerar_vendas(runner, *vendas)

    assert [r["resultado"] for r in resultados] == ["assinada"] * 5
    lotes = [db.session.query(NotaFiscal).filter_by(chave=r["chave"]).one().lote_id for r in resultados]
    assert lotes[0] == lotes[1] != lotes[2] == lotes[3] != lotes[4]
    assert len(set(lotes)) == 3
