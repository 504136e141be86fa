"""As imagens públicas de produto, que a Tray baixa (sem login)."""
from flask import Blueprint, abort, send_file

from erp.produtos import imagens as img

bp = Blueprint("produtos_imagens", __name__)


@bp.get("/imagens/<nome>")
def imagem_publica(nome: str):
    """Imagem de produto, sem login: é daqui que a Tray baixa (picture_source_N)."""
    caminho = img.caminho_publico(nome)
    if caminho is None:
        abort(404)
    return send_file(caminho, mimetype="image/png" if nome.endswith(".png") else "image/jpeg",
                     max_age=31536000, conditional=True)
