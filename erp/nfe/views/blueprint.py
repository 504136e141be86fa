"""O blueprint das telas da NF-e, em /nfe."""
from flask import Blueprint

bp = Blueprint("nfe", __name__, url_prefix="/nfe")
