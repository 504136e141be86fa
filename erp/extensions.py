"""Extensões criadas sem aplicação e ligadas na fábrica."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
import sqlite3

from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine

# Nomes estáveis para restrições: as migrações ficam iguais no SQLite e no PostgreSQL.
CONVENCAO = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=CONVENCAO))
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# Limites por requisição (tentativas de login). Memória do processo, ou Redis com REDIS_URL (ver create_app).
limiter = Limiter(key_func=get_remote_address, strategy="moving-window")


@event.listens_for(Engine, "connect")
def _ajustar_sqlite(conexao, _registro) -> None:
    """SQLite: chaves estrangeiras valendo (ON DELETE CASCADE/SET NULL como no PostgreSQL), WAL para leitores
    não esperarem o escritor, e espera por trava em vez de erro imediato."""
    if isinstance(conexao, sqlite3.Connection):
        cursor = conexao.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()
