"""Telas da NF-e, uma por arquivo, todas no blueprint "nfe" (/nfe): Emitir, Notas, Transmissão, Eventos,
Inutilização, E-mails e Empresa."""
from erp.nfe.views import emails, emitir, empresa, eventos, inutilizacao, notas, transmissao  # noqa: F401
from erp.nfe.views.blueprint import bp

__all__ = ["bp"]
