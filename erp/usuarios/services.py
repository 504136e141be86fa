from erp.extensions import db
from erp.usuarios.models import Usuario


class UsuarioInvalido(Exception):
    pass


def criar_usuario(email: str, senha: str, admin: bool = False, nome: str = "") -> Usuario:
    email = (email or "").strip().lower()
    if "@" not in email:
        raise UsuarioInvalido("Informe um e-mail válido.")
    if len(senha or "") < 4:
        raise UsuarioInvalido("A senha precisa ter ao menos 4 caracteres.")
    if db.session.query(Usuario).filter_by(email=email).first():
        raise UsuarioInvalido(f"Já existe um usuário com o e-mail {email}.")
    usuario = Usuario(email=email, nome=nome or email.split("@")[0], admin=admin)
    usuario.definir_senha(senha)
    db.session.add(usuario)
    db.session.commit()
    return usuario


def autenticar(email: str, senha: str) -> Usuario | None:
    usuario = db.session.query(Usuario).filter_by(email=(email or "").strip().lower()).first()
    if usuario and usuario.ativo and usuario.confere_senha(senha or ""):
        return usuario
    return None
