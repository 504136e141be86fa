"""Lista de pedidos da loja como a Tray devolve (mais novos primeiro), com a situação no ERP.

A tela não espera a Tray mais que uns segundos (`tela_de_pedidos`): a leitura corre numa thread, e se não
terminar no prazo a tela mostra o que o ERP já sabe (vendas importadas e tentativas registradas) com um aviso; a
leitura segue e a próxima visita a aproveita."""
import logging
import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as TempoEsgotado
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask import current_app
from sqlalchemy import Integer, exists, func, literal, select, union_all
from sqlalchemy.orm import selectinload

from erp.comum.datas import em_brasilia
from erp.comum.paginacao import Pagina, contar
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import api
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.lojas_virtuais.tray import valores as tv
from erp.pedidos import consultas_tray, mapeamento
from erp.pedidos.filtros import Filtros
from erp.pedidos.models import DesfechoImportacao, ImportacaoPedido
from erp.pedidos.resultado import ultimas_tentativas
from erp.comum.texto import chave_ptbr
from erp.vendas.consultas import do_cliente, do_periodo
from erp.vendas.models import Venda

log = logging.getLogger("erp.pedidos.listagem")
VALIDADE_VARREDURA_S = 60
PRAZO_TELA_PADRAO_S = 4.0
VALIDADE_LEITURA_ATRASADA_S = 120
AVISO_DEMORA = ("A Tray está demorando a responder (limite de requisições da loja ou lentidão): a lista mostra o que "
                "o ERP já sabe — pedidos importados e tentativas registradas. Atualize a página em instantes.")
_varreduras: dict = {}
_trava = threading.Lock()
_leitor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="pedidos-tray")
_em_curso: dict = {}  # chave da tela → leitura na Tray em andamento
_abandonadas: set = set()  # leituras cujo prazo passou: o resultado fica guardado para a próxima visita
_atrasadas: dict = {}  # chave da tela → (validade, resultado de uma leitura que terminou depois do prazo)


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
    acao: str | None = None  # o que fazer com a falha


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
        _atrasadas.clear()
        _abandonadas.clear()


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
    itens, total, pagina, limite = _pagina_bruta(loja, filtros)
    return Pagina(itens=linhas(loja, itens), total=total, pagina=pagina, por_pagina=limite)


def _pagina_bruta(loja, filtros: Filtros) -> tuple[list[dict], int, int, int]:
    """(pedidos como a Tray os lista, total, página, itens por página)."""
    clientes = consultas_tray.ids_de_clientes(loja, filtros.cliente) if filtros.cliente else None
    if clientes is not None and not clientes:
        return [], 0, 1, filtros.limite
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
    return itens, total, pagina, limite


def _pagina_da_tray(loja, filtros_tray: dict, pagina: int, limite: int) -> tuple[list[dict], int, int]:
    itens, paging = api.pagina_de_pedidos(loja, filtros_tray, pagina=pagina, limite=limite)
    total = tv.inteiro(paging.get("total"), None) or len(itens)
    return itens, total, tv.inteiro(paging.get("limit"), None) or limite


def _ate_a_ultima(pagina: int, total: int, limite: int) -> int:
    return min(pagina, max(1, math.ceil(total / limite))) if limite else 1


def _embutidos(itens: list[dict]) -> dict:
    return {tv.texto(p.get("customer_id")): p["Customer"] for p in itens if isinstance(p.get("Customer"), dict)}


def cadastros_dos_clientes(loja, itens: list[dict]) -> dict[str, tuple[str, str]]:
    """Nome e documento dos clientes dos pedidos que não vêm embutidos na lista (banco, cache ou Tray)."""
    embutidos = _embutidos(itens)
    return consultas_tray.clientes(loja, [tv.texto(p.get("customer_id")) for p in itens
                                          if tv.texto(p.get("customer_id")) not in embutidos])


def linhas(loja, itens: list[dict], cadastros: dict | None = None) -> list[LinhaPedido]:
    """As linhas da tela: os dados da Tray e a situação no ERP (lida agora do banco)."""
    ids = [tv.texto(p.get("id")) for p in itens]
    feitos = integrados(loja.id, ids)
    tentativas = ultimas_tentativas(loja.id, ids)
    embutidos = _embutidos(itens)
    if cadastros is None:
        cadastros = cadastros_dos_clientes(loja, itens)
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
            id=mapeamento.texto(pid, 30), data=tv.data(pedido.get("date")), hora=mapeamento.texto(pedido.get("hour"), 5),
            cliente=mapeamento.texto(nome, 200), documento=doc, total=tv.dinheiro(pedido.get("total")),
            status=mapeamento.nome_status(pedido), origem=mapeamento.origem(pedido),
            cancelado=mapeamento.cancelado(pedido), venda_id=feitos.get(pid),
            resultado=tentativa.resultado if sem_sucesso else None,
            motivo=tentativa.motivo if sem_sucesso else None,
            acao=tentativa.acao if sem_sucesso else None,
        ))
    return saida


