"""erp-tray: retaguarda que liga o ERP às lojas Tray Commerce."""
import logging
import os
from pathlib import Path

from flask import Flask, render_template

from erp import lojas_virtuais, nfe, painel, pedidos, produtos, retorno_tray, tarefas, usuarios, vendas
from erp.comum import seguranca
from erp.comum.cripto import chave_da_instancia
from erp.comum.formatos import FILTROS
from erp.config import RAIZ, Config
from erp.extensions import csrf, db, limiter, login_manager, migrate

# Módulos de negócio, de baixo para cima (cada um só importa os que vêm antes dele na lista).
# Cada um liga seus modelos, telas, comandos e tarefas em `init_app(app)`.
MODULOS = [usuarios, tarefas, lojas_virtuais, produtos, vendas, pedidos, nfe, retorno_tray, painel]


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
    _arquivos_privados(app)
    if not app.config.get("SECRET_KEY"):
        # Nenhuma chave no código: sem SECRET_KEY, uma aleatória gerada uma vez para esta instalação.
        app.config["SECRET_KEY"] = chave_da_instancia(app.instance_path, "sessao.key")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    db.init_app(app)
    migrate.init_app(app, db, directory=str(RAIZ / "migrations"), compare_type=True, render_as_batch=True)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    limiter.init_app(app)
    seguranca.init_app(app)
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

    @app.get("/favicon.ico")
    def favicon():
        return app.send_static_file("favicon.svg"), 200, {"Content-Type": "image/svg+xml"}

    @app.get("/saude")
    def saude():
        return {"situacao": "ok"}

    _paginas_de_erro(app)

    return app


def _arquivos_privados(app: Flask) -> None:
    """Banco SQLite e fila em instance/ nascem 0600 (os -wal/-shm herdam o modo do banco)."""
    arquivos = [app.config.get("HUEY_ARQUIVO")]
    uri = app.config.get("SQLALCHEMY_DATABASE_URI", "")
    if uri.startswith("sqlite:///") and ":memory:" not in uri:
        arquivos.append(uri[len("sqlite:///"):])
    for nome in filter(None, arquivos):
        caminho = Path(nome)
        caminho.parent.mkdir(parents=True, exist_ok=True)
        if not caminho.exists():
            os.close(os.open(caminho, os.O_WRONLY | os.O_CREAT, 0o600))
        elif caminho.stat().st_mode & 0o077:
            caminho.chmod(0o600)


ERROS = {
    400: ("Requisição inválida", None),
    403: ("Acesso restrito", "Esta página é só para administradores. Peça acesso a um administrador da empresa."),
    404: ("Página não encontrada", "O endereço não existe ou o registro foi removido."),
    405: ("Ação não permitida", "Esta ação não pode ser feita por este caminho."),
    413: ("Arquivo grande demais", "O envio passou do tamanho máximo aceito. Divida a planilha ou reduza o arquivo."),
    429: ("Muitas tentativas", "Muitas tentativas sem sucesso. Aguarde 15 minutos e tente de novo."),
    500: ("Erro interno", "Algo deu errado do nosso lado e foi registrado. Tente de novo; se persistir, avise o "
                          "suporte com o horário."),
}


def _paginas_de_erro(app: Flask) -> None:
    """Páginas de erro em português; o JSON de quem pede JSON."""
    from flask import request

    def tratar(erro):
        codigo = getattr(erro, "code", 500) or 500
        titulo, texto = ERROS.get(codigo, ERROS[500])
        if codigo == 400 and getattr(erro, "description", "") and "CSRF" not in erro.description:
            texto = erro.description
        if codigo == 400 and texto is None:
            texto = "O formulário expirou ou não veio da própria aplicação. Recarregue a página e tente de novo."
        if request.accept_mimetypes.best == "application/json" or request.path.endswith(".json"):
            return {"erro": texto, "codigo": codigo}, codigo
        return render_template("erro.html", titulo=titulo, texto=texto, codigo=codigo), codigo

    for codigo in ERROS:
        app.register_error_handler(codigo, tratar)
