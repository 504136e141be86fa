"""Sondagem: a cada N minutos (ajuste da loja), os pedidos alterados na Tray desde a última sondagem.

É a rede de segurança das notificações: a Tray só as liga por chamado e não reenvia as perdidas. A sondagem lista
`GET /orders` pela data de alteração (`modified`, intervalo início,fim explícito), fica com os alterados desde o
início da última sondagem completa (menos uma margem) e:

- relê e atualiza as vendas já importadas (status da Tray; cancelado na Tray cancela a venda ainda sem nota), como
  uma notificação de alteração;
- importa os pedidos novos só com a importação automática ligada (as mesmas regras de status da importação).

`sondagem_em` guarda o início da última sondagem completa e também é a reserva: o UPDATE condicional deixa uma só
execução por loja e período; uma falha da Tray devolve o valor anterior, e a próxima cobre o intervalo perdido.
Roda no trabalhador normal (`pedidos.tasks.sondar_lojas`, a cada minuto, pelo relógio do Huey).
"""
import logging
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from erp.comum.datas import em_brasilia
from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual, SituacaoLoja
from erp.lojas_virtuais.tray import api
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.lojas_virtuais.tray import valores as tv
from erp.pedidos.configuracao import configuracao_da_loja
from erp.pedidos.importacao import importar_lote, resumo
from erp.pedidos.listagem import integrados
from erp.pedidos.lote import importar_pedidos_listados

log = logging.getLogger("erp.pedidos.sondagem")
MARGEM = timedelta(minutes=2)  # relógios da Tray e do ERP, e pedidos gravados durante a leitura
ORIGEM = "sondagem"


def _brasilia(utc: datetime) -> datetime:
    """UTC sem fuso → hora de Brasília sem fuso (como a Tray escreve `modified`)."""
    return em_brasilia(utc).replace(tzinfo=None)


def lojas_devidas(momento: datetime | None = None) -> list[int]:
    """As lojas conectadas com sondagem ligada e cujo período já passou desde a última."""
    momento = momento or agora()
    lojas = db.session.scalars(select(LojaVirtual).where(
        LojaVirtual.sondagem_min > 0, LojaVirtual.situacao == SituacaoLoja.CONECTADA.value))
    return [loja.id for loja in lojas
            if loja.sondagem_em is None or loja.sondagem_em <= momento - timedelta(minutes=loja.sondagem_min)]


def _reservar(loja: LojaVirtual, inicio: datetime, forcar: bool) -> bool:
    """Grava `inicio` em sondagem_em se ninguém sondou a loja no período (uma execução por vez)."""
    condicao = LojaVirtual.id == loja.id
    if not forcar:
        limite = inicio - timedelta(minutes=max(1, loja.sondagem_min or 0))
        condicao = condicao & or_(LojaVirtual.sondagem_em.is_(None), LojaVirtual.sondagem_em <= limite)
    feito = db.session.execute(update(LojaVirtual).where(condicao).values(sondagem_em=inicio)
                               .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return feito == 1


def _devolver(loja_id: int, anterior: datetime | None, inicio: datetime) -> None:
    db.session.rollback()
    db.session.execute(update(LojaVirtual).where(LojaVirtual.id == loja_id, LojaVirtual.sondagem_em == inicio)
                       .values(sondagem_em=anterior).execution_options(synchronize_session=False))
    db.session.commit()


def pedidos_alterados(loja, desde_utc: datetime, ate_utc: datetime) -> list[dict]:
    """Os pedidos da lista da Tray alterados de `desde_utc` em diante (a Tray filtra por dia; a hora, aqui)."""
    desde, ate = _brasilia(desde_utc), _brasilia(ate_utc)
    filtros = api.filtros_de_pedidos(modificado_de=desde.date(), modificado_ate=ate.date() + timedelta(days=1))
    corte = desde.strftime("%Y-%m-%d %H:%M:%S")
    saida = []
    for pedido in api.todos_os_pedidos(loja, filtros):
        modificado = tv.texto(pedido.get("modified"))
        if not modificado or modificado.startswith("0000") or modificado >= corte:
            saida.append(pedido)
    return saida


def sondar(loja, forcar: bool = False) -> dict | None:
    """Uma sondagem da loja; None se outra execução já cobriu o período. Devolve a contagem por desfecho, com
    "alterados" (os pedidos lidos) e "desde" (UTC). Erros da Tray ao listar sobem depois de devolver a reserva."""
    loja_id, anterior = loja.id, loja.sondagem_em
    inicio = agora()
    if not _reservar(loja, inicio, forcar):
        return None
    loja = db.session.get(LojaVirtual, loja_id)
    desde = (anterior or inicio - timedelta(minutes=max(1, loja.sondagem_min or 0))) - MARGEM
    try:
        pedidos = pedidos_alterados(loja, desde, inicio)
    except Exception:
        _devolver(loja_id, anterior, inicio)
        raise
    ids = list(dict.fromkeys(tv.texto(p.get("id")) for p in pedidos if tv.texto(p.get("id"))))
    feitos = integrados(loja_id, ids)
    resultados = importar_lote(loja, [pid for pid in ids if pid in feitos], ORIGEM, atualizar=True)
    if configuracao_da_loja(loja).importacao_automatica:
        resultados += importar_pedidos_listados(loja, [p for p in pedidos if tv.texto(p.get("id")) not in feitos],
                                                ORIGEM)
    contagem = {**resumo(resultados), "alterados": len(ids), "desde": desde.isoformat(sep=" ")}
    log.info("Sondagem da loja %s: %s", loja_id, contagem)
    return contagem


def sondar_devidas() -> dict[int, dict | str | None]:
    """Sonda cada loja devida; a falha de uma (Tray fora, credencial recusada) não para as outras."""
    saida: dict[int, dict | str | None] = {}
    for loja_id in lojas_devidas():
        loja = db.session.get(LojaVirtual, loja_id)
        try:
            saida[loja_id] = sondar(loja)
        except erros_tray.ErroTray as erro:
            log.warning("Sondagem da loja %s: a Tray falhou (%s); a próxima cobre o intervalo", loja_id, erro)
            saida[loja_id] = str(erro)
    return saida
