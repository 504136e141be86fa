"""A paginação de todas as listas: uma consulta do banco ou uma página já recortada (ex.: da Tray).

Com centenas de milhares de linhas, duas coisas pesam numa página e ficam resolvidas aqui:

- **O total.** Contar as linhas do filtro percorre todas elas. Um total grande (a partir de `GUARDAR_A_PARTIR`
  linhas; contar menos é barato) fica guardado neste processo, por consulta (o SQL e os parâmetros), por
  `LISTAS_TOTAL_VALIDADE_S` segundos; qualquer INSERT, UPDATE ou DELETE deste processo numa tabela da consulta o
  descarta na hora. Gravações de outros processos (trabalhadores da fila) aparecem nele em até esse prazo; as
  linhas da página são sempre lidas de novo.
- **As páginas fundas.** `OFFSET 50000` lê e descarta 50.000 linhas inteiras. Além de `FUNDA` linhas, a página
  busca primeiro só as chaves (no índice da ordenação, sem tocar nas linhas) e depois as linhas dessas chaves.
"""
import math
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app, has_app_context
from sqlalchemy import event, func, literal_column, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql.util import find_tables

from erp.extensions import db

FUNDA = 600  # deslocamento a partir do qual a página busca as chaves antes das linhas
GUARDAR_A_PARTIR = 1000  # totais menores são contados de novo a cada página
VALIDADE_PADRAO_S = 30.0


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
    consulta = _como_select(consulta)
    pagina = numero_da_pagina(pagina)
    total = contar(consulta)
    ultima = max(1, math.ceil(total / por_pagina)) if por_pagina else 1
    pagina = min(pagina, ultima)
    deslocamento = (pagina - 1) * por_pagina
    return Pagina(itens=_itens(consulta, deslocamento, por_pagina), total=total, pagina=pagina,
                  por_pagina=por_pagina)


def _como_select(consulta):
    """A Query legada vira o select equivalente (com as mesmas opções de carga)."""
    return consulta.statement if hasattr(consulta, "statement") and hasattr(consulta, "all") else consulta


def _itens(consulta, deslocamento: int, por_pagina: int) -> list:
    chave = _chave_primaria(consulta) if deslocamento >= FUNDA else None
    if chave is None:
        return list(db.session.scalars(consulta.offset(deslocamento).limit(por_pagina)).unique())
    chaves = (consulta.with_only_columns(chave, maintain_column_froms=True)
              .offset(deslocamento).limit(por_pagina).subquery())
    return list(db.session.scalars(consulta.where(chave.in_(select(chaves.c[0])))).unique())


def _chave_primaria(consulta):
    """A coluna da chave da entidade listada (a primeira do select), se for uma só; senão None."""
    descricoes = consulta.column_descriptions
    entidade = descricoes[0].get("entity") if descricoes else None
    mapeador = getattr(entidade, "__mapper__", None)
    if mapeador is None or len(mapeador.primary_key) != 1 or len(descricoes) != 1:
        return None
    return mapeador.primary_key[0]


# -- o total, guardado -------------------------------------------------------------------------------
_totais: dict = {}
_geracoes: defaultdict = defaultdict(int)  # tabela → quantas gravações este processo fez nela
_trava = threading.Lock()
_TODAS = "*"


def contar(consulta) -> int:
    """O total de linhas da consulta, do cache deste processo enquanto vale (ver o início do módulo)."""
    contagem = select(func.count()).select_from(
        _como_select(consulta).order_by(None).with_only_columns(literal_column("1"), maintain_column_froms=True)
        .subquery())
    compilado = contagem.compile(dialect=db.engine.dialect)
    tabelas = tuple(sorted({t.name for t in find_tables(contagem, include_joins=True) if hasattr(t, "name")}))
    chave = (str(db.engine.url), str(compilado), repr(sorted(compilado.params.items())))
    with _trava:
        marca = (_geracoes[_TODAS], *(_geracoes[t] for t in tabelas))
        guardado = _totais.get(chave)
    if guardado is not None and guardado[0] > time.monotonic() and guardado[1] == marca:
        return guardado[2]
    total = db.session.scalar(contagem) or 0
    if total < GUARDAR_A_PARTIR:
        return total
    with _trava:
        if len(_totais) > 1000:
            _totais.clear()
        _totais[chave] = (time.monotonic() + _validade(), marca, total)
    return total


def _validade() -> float:
    if has_app_context():
        return float(current_app.config.get("LISTAS_TOTAL_VALIDADE_S", VALIDADE_PADRAO_S))
    return VALIDADE_PADRAO_S


def esquecer_totais() -> None:
    with _trava:
        _totais.clear()


_ESCRITAS = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "DROP", "ALTER", "CREATE", "WITH")


@event.listens_for(Engine, "after_cursor_execute")
def _ao_gravar(conexao, cursor, sql, parametros, contexto, varios) -> None:
    """Uma gravação numa tabela vence os totais guardados das consultas que a leem."""
    if not sql.lstrip()[:8].upper().startswith(_ESCRITAS):
        return
    tabela = getattr(getattr(getattr(contexto, "compiled", None), "statement", None), "table", None)
    nome = getattr(tabela, "name", None) if tabela is not None else None
    with _trava:
        _geracoes[nome if isinstance(nome, str) else _TODAS] += 1
