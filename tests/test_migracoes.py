"""O esquema vem das migrações: uma só cabeça e nenhuma diferença para os modelos."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from erp.extensions import db


def test_uma_so_cabeca(app):
    config = current_app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"várias cabeças de migração: {heads} (crie uma migração de junção)"


def test_modelos_iguais_ao_banco_migrado(app):
    with db.engine.connect() as conexao:
        contexto = MigrationContext.configure(
            conexao, opts={"compare_type": False, "render_as_batch": True}
        )
        diferencas = compare_metadata(contexto, db.metadata)
    assert diferencas == []
