"""Lista de pedidos da loja como a Tray devolve (mais novos primeiro), com a situação no ERP."""
import math
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from erp.extensions import db
from erp.lojas_virtuais.tray import valores as tv
from erp.vendas import consultas_tray, mapeamento
from erp.vendas.filtros import Filtros
from erp.vendas.models import Venda
from erp.vendas.resultado import ultimas_tentativas

VALIDADE_VARREDURA_S = 60
_varreduras: dict = {}
_trava = threading.Lock()


@dataclass
class LinhaPedido:
    id: str
    data: date | None
    hora: str
    cliente: str
    documento: str
    total: Decimal
    status: str
    origem: str
    cancelado: bool
    venda_id: int | None = None
    resultado: str | None = None  # última tentativa sem sucesso: falhou / ignorado
    motivo: str | None = None


@dataclass
class PaginaPedidos:
    linhas: list[LinhaPedido] = field(default_factory=list)
    total: int = 0
    pagina: int = 1
    limite: int = 20

    @property
    def paginas(self) -> int:
        return max(1, math.ceil(self.total / self.limite)) if self.limite else 1


def _cli(loja):
    from erp.lojas_virtuais.tray.client import cliente_da_loja

    return cliente_da_loja(loja)


def _chave_id(pedido: dict) -> int:
    return tv.inteiro(pedido.get("id"), 0) or 0


def _varrer(loja, params: dict, clientes: list[str] | None, usar_cache: bool = True) -> list[dict]:
    """Todos os pedidos que a Tray devolve para os filtros (de um ou de vários clientes)."""
    chave = (loja.id, tuple(sorted(params.items())), tuple(clientes or ()))
    with _trava:
        guardado = _varreduras.get(chave)
    if usar_cache and guardado and guardado[0] > time.monotonic():
        return guardado[1]
    cli = _cli(loja)
    pedidos: dict[str, dict] = {}
    for cliente in clientes or [None]:
        consulta = dict(params, **({"customer_id": cliente} if cliente else {}))
        for pedido in cli.paginar("/orders", "Order", params=consulta, limite=50):
            pedidos[tv.texto(pedido.get("id"))] = pedido
    lista = sorted(pedidos.values(), key=_chave_id, reverse=True)
    with _trava:
        _varreduras[chave] = (time.monotonic() + VALIDADE_VARREDURA_S, lista)
    return lista


def limpar_cache() -> None:
    with _trava:
        _varreduras.clear()


def integrados(loja_id: int, ids: list[str]) -> dict[str, int]:
    """{pedido da Tray: id da venda} dos pedidos já importados."""
    saida = {}
    for inicio in range(0, len(ids), 500):
        parte = ids[inicio:inicio + 500]
        consulta = (db.session.query(Venda.pedido_tray_id, Venda.id)
                    .filter(Venda.loja_id == loja_id, Venda.pedido_tray_id.in_(parte)))
        saida.update(dict(consulta))
    return saida


def _por_situacao(loja_id: int, pedidos: list[dict], situacao: str) -> list[dict]:
    if not situacao:
        return pedidos
    feitos = integrados(loja_id, [tv.texto(p.get("id")) for p in pedidos])
    querer = situacao == "integrado"
    return [p for p in pedidos if (tv.texto(p.get("id")) in feitos) == querer]


def pedidos_do_filtro(loja, filtros: Filtros, usar_cache: bool = False) -> list[dict]:
    """Todos os pedidos (como vêm na lista da Tray) que casam com os filtros, em todas as páginas."""
    clientes = consultas_tray.ids_de_clientes(loja, filtros.cliente) if filtros.cliente else None
    if clientes is not None and not clientes:
        return []
    pedidos = _varrer(loja, filtros.params_tray(), clientes, usar_cache=usar_cache)
    return _por_situacao(loja.id, pedidos, filtros.situacao)


def listar_pedidos(loja, filtros: Filtros) -> PaginaPedidos:
    """Uma página da lista. Só a Tray pagina quando só há filtros que ela aplica; com situação ou com
    vários clientes casando com o nome, a lista inteira é lida (cache de 1 minuto) e paginada aqui."""
    clientes = consultas_tray.ids_de_clientes(loja, filtros.cliente) if filtros.cliente else None
    pagina = PaginaPedidos(pagina=filtros.pagina, limite=filtros.limite)
    if clientes is not None and not clientes:
        return pagina
    if filtros.situacao or (clientes and len(clientes) > 1):
        todos = _por_situacao(loja.id, _varrer(loja, filtros.params_tray(), clientes), filtros.situacao)
        inicio = (filtros.pagina - 1) * filtros.limite
        itens, pagina.total = todos[inicio:inicio + filtros.limite], len(todos)
    else:
        params = filtros.params_tray()
        if clientes:
            params["customer_id"] = clientes[0]
        itens, paging = _cli(loja).listar_pagina("/orders", "Order", params=params, pagina=filtros.pagina,
                                                 limite=filtros.limite)
        pagina.total = tv.inteiro(paging.get("total"), None) or len(itens)
        pagina.limite = tv.inteiro(paging.get("limit"), None) or filtros.limite
    pagina.linhas = linhas(loja, itens)
    return pagina


def linhas(loja, itens: list[dict]) -> list[LinhaPedido]:
    ids = [tv.texto(p.get("id")) for p in itens]
    feitos = integrados(loja.id, ids)
    tentativas = ultimas_tentativas(loja.id, ids)
    embutidos = {tv.texto(p.get("customer_id")): p["Customer"] for p in itens if isinstance(p.get("Customer"), dict)}
    cadastros = consultas_tray.clientes(loja, [tv.texto(p.get("customer_id")) for p in itens
                                               if tv.texto(p.get("customer_id")) not in embutidos])
    saida = []
    for pedido in itens:
        pid, cid = tv.texto(pedido.get("id")), tv.texto(pedido.get("customer_id"))
        if cid in embutidos:
            nome, doc = consultas_tray.nome_e_documento(embutidos[cid])
        else:
            nome, doc = cadastros.get(cid, (f"Cliente nº {cid}" if cid else "", ""))
        tentativa = tentativas.get(pid)
        sem_sucesso = tentativa is not None and tentativa.resultado in ("falhou", "ignorado") and pid not in feitos
        saida.append(LinhaPedido(
            id=pid, data=tv.data(pedido.get("date")), hora=tv.texto(pedido.get("hour"))[:5],
            cliente=nome, documento=doc, total=tv.dinheiro(pedido.get("total")),
            status=mapeamento.nome_status(pedido), origem=mapeamento.origem(pedido),
            cancelado=mapeamento.cancelado(pedido), venda_id=feitos.get(pid),
            resultado=tentativa.resultado if sem_sucesso else None,
            motivo=tentativa.motivo if sem_sucesso else None,
        ))
    return saida
