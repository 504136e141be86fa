"""A paginação de todas as listas: uma consulta do banco ou uma página já recortada (ex.: da Tray)."""
import math
from dataclasses import dataclass, field

from erp.extensions import db


@dataclass
class Pagina:
    """Uma página de uma lista: os itens, o total e os números para a navegação (`_macros.html: paginacao`)."""

    itens: list = field(default_factory=list)
    total: int = 0
    pagina: int = 1
    por_pagina: int = 30

    @property
    def paginas(self) -> int:
        return max(1, math.ceil(self.total / self.por_pagina)) if self.por_pagina else 1

    @property
    def tem_anterior(self) -> bool:
        return self.pagina > 1

    @property
    def tem_proxima(self) -> bool:
        return self.pagina < self.paginas

    def numeros(self, vizinhas: int = 2):
        """Os números a mostrar: a primeira, a última e as vizinhas da atual; None onde há um salto (…)."""
        mostrar = {1, self.paginas, *range(self.pagina - vizinhas, self.pagina + vizinhas + 1)}
        anterior = 0
        for n in sorted(n for n in mostrar if 1 <= n <= self.paginas):
            if n > anterior + 1:
                yield None
            yield n
            anterior = n

    # Nomes do flask_sqlalchemy, para os modelos de tela que ainda os usam.
    items = property(lambda self: self.itens)
    page = property(lambda self: self.pagina)
    pages = property(lambda self: self.paginas)


def numero_da_pagina(valor, padrao: int = 1) -> int:
    """O número pedido na URL (?pagina=), 1 para o que não é número."""
    try:
        return max(1, int(valor))
    except (TypeError, ValueError):
        return padrao


def paginar(consulta, pagina, por_pagina: int) -> Pagina:
    """Uma página de uma consulta (select ou Query). Uma página além do fim vira a última."""
    pagina = numero_da_pagina(pagina)
    total = _contar(consulta)
    ultima = max(1, math.ceil(total / por_pagina)) if por_pagina else 1
    pagina = min(pagina, ultima)
    deslocamento = (pagina - 1) * por_pagina
    if hasattr(consulta, "offset") and hasattr(consulta, "all"):  # Query legada
        itens = consulta.offset(deslocamento).limit(por_pagina).all()
    else:
        itens = list(db.session.scalars(consulta.offset(deslocamento).limit(por_pagina)))
    return Pagina(itens=itens, total=total, pagina=pagina, por_pagina=por_pagina)


def _contar(consulta) -> int:
    if hasattr(consulta, "count") and hasattr(consulta, "all"):
        return consulta.order_by(None).count()
    from sqlalchemy import func, select

    return db.session.scalar(select(func.count()).select_from(consulta.order_by(None).subquery())) or 0
