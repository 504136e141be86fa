"""O blueprint das telas da NF-e, em /nfe, e o que as telas de lista dividem."""
from flask import Blueprint, current_app

bp = Blueprint("nfe", __name__, url_prefix="/nfe")


def por_pagina() -> int:
    return current_app.config.get("ITENS_POR_PAGINA", 30)