# -- a tela, com prazo ------------------------------------------------------------------------------
@dataclass
class TelaDePedidos:
    status: list[dict] = field(default_factory=list)  # status da loja, para o filtro
    pagina: Pagina | None = None
    erro: str | None = None  # a Tray respondeu com erro
    aviso: str | None = None  # a Tray não respondeu no prazo: a página mostra o que o ERP sabe


def prazo_da_tela() -> float:
    return float(current_app.config.get("PEDIDOS_ESPERA_TRAY_S") or PRAZO_TELA_PADRAO_S)


def _ler_da_tray(app, loja_id: int, filtros: Filtros):
    """Na thread de leitura: status da loja, a página da lista e os cadastros dos clientes, como a Tray os dá."""
    with app.app_context():
        try:
            loja = db.session.get(LojaVirtual, loja_id)
            status = consultas_tray.status_da_loja(loja)
            itens, total, pagina, limite = _pagina_bruta(loja, filtros)
            return status, (itens, total, pagina, limite), cadastros_dos_clientes(loja, itens)
        finally:
            db.session.remove()


def _terminou(chave, futuro) -> None:
    with _trava:
        if _em_curso.get(chave) is futuro:
            del _em_curso[chave]
        if chave in _abandonadas:
            _abandonadas.discard(chave)
            if not futuro.cancelled() and futuro.exception() is None:
                _atrasadas[chave] = (time.monotonic() + VALIDADE_LEITURA_ATRASADA_S, futuro)


def _leitura(loja, filtros: Filtros):
    """A leitura desta tela: uma que terminou depois do prazo da visita anterior, a que já está em andamento, ou
    uma nova."""
    chave = (loja.id, tuple(sorted(filtros.como_dict().items())))
    with _trava:
        atrasada = _atrasadas.pop(chave, None)
        if atrasada is not None and atrasada[0] > time.monotonic():
            return chave, atrasada[1]
        futuro = _em_curso.get(chave)
        if futuro is None:
            futuro = _leitor.submit(_ler_da_tray, current_app._get_current_object(), loja.id, filtros)
            _em_curso[chave] = futuro
    futuro.add_done_callback(lambda f: _terminou(chave, f))
    return chave, futuro


def tela_de_pedidos(loja, filtros: Filtros, prazo_s: float | None = None) -> TelaDePedidos:
    """A tela Importar Pedidos: a lista da Tray se ela responder em `prazo_s`; senão, o que o ERP sabe, com aviso."""
    chave, futuro = _leitura(loja, filtros)
    try:
        status, (itens, total, pagina, limite), cadastros = futuro.result(timeout=prazo_s or prazo_da_tela())
    except TempoEsgotado:
        with _trava:
            _abandonadas.add(chave)
        if futuro.done():
            _terminou(chave, futuro)
        log.info("Tray sem resposta no prazo da tela de pedidos (loja %s): mostrando o que o ERP sabe", loja.id)
        return TelaDePedidos(status=status_conhecidos(loja, filtros), pagina=pedidos_conhecidos(loja, filtros),
                             aviso=AVISO_DEMORA)
    except erros_tray.ErroTray as falha:
        return TelaDePedidos(erro=str(falha))
    return TelaDePedidos(status=status, pagina=Pagina(itens=linhas(loja, itens, cadastros), total=total,
                                                      pagina=pagina, por_pagina=limite))


# -- o que o ERP já sabe ----------------------------------------------------------------------------
def status_conhecidos(loja, filtros: Filtros) -> list[dict]:
    """Os status que o ERP já viu nas vendas da loja (e o do filtro), para o filtro funcionar sem a Tray."""
    nomes = {nome for (nome,) in db.session.query(Venda.status_tray).filter(Venda.loja_id == loja.id).distinct()}
    nomes |= set(loja.status_importaveis or ()) | ({filtros.status} if filtros.status else set())
    return [{"id": f"erp-{n}", "nome": nome, "tipo": "", "descricao": ""}
            for n, nome in enumerate(sorted((n for n in nomes if n), key=chave_ptbr))]


