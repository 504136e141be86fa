from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired("Informe o e-mail.")])
    senha = PasswordField("Senha", validators=[DataRequired("Informe a senha.")])
