"""Uma paginação para todas as listas."""
from sqlalchemy import select

from erp.comum.paginacao import Pagina, numero_da_pagina, paginar
from erp.extensions import db
from erp.tarefas.models import Tarefa
from tests.util import contando_consultas


def test_numeros_com_saltos():
    pagina = Pagina(itens=[], total=300, pagina=7, por_pagina=10)
    assert pagina.paginas == 30
    assert list(pagina.numeros()) == [1, None, 5, 6, 7, 8, 9, None, 30]
    assert list(Pagina(total=25, pagina=1, por_pagina=10).numeros()) == [1, 2, 3]
    assert Pagina(total=0).paginas == 1 and not Pagina(total=0).tem_proxima


def test_numero_da_pagina_tolera_lixo():
    assert numero_da_pagina("3") == 3
    assert numero_da_pagina("abc") == 1
    assert numero_da_pagina(None) == 1
    assert numero_da_pagina("-4") == 1


def test_paginar_consulta_e_pagina_alem_do_fim_vira_a_ultima(app):
    for n in range(25):
        db.session.add(Tarefa(tipo="t", titulo=f"T{n:02d}"))
    db.session.commit()
    consulta = select(Tarefa).order_by(Tarefa.titulo)
    pagina = paginar(consulta, "2", 10)
    assert (pagina.total, pagina.paginas, pagina.pagina) == (25, 3, 2)
    assert [t.titulo for t in pagina.itens] == [f"T{n:02d}" for n in range(10, 20)]
    alem = paginar(consulta, "99", 10)
    assert alem.pagina == 3 and [t.titulo for t in alem.itens] == ["T20", "T21", "T22", "T23", "T24"]
    legada = paginar(db.session.query(Tarefa).order_by(Tarefa.titulo), 1, 10)
    assert legada.total == 25 and len(legada.itens) == 10


def test_pagina_funda_busca_as_chaves_antes_e_da_as_mesmas_linhas(app, monkeypatch):
    from erp.comum import paginacao

    for n in range(25):
        db.session.add(Tarefa(tipo="t", titulo=f"T{n % 7}"))  # títulos repetidos: o id desempata
    db.session.commit()
    consulta = select(Tarefa).order_by(Tarefa.titulo.desc(), Tarefa.id)
    rasa = [t.id for t in paginar(consulta, 3, 5).itens]
    monkeypatch.setattr(paginacao, "FUNDA", 5)
    with contando_consultas() as consultas:
        funda = [t.id for t in paginar(consulta, 3, 5).itens]
    assert funda == rasa and len(funda) == 5
    assert any(" IN (SELECT" in sql and "LIMIT" in sql for sql in consultas)


def test_total_guardado_ate_uma_gravacao_na_tabela(app, monkeypatch):
    from erp.comum import paginacao
    from erp.comum.paginacao import esquecer_totais

    monkeypatch.setattr(paginacao, "GUARDAR_A_PARTIR", 3)
    esquecer_totais()
    for n in range(3):
        db.session.add(Tarefa(tipo="t", titulo=f"T{n}"))
    db.session.commit()
    consulta = select(Tarefa).order_by(Tarefa.id)
    assert paginar(consulta, 1, 10).total == 3
    with contando_consultas() as consultas:
        assert paginar(consulta, 1, 10).total == 3
    assert not any("count(" in sql.lower() for sql in consultas)  # o total veio do guardado
    db.session.add(Tarefa(tipo="t", titulo="nova"))
    db.session.commit()
    assert paginar(consulta, 1, 10).total == 4  # a gravação na tabela descartou o guardado
    assert paginar(db.session.query(Tarefa).filter(Tarefa.titulo == "nova"), 1, 10).total == 1
    with contando_consultas() as consultas:  # um total pequeno não fica guardado: contar é barato
        assert paginar(db.session.query(Tarefa).filter(Tarefa.titulo == "nova"), 1, 10).total == 1
    assert any("count(" in sql.lower() for sql in consultas)


def test_total_vence_com_o_tempo(app, monkeypatch):
    from erp.comum import paginacao
    from erp.comum.paginacao import esquecer_totais

    monkeypatch.setattr(paginacao, "GUARDAR_A_PARTIR", 0)
    esquecer_totais()
    app.config["LISTAS_TOTAL_VALIDADE_S"] = 0
    consulta = select(Tarefa).order_by(Tarefa.id)
    paginar(consulta, 1, 10)
    with contando_consultas() as consultas:
        paginar(consulta, 1, 10)
    assert any("count(" in sql.lower() for sql in consultas)

