"""Telas da NF-e, por tela: emissão e empresa (emissao.py), SEFAZ, eventos e inutilização (sefaz.py)."""
from erp.nfe.views import emissao, sefaz  # noqa: F401
from erp.nfe.views.blueprint import bp

__all__ = ["bp"]
