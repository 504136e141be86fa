"""POST na Tray sem duplicar: se a resposta se perdeu depois de a Tray gravar, procura o registro criado."""
import logging
import time

from flask import current_app, has_app_context

log = logging.getLogger(__name__)
# Segundos de espera antes de cada conferência na loja depois de um POST de resultado incerto.
ESPERAS_CONFERENCIA = (0.0, 2.0, 5.0)


def _erros():
    from erp.lojas_virtuais.tray import erros

    return erros


def _esperas() -> tuple[float, ...]:
    if has_app_context():
        return tuple(current_app.config.get("EXPORTACAO_ESPERAS_CONFERENCIA", ESPERAS_CONFERENCIA))
    return ESPERAS_CONFERENCIA


def criar(cli, caminho: str, entidade: str, corpo: dict, procurar) -> str:
    """Cria e devolve o id. Se o POST talvez tenha sido aplicado (tempo esgotado, 5xx), `procurar()`
    confere na loja algumas vezes (a Tray pode ainda estar gravando); achou, usa aquele id; não achou,
    o erro sobe para nova tentativa mais tarde."""
    erros = _erros()
    try:
        return str(cli.post(caminho, json={entidade: corpo})["id"])
    except erros.Indisponivel as erro:
        if not getattr(erro, "talvez_aplicado", False):
            raise
        for espera in _esperas():
            time.sleep(espera)
            achado = procurar()
            if achado is not None:
                log.warning("%s: resposta perdida, mas o registro %s foi criado na loja; usando-o", caminho, achado)
                return str(achado)
        raise


def procurar_por_referencia(cli, caminho: str, entidade: str, referencia: str, ocupados: set[str],
                            params: dict | None = None) -> str | None:
    """O registro mais novo com esta referência que ainda não está vinculado a nada no ERP."""
    itens, _ = cli.listar_pagina(caminho, entidade, params={**(params or {}), "reference": referencia,
                                                             "sort": "id_desc"})
    for item in itens:
        if str(item.get("reference") or "") == referencia and str(item.get("id")) not in ocupados:
            return str(item["id"])
    return None
