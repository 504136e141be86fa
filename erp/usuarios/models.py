from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from erp.comum.modelos import ComDatas
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