def _vendas_conhecidas(loja, filtros: Filtros):
    """As vendas importadas da loja que casam com os filtros (o de cliente, pelo nome ou documento do ERP)."""
    consulta = select(Venda.pedido_tray_id.label("pedido"), Venda.id.label("venda_id"),
                      literal(None, Integer).label("tentativa_id")).where(Venda.loja_id == loja.id)
    if filtros.numero:
        consulta = consulta.where(Venda.pedido_tray_id == filtros.numero)
    if filtros.status:
        consulta = consulta.where(Venda.status_tray == filtros.status)
    consulta = consulta.where(*do_periodo(filtros.de, filtros.ate))
    if filtros.cliente:
        consulta = consulta.where(do_cliente(filtros.cliente))
    return consulta


def _tentativas_conhecidas(loja, filtros: Filtros):
    """Os pedidos da loja cuja última tentativa falhou ou foi ignorada e que não viraram venda."""
    consulta = (select(ImportacaoPedido.pedido_tray_id.label("pedido"), literal(None, Integer).label("venda_id"),
                       ImportacaoPedido.id.label("tentativa_id"))
                .where(ImportacaoPedido.loja_id == loja.id, ImportacaoPedido.venda_id.is_(None),
                       ImportacaoPedido.resultado.in_((DesfechoImportacao.FALHOU.value,
                                                       DesfechoImportacao.IGNORADO.value)),
                       ~exists().where(Venda.loja_id == loja.id,
                                       Venda.pedido_tray_id == ImportacaoPedido.pedido_tray_id)))
    if filtros.numero:
        consulta = consulta.where(ImportacaoPedido.pedido_tray_id == filtros.numero)
    return consulta


def pedidos_conhecidos(loja, filtros: Filtros) -> Pagina:
    """A lista montada só do banco: as vendas importadas da loja e os pedidos com tentativa sem sucesso,
    com os mesmos filtros (o de cliente, pelo nome ou documento do cadastro do ERP), do maior número para o
    menor. O banco ordena e recorta a página (uma loja tem dezenas de milhares de vendas); só as linhas da
    página são carregadas."""
    partes = []
    if filtros.situacao != "nao_integrado":
        partes.append(_vendas_conhecidas(loja, filtros))
    if filtros.situacao != "integrado" and not (filtros.status or filtros.de or filtros.ate or filtros.cliente):
        partes.append(_tentativas_conhecidas(loja, filtros))
    if not partes:
        return Pagina(itens=[], total=0, pagina=1, por_pagina=filtros.limite)
    uniao = (union_all(*partes) if len(partes) > 1 else partes[0]).subquery()
    total = sum(contar(parte) for parte in partes)  # cada parte com o seu total guardado (comum/paginacao.py)
    pagina = _ate_a_ultima(filtros.pagina, total, filtros.limite)
    # Números da Tray sem zeros à esquerda: o mais comprido é o maior; no mesmo tamanho, a ordem do texto.
    chaves = db.session.execute(
        select(uniao.c.venda_id, uniao.c.tentativa_id)
        .order_by(func.length(uniao.c.pedido).desc(), uniao.c.pedido.desc())
        .offset((pagina - 1) * filtros.limite).limit(filtros.limite)).all()
    return Pagina(itens=_linhas_conhecidas(chaves), total=total, pagina=pagina, por_pagina=filtros.limite)


def _linhas_conhecidas(chaves) -> list[LinhaPedido]:
    venda_ids = [v for v, _ in chaves if v is not None]
    tentativa_ids = [t for _, t in chaves if t is not None]
    vendas = {v.id: v for v in db.session.scalars(
        select(Venda).where(Venda.id.in_(venda_ids)).options(selectinload(Venda.cliente)))} if venda_ids else {}
    tentativas = {t.id: t for t in db.session.scalars(
        select(ImportacaoPedido).where(ImportacaoPedido.id.in_(tentativa_ids)))} if tentativa_ids else {}
    linhas_: list[LinhaPedido] = []
    for venda_id, tentativa_id in chaves:
        if venda_id is not None:
            venda = vendas[venda_id]
            local = em_brasilia(venda.data_pedido)
            linhas_.append(LinhaPedido(
                id=venda.pedido_tray_id, data=local.date(), hora=local.strftime("%H:%M"), cliente=venda.cliente.nome,
                documento=venda.cliente.cpf_cnpj or "", total=venda.total, status=venda.status_tray,
                origem=venda.origem, cancelado=venda.situacao == "cancelado", venda_id=venda.id))
        else:
            tentativa = tentativas[tentativa_id]
            linhas_.append(LinhaPedido(
                id=tentativa.pedido_tray_id, data=None, hora="", cliente="", documento="", total=Decimal("0"),
                status="", origem="", cancelado=False, resultado=tentativa.resultado, motivo=tentativa.motivo,
                acao=tentativa.acao))
    return linhas_
