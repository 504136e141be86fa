"""erp-tray: retaguarda que liga o ERP às lojas Tray Commerce."""
import importlib
import importlib.util
import logging
from pathlib import Path

from flask import Blueprint, Flask, redirect, render_template, url_for
from flask.cli import AppGroup
from flask_login import current_user, login_required

from erp.comum.formatos import FILTROS
from erp.config import RAIZ, Config
from erp.extensions import csrf, db, login_manager, migrate

# Módulos de negócio, na ordem do menu. Cada um pode ter models.py, views.py (com `bp`),
# cli.py (com grupos AppGroup) e tasks.py (tarefas da fila).
MODULOS = [
    "usuarios", "tarefas", "lojas_virtuais", "vendas", "produtos", "nfe", "retorno_tray", "sandbox",
]


def _importar(modulo: str):
    nome = f"erp.{modulo}"
    pacote = nome.rsplit(".", 1)[0]
    if importlib.util.find_spec(pacote) is None or importlib.util.find_spec(nome) is None:
        return None
    return importlib.import_module(nome)


def importar_modulos(parte: str) -> list:
    return [m for m in (_importar(f"{nome}.{parte}") for nome in MODULOS) if m is not None]


def create_app(config=None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(RAIZ / "templates"),
        static_folder=str(RAIZ / "static"),
        instance_path=str(Path(Config.HUEY_ARQUIVO).parent),
    )
    app.config.from_object(Config)
    if not (config or {}).get("TESTING"):
        # Configurações desta instalação (ex.: SEFAZ_URL da demonstração), fora do controle de versão.
        app.config.from_pyfile(str(Path(app.instance_path) / "erp.cfg"), silent=True)
    if isinstance(config, dict):
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    db.init_app(app)
    migrate.init_app(app, db, directory=str(RAIZ / "migrations"), compare_type=True, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "usuarios.entrar"
    login_manager.login_message = "Entre para acessar esta página."
    login_manager.login_message_category = "warning"

    importar_modulos("models")
    from erp.usuarios.models import Usuario

    @login_manager.user_loader
    def carregar_usuario(usuario_id):
        return db.session.get(Usuario, int(usuario_id))

    from erp.tarefas import fila

    fila.configurar(app)
    importar_modulos("tasks")

    for views in importar_modulos("views"):
        for valor in vars(views).values():
            if isinstance(valor, Blueprint) and valor.name not in app.blueprints:
                app.register_blueprint(valor)
    for cli in importar_modulos("cli"):
        for valor in vars(cli).values():
            if isinstance(valor, AppGroup) and valor.name not in app.cli.commands:
                app.cli.add_command(valor)

    app.jinja_env.filters.update(FILTROS)

    @app.get("/")
    @login_required
    def inicio():
        return render_template("inicio.html")

    @app.get("/saude")
    def saude():
        return {"situacao": "ok"}

    @app.errorhandler(404)
    def nao_encontrado(erro):
        return render_template("erro.html", titulo="Página não encontrada", erro=erro), 404

    @app.errorhandler(400)
    def requisicao_invalida(erro):
        return render_template("erro.html", titulo="Requisição inválida", erro=erro), 400

    return app
