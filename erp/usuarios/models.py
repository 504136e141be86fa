from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from erp.comum.modelos import ComDatas, agora
from erp.extensions import db


class Usuario(UserMixin, ComDatas, db.Model):
    __tablename__ = "usuarios"

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(200), nullable=False, unique=True)
    nome = db.Column(db.String(200), nullable=False, default="")
    senha_hash = db.Column(db.String(300), nullable=False)
    admin = db.Column(db.Boolean, nullable=False, default=False)
    ativo = db.Column(db.Boolean, nullable=False, default=True)

    def definir_senha(self, senha: str) -> None:
        self.senha_hash = generate_password_hash(senha)

    def confere_senha(self, senha: str) -> bool:
        return check_password_hash(self.senha_hash, senha)

    @property
    def is_active(self) -> bool:  # flask-login
        return self.ativo


class SessaoUsuario(db.Model):
    """Uma sessão aberta no navegador. Sair a encerra no banco: um cookie copiado deixa de valer."""

    __tablename__ = "sessoes_usuario"

    id = db.Column(db.Integer, primary_key=True)
    token = db.Column(db.String(64), nullable=False, unique=True)
    usuario_id = db.Column(db.Integer, db.ForeignKey("usuarios.id", ondelete="CASCADE"), nullable=False, index=True)
    criada_em = db.Column(db.DateTime, nullable=False, default=agora)
    encerrada_em = db.Column(db.DateTime)
    endereco = db.Column(db.String(64))
