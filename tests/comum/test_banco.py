"""O que só acontece uma vez é garantido pela restrição única, sem SELECT antes do INSERT."""
import threading

from sqlalchemy import func, select

from erp.comum.banco import inserir_ou_atualizar, inserir_se_novo
from erp.extensions import db
from erp.usuarios.models import Usuario
from tests.util import em_paralelo


def _valores(email, nome="A"):
    return {"email": email, "nome": nome, "senha_hash": "x", "admin": False, "ativo": True}


def test_inserir_se_novo_devolve_id_so_na_primeira_vez(app):
    primeiro = inserir_se_novo(Usuario, _valores("a@erp.local"), ["email"])
    segundo = inserir_se_novo(Usuario, _valores("a@erp.local", nome="B"), ["email"])
    db.session.commit()
    assert primeiro is not None and segundo is None
    assert db.session.scalar(select(Usuario.nome).where(Usuario.email == "a@erp.local")) == "A"


def test_inserir_ou_atualizar(app):
    ident = inserir_ou_atualizar(Usuario, _valores("b@erp.local"), ["email"], ["nome"])
    de_novo = inserir_ou_atualizar(Usuario, _valores("b@erp.local", nome="Novo"), ["email"], ["nome"])
    db.session.commit()
    assert ident == de_novo
    assert db.session.scalar(select(Usuario.nome).where(Usuario.id == ident)) == "Novo"


def test_duas_threads_gravam_uma_linha(app):
    resultados = []
    barreira = threading.Barrier(2)

    def gravar():
        with app.app_context():
            barreira.wait()
            for _ in range(5):
                try:
                    resultados.append(inserir_se_novo(Usuario, _valores("c@erp.local"), ["email"]))
                    db.session.commit()
                    break
                except Exception:  # SQLite ocupado: tenta de novo
                    db.session.rollback()
            db.session.remove()

    em_paralelo([gravar] * 2)
    assert db.session.scalar(select(func.count()).select_from(Usuario).where(Usuario.email == "c@erp.local")) == 1
    assert sum(1 for r in resultados if r is not None) == 1


def test_sqlite_com_chaves_estrangeiras_e_wal(app):
    from sqlalchemy import text

    if db.engine.dialect.name != "sqlite":
        return
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
