"""Usuários da retaguarda: login, papéis e a linha de comando `usuarios`."""


def init_app(app) -> None:
    """Liga o módulo à aplicação: modelos, telas, linha de comando e o carregador do login."""
    from erp.extensions import db, login_manager
    from erp.usuarios import cli, models, views

    @login_manager.user_loader
    def carregar_usuario(usuario_id):
        return db.session.get(models.Usuario, int(usuario_id))

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.usuarios_cli)
