"""Lista de pedidos da loja como a Tray devolve (mais novos primeiro), com a situação no ERP."""
import math
import threading
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from erp.comum.paginacao import Pagina
from erp.extensions import db
from erp.lojas_virtuais.tray import api
from erp.lojas_virtuais.tray import valores as tv
from erp.pedidos import consultas_tray, mapeamento
from erp.pedidos.filtros import Filtros
from erp.pedidos.models import DesfechoImportacao
from erp.pedidos.resultado import ultimas_tentativas
from erp.vendas.models import Venda

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


def _chave_id(pedido: dict) -> int:
    return tv.inteiro(pedido.get("id"), 0) or 0


def _varrer(loja, filtros: Filtros, clientes: list[str] | None, usar_cache: bool = True) -> list[dict]:
    """Todos os pedidos que a Tray devolve para os filtros (de um ou de vários clientes)."""
    chave = (loja.id, tuple(sorted(filtros.da_tray().items())), tuple(clientes or ()))
    with _trava:
        guardado = _varreduras.get(chave)
    if usar_cache and guardado and guardado[0] > time.monotonic():
        return guardado[1]
    pedidos: dict[str, dict] = {}
    for cliente in clientes or [""]:
        for pedido in api.todos_os_pedidos(loja, filtros.da_tray(cliente_id=cliente)):
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
    pedidos = _varrer(loja, filtros, clientes, usar_cache=usar_cache)
    return _por_situacao(loja.id, pedidos, filtros.situacao)


def listar_pedidos(loja, filtros: Filtros) -> Pagina:
    """Uma página da lista (`Pagina` de `LinhaPedido`). Só a Tray pagina quando só há filtros que ela aplica;
    com situação ou com vários clientes casando com o nome, a lista inteira é lida (cache de 1 minuto) e
    paginada aqui. Uma página além do fim vira a última."""
    clientes = consultas_tray.ids_de_clientes(loja, filtros.cliente) if filtros.cliente else None
    if clientes is not None and not clientes:
        return Pagina(itens=[], total=0, pagina=1, por_pagina=filtros.limite)
    if filtros.situacao or (clientes and len(clientes) > 1):
        todos = _por_situacao(loja.id, _varrer(loja, filtros, clientes), filtros.situacao)
        pagina = _ate_a_ultima(filtros.pagina, len(todos), filtros.limite)
        inicio = (pagina - 1) * filtros.limite
        itens, total, limite = todos[inicio:inicio + filtros.limite], len(todos), filtros.limite
    else:
        da_tray = filtros.da_tray(cliente_id=clientes[0] if clientes else "")
        itens, total, limite = _pagina_da_tray(loja, da_tray, filtros.pagina, filtros.limite)
        pagina = _ate_a_ultima(filtros.pagina, total, limite)
        if pagina != filtros.pagina:  # além do fim: a Tray devolve uma página vazia; vale a última
            itens, total, limite = _pagina_da_tray(loja, da_tray, pagina, filtros.limite)
    return Pagina(itens=linhas(loja, itens), total=total, pagina=pagina, por_pagina=limite)


def _pagina_da_tray(loja, filtros_tray: dict, pagina: int, limite: int) -> tuple[list[dict], int, int]:
    itens, paging = api.pagina_de_pedidos(loja, filtros_tray, pagina=pagina, limite=limite)
    total = tv.inteiro(paging.get("total"), None) or len(itens)
    return itens, total, tv.inteiro(paging.get("limit"), None) or limite


def _ate_a_ultima(pagina: int, total: int, limite: int) -> int:
    return min(pagina, max(1, math.ceil(total / limite))) if limite else 1


def linhas(loja, itens: list[dict]) -> list[LinhaPedido]:
    ids = [tv.texto(p.get("id")) for p in itens]
    feitos = integrados(loja.id, ids)
    tentativas = ultimas_tentativas(loja.id, ids)
    embutidos = {tv.texto(p.get("customer_id")): p["Customer"] for p in itens if isinstance(p.get("Customer"), dict)}
    cadastros = consultas_tray.clientes(loja, [tv.texto(p.get("customer_id")) for p in itens
                                               if tv.texto(p.get("customer_id")) not in embutidos])
    sem_sucesso_se = (DesfechoImportacao.FALHOU, DesfechoImportacao.IGNORADO)
    saida = []
    for pedido in itens:
        pid, cid = tv.texto(pedido.get("id")), tv.texto(pedido.get("customer_id"))
        if cid in embutidos:
            nome, doc = consultas_tray.nome_e_documento(embutidos[cid])
        else:
            nome, doc = cadastros.get(cid, (f"Cliente nº {cid}" if cid else "", ""))
        tentativa = tentativas.get(pid)
        sem_sucesso = tentativa is not None and tentativa.resultado in sem_sucesso_se and pid not in feitos
        saida.append(LinhaPedido(
            id=pid, data=tv.data(pedido.get("date")), hora=tv.texto(pedido.get("hour"))[:5],
            cliente=nome, documento=doc, total=tv.dinheiro(pedido.get("total")),
            status=mapeamento.nome_status(pedido), origem=mapeamento.origem(pedido),
            cancelado=mapeamento.cancelado(pedido), venda_id=feitos.get(pid),
            resultado=tentativa.resultado if sem_sucesso else None,
            motivo=tentativa.motivo if sem_sucesso else None,
        ))
    return saida
