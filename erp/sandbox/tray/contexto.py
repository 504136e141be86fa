"""Acesso ao estado da loja simulada dentro das rotas."""
from flask import current_app

from erp.sandbox.tray.estado import EstadoLoja

CHAVE = "simulador_tray"


def estado() -> EstadoLoja:
    return current_app.extensions[CHAVE]


def notificar(escopo: str, ident: str, acao: str) -> None:
    estado().notificador.notificar(escopo, ident, acao)
