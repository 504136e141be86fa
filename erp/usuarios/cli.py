import sys

import click
from flask.cli import AppGroup

from erp.usuarios import services

usuarios_cli = AppGroup("usuarios", help="Usuários da retaguarda.")


@usuarios_cli.command("criar")
@click.option("--email", required=True)
@click.option("--senha", required=True, help=f"Ao menos {services.SENHA_MINIMA} caracteres.")
@click.option("--nome", default="")
@click.option("--admin", is_flag=True, help="Usuário administrador.")
def criar(email: str, senha: str, nome: str, admin: bool) -> None:
    """Cria um usuário."""
    try:
        usuario = services.criar_usuario(email, senha, admin=admin, nome=nome)
    except services.UsuarioInvalido as erro:
        click.echo(f"Erro: {erro}", err=True)
        sys.exit(1)
    click.echo(f"Usuário {usuario.email} criado (id {usuario.id}).")
