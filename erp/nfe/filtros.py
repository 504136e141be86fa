"""Filtros de tela da NF-e (ligados em `erp.nfe.init_app`)."""
from erp.nfe.fiscal.tabelas import FORMAS_PAGAMENTO


def meio_pagamento(codigo: str | None) -> str:
    """Código tPag da NF-e com o nome: "03 – Cartão de Crédito"."""
    codigo = (codigo or "").zfill(2)
    nome = FORMAS_PAGAMENTO.get(codigo)
    return f"{codigo} – {nome}" if nome else codigo


FILTROS = {"meio_pagamento": meio_pagamento}
