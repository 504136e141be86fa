from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional

from erp.usuarios.services import SENHA_MINIMA

MSG_SENHA = f"A senha precisa ter ao menos {SENHA_MINIMA} caracteres."


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired("Informe o e-mail.")])
    senha = PasswordField("Senha", validators=[DataRequired("Informe a senha.")])


class NovoUsuarioForm(FlaskForm):
    nome = StringField("Nome", validators=[Optional(), Length(max=200)])
    email = EmailField("E-mail", validators=[DataRequired("Informe o e-mail."), Length(max=200)])
    senha = PasswordField("Senha inicial", validators=[DataRequired("Informe a senha."),
                                                       Length(min=SENHA_MINIMA, message=MSG_SENHA)])
    admin = BooleanField("Administrador (lojas, empresa, certificado, usuários e retorno)")


class EditarUsuarioForm(FlaskForm):
    nome = StringField("Nome", validators=[Optional(), Length(max=200)])
    admin = BooleanField("Administrador (lojas, empresa, certificado, usuários e retorno)")
    ativo = BooleanField("Ativo (pode entrar)")


class SenhaForm(FlaskForm):
    senha = PasswordField("Nova senha", validators=[DataRequired("Informe a senha."),
                                                    Length(min=SENHA_MINIMA, message=MSG_SENHA)])
