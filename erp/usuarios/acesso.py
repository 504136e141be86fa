"""Papéis: administradores cuidam das lojas, da empresa, do certificado, dos usuários e dos ajustes do
retorno; os demais fazem o trabalho do dia (importar, vender, emitir, exportar, estoque)."""
import functools

from flask import abort
from flask_login import current_user, login_required


def somente_admin(view):
    """A página exige login e papel de administrador; outro usuário recebe 403 (GET e POST)."""

    @functools.wraps(view)
    @login_required
    def protegida(*args, **kwargs):
        if not getattr(current_user, "admin", False):
            abort(403)
        return view(*args, **kwargs)

    return protegida


def exigir_admin() -> None:
    """Para um blueprint inteiro de administração: `bp.before_request(exigir_admin)`."""
    if not current_user.is_authenticated:
        from erp.extensions import login_manager

        return login_manager.unauthorized()
    if not current_user.admin:
        abort(403)
    return None
