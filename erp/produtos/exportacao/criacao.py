"""Criar na Tray sem duplicar: se a resposta se perdeu depois de a Tray gravar, procura o registro criado."""
import logging
import time
from collections.abc import Callable, Iterable

from flask import current_app, has_app_context

from erp.lojas_virtuais.tray import erros

log = logging.getLogger(__name__)
# Segundos de espera antes de cada conferência na loja depois de uma criação de resultado incerto.
ESPERAS_CONFERENCIA = (0.0, 2.0, 5.0)


class ExportadoAoMesmoTempo(Exception):
    """Outra exportação vinculou o mesmo item do ERP antes desta (o vínculo é um por item e loja)."""


def _esperas() -> tuple[float, ...]:
    if has_app_context():
        return tuple(current_app.config.get("EXPORTACAO_ESPERAS_CONFERENCIA", ESPERAS_CONFERENCIA))
    return ESPERAS_CONFERENCIA


def criar(criar_na_loja: Callable[[], str], procurar: Callable[[], str | None], rotulo: str) -> str:
    """`criar_na_loja()` (ex.: `api.criar_produto(...)`) e devolve o id. Se a criação talvez tenha sido
    aplicada (tempo esgotado, 5xx), `procurar()` confere na loja algumas vezes (a Tray pode ainda estar
    gravando); achou, usa aquele id; não achou, o erro sobe para nova tentativa mais tarde."""
    try:
        return str(criar_na_loja())
    except erros.Indisponivel as erro:
        if not getattr(erro, "talvez_aplicado", False):
            raise
        for espera in _esperas():
            time.sleep(espera)
            achado = procurar()
            if achado is not None:
                log.warning("%s: resposta perdida, mas o registro %s foi criado na loja; usando-o", rotulo, achado)
                return str(achado)
        raise


def livre_com_referencia(itens: Iterable[dict], referencia: str, ocupados: set[str],
                         produto_id: str | None = None) -> str | None:
    """Dos registros da loja (os mais novos primeiro), o primeiro com esta referência que ainda não está
    vinculado a nada no ERP (e, para variações, que é do produto `produto_id`)."""
    for item in itens:
        if produto_id is not None and str(item.get("product_id") or produto_id) != str(produto_id):
            continue
        if str(item.get("reference") or "") == referencia and str(item.get("id")) not in ocupados:
            return str(item["id"])
    return None
