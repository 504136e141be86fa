"""Usuários da retaguarda: cadastro, senha, papel e sessões. Nada aqui lê a requisição."""
import secrets

from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from erp.comum.modelos import agora
from erp.comum.texto import ordenar_por_nome
from erp.extensions import db
from erp.usuarios.models import SessaoUsuario, Usuario

SENHA_MINIMA = 8
# Hash de uma senha qualquer: conferido quando o e-mail não existe, para o tempo de resposta ser o mesmo.
_HASH_FICTICIO = generate_password_hash(secrets.token_urlsafe(16))


class UsuarioInvalido(Exception):
    pass


def _email(email: str) -> str:
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 200:
        raise UsuarioInvalido("Informe um e-mail válido.")
    return email


def validar_senha(senha: str) -> str:
    if len(senha or "") < SENHA_MINIMA:
        raise UsuarioInvalido(f"A senha precisa ter ao menos {SENHA_MINIMA} caracteres.")
    return senha


def criar_usuario(email: str, senha: str, admin: bool = False, nome: str = "") -> Usuario:
    email = _email(email)
    validar_senha(senha)
    if db.session.scalar(select(Usuario.id).where(Usuario.email == email)):
        raise UsuarioInvalido(f"Já existe um usuário com o e-mail {email}.")
    usuario = Usuario(email=email, nome=(nome or "").strip() or email.split("@")[0], admin=admin)
    usuario.definir_senha(senha)
    db.session.add(usuario)
    db.session.commit()
    return usuario


def autenticar(email: str, senha: str) -> Usuario | None:
    """O usuário ativo com este e-mail e senha, ou None — no mesmo tempo, exista ou não o e-mail."""
    usuario = db.session.scalar(select(Usuario).where(Usuario.email == (email or "").strip().lower()))
    if usuario is None:
        check_password_hash(_HASH_FICTICIO, senha or "")
        return None
    if usuario.confere_senha(senha or "") and usuario.ativo:
        return usuario
    return None


def abrir_sessao(usuario: Usuario, endereco: str | None = None) -> str:
    """Grava uma sessão nova e devolve o token que vai no cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(SessaoUsuario(token=token, usuario_id=usuario.id, endereco=(endereco or "")[:64] or None))
    db.session.commit()
    return token


def usuario_da_sessao(usuario_id, token: str | None) -> Usuario | None:
    """O usuário, se o token é de uma sessão dele ainda aberta e ele continua ativo."""
    if not token:
        return None
    try:
        usuario_id = int(usuario_id)
    except (TypeError, ValueError):
        return None
    usuario = db.session.scalar(
        select(Usuario).join(SessaoUsuario, SessaoUsuario.usuario_id == Usuario.id).where(
            Usuario.id == usuario_id, Usuario.ativo.is_(True), SessaoUsuario.token == token,
            SessaoUsuario.encerrada_em.is_(None)))
    return usuario


def encerrar_sessao(token: str | None) -> None:
    if token:
        db.session.execute(update(SessaoUsuario).where(SessaoUsuario.token == token,
                                                       SessaoUsuario.encerrada_em.is_(None))
                           .values(encerrada_em=agora()))
        db.session.commit()


def encerrar_sessoes_do_usuario(usuario_id: int) -> None:
    db.session.execute(update(SessaoUsuario).where(SessaoUsuario.usuario_id == usuario_id,
                                                   SessaoUsuario.encerrada_em.is_(None))
                       .values(encerrada_em=agora()))


def obter(usuario_id: int) -> Usuario | None:
    return db.session.get(Usuario, usuario_id)


def listar() -> list[Usuario]:
    return ordenar_por_nome(db.session.scalars(select(Usuario).order_by(Usuario.email)),
                            nome=lambda usuario: f"{usuario.nome or usuario.email} {usuario.email}")


def _admins_ativos(exceto: int | None = None) -> int:
    consulta = select(func.count()).select_from(Usuario).where(Usuario.admin.is_(True), Usuario.ativo.is_(True))
    if exceto is not None:
        consulta = consulta.where(Usuario.id != exceto)
    return db.session.scalar(consulta) or 0


def alterar(usuario: Usuario, *, nome: str | None = None, admin: bool | None = None,
            ativo: bool | None = None) -> Usuario:
    """Muda nome, papel ou situação. Sempre fica ao menos um administrador ativo."""
    perde_admin = (admin is False and usuario.admin) or (ativo is False and usuario.ativo and usuario.admin)
    if perde_admin and _admins_ativos(exceto=usuario.id) == 0:
        raise UsuarioInvalido("Este é o único administrador ativo: promova outro usuário antes.")
    if nome is not None:
        usuario.nome = nome.strip() or usuario.nome
    if admin is not None:
        usuario.admin = admin
    if ativo is not None:
        usuario.ativo = ativo
        if not ativo:
            encerrar_sessoes_do_usuario(usuario.id)
    db.session.commit()
    return usuario


def redefinir_senha(usuario: Usuario, senha: str) -> None:
    """Troca a senha e encerra as sessões abertas do usuário."""
    validar_senha(senha)
    usuario.definir_senha(senha)
    encerrar_sessoes_do_usuario(usuario.id)
    db.session.commit()
