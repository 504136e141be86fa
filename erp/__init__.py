"""erp-tray: retaguarda que liga o ERP às lojas Tray Commerce."""
import logging
from pathlib import Path

from flask import Flask, render_template
from flask_login import login_required

from erp import lojas_virtuais, nfe, produtos, retorno_tray, tarefas, usuarios, vendas
from erp.comum.cripto import chave_da_instancia
from erp.comum.formatos import FILTROS
from erp.config import RAIZ, Config
from erp.extensions import csrf, db, login_manager, migrate

# Módulos de negócio, de baixo para cima (cada um só importa os que vêm antes dele na lista).
# Cada um liga seus modelos, telas, comandos e tarefas em `init_app(app)`.
MODULOS = [usuarios, tarefas, lojas_virtuais, produtos, vendas, nfe, retorno_tray]


def create_app(config=None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(RAIZ / "templates"),
        static_folder=str(RAIZ / "static"),
        instance_path=str(Path(Config.ERP_INSTANCIA)),
    )
    app.config.from_object(Config)
    if not (config or {}).get("TESTING"):
        # Configurações desta instalação (ex.: SEFAZ_URL da demonstração), fora do controle de versão.
        app.config.from_pyfile(str(Path(app.instance_path) / "erp.cfg"), silent=True)
    if isinstance(config, dict):
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True, mode=0o700)
    if not app.config.get("SECRET_KEY"):
        # Nenhuma chave no código: sem SECRET_KEY, uma aleatória gerada uma vez para esta instalação.
        app.config["SECRET_KEY"] = chave_da_instancia(app.instance_path, "sessao.key")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    db.init_app(app)
    migrate.init_app(app, db, directory=str(RAIZ / "migrations"), compare_type=True, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "usuarios.entrar"
    login_manager.login_message = "Entre para acessar esta página."
    login_manager.login_message_category = "warning"

    from erp.tarefas import fila

    fila.configurar(app, fabrica=create_app)
    for modulo in MODULOS:
        modulo.init_app(app)
    if app.config["ERP_SANDBOX"]:
        from erp import sandbox

        sandbox.init_app(app)

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
