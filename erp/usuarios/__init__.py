"""Usuários da retaguarda: login, sessões, papéis e a linha de comando `usuarios`."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, linha de comando e o carregador do login."""
    from flask import session

    from erp.usuarios import cli, models, services, views  # noqa: F401
    from erp.extensions import login_manager

    @login_manager.user_loader
    def carregar_usuario(usuario_id):
        return services.usuario_da_sessao(usuario_id, session.get("sessao"))

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.usuarios_cli)
