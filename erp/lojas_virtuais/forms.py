"""Formulários das telas de lojas virtuais (a validação de negócio fica nos serviços)."""
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField

from erp.lojas_virtuais.models import PLATAFORMAS



def _opcoes(dicionario: dict) -> list[SelectChoice]:
    return [SelectChoice(valor, rotulo) for valor, rotulo in dicionario.items()]


class NovaLojaForm(FlaskForm):
    plataforma = SelectField("Loja", choices=_opcoes(PLATAFORMAS), default="tray")
    usuario = StringField("Usuário")
    site = StringField("Site")
    code = StringField("Code")
    nome = StringField("Nome (opcional)")


class EditarLojaForm(FlaskForm):
    nome = StringField("Nome")
    site = StringField("Site")


class PausarForm(FlaskForm):
    motivo = TextAreaField("Motivo")


class ReconectarForm(FlaskForm):
    code = StringField("Code")


class ConectarTrayForm(FlaskForm):
    endereco = StringField("Endereço da loja")
