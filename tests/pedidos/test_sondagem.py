"""Sondagem periódica: os pedidos alterados na Tray desde a última, pela data de alteração com início e fim,
atualizando as vendas (cancelamento incluído) e importando os novos quando a importação automática está ligada."""
from datetime import timedelta

from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.pedidos import sondagem
from erp.pedidos.importacao import importar_lote
from erp.pedidos.models import ImportacaoPedido
from erp.pedidos.tasks import sondar_lojas
from erp.sandbox.tray.construtor import montar_pedido
from erp.vendas.models import Venda
from tests.pedidos import dados


def _ligar(loja, minutos=5, automatica=True, ha_min=10):
    loja.sondagem_min = minutos
    loja.importacao_automatica = automatica
    loja.sondagem_em = agora() - timedelta(minutes=ha_min)
    db.session.commit()


def _novo_pedido(sim, ident="3001"):
    carla = dados.cliente("7", "Carla Nogueira", cpf="52998224725")
    pedido = montar_pedido(ident, carla, [dados.CHALEIRA], dados.A_ENVIAR, "2026-11-21", "11:00:00")
    pedido.get("Order", pedido).pop("modified", None)  # o simulador grava a hora atual
    sim.criar_pedido(pedido)


def test_sondagem_cancela_venda_e_importa_o_novo(app, loja, sim):
    importar_lote(loja, ["1001", "1002"])
    _ligar(loja)
    sim.alterar_pedido("1001", {"status_id": dados.CANCELADO[0]})
    _novo_pedido(sim)
    sim.limpar_requisicoes()

    assert sondagem.lojas_devidas() == [loja.id]
    resultado = sondar_lojas.call_local()

    assert resultado[loja.id]["alterados"] == 2 and resultado[loja.id]["importado"] == 1
    db.session.expire_all()
    vendas = {v.pedido_tray_id: v for v in db.session.query(Venda)}
    assert set(vendas) == {"1001", "1002", "3001"}
    assert vendas["1001"].status_tray == "CANCELADO" and vendas["1001"].situacao == "cancelado"
    assert vendas["1002"].situacao != "cancelado"
    # A lista foi pedida pela data de alteração, com início e fim; 1002 (sem mudança) nem foi relido.
    listas = [r["query"] for r in sim.requisicoes() if r["path"].endswith("/orders")]
    assert len(listas) == 1 and "," in listas[0]["modified"] and "date" not in listas[0]
    inicio, fim = listas[0]["modified"].split(",")
    assert inicio < fim
    completos = sorted(r["path"].rsplit("/", 2)[-2] for r in sim.requisicoes() if r["path"].endswith("/complete"))
    assert completos == ["1001", "3001"]
    assert {i.origem for i in db.session.query(ImportacaoPedido).filter(
        ImportacaoPedido.pedido_tray_id == "3001")} == {"sondagem"}
    # O período ainda não venceu: a próxima rodada não sonda.
    assert sondagem.lojas_devidas() == [] and sondar_lojas.call_local() == {}


def test_sem_importacao_automatica_so_atualiza_as_vendas(app, loja, sim):
    importar_lote(loja, ["1001"])
    _ligar(loja, automatica=False)
    sim.alterar_pedido("1001", {"status_id": dados.ENVIADO[0]})
    _novo_pedido(sim)
    sondar_lojas.call_local()
    db.session.expire_all()
    assert {v.pedido_tray_id: v.status_tray for v in db.session.query(Venda)} == {"1001": "ENVIADO"}


def test_desligada_com_zero_e_falha_da_tray_devolve_o_intervalo(app, loja, sim):
    _ligar(loja, minutos=0)
    assert sondagem.lojas_devidas() == []
    _ligar(loja, minutos=5)
    anterior = db.session.get(LojaVirtual, loja.id).sondagem_em
    sim.falhar("500", quantidade=10, prefixo="/orders", metodo="GET")
    resultado = sondar_lojas.call_local()
    assert isinstance(resultado[loja.id], str)
    db.session.expire_all()
    assert db.session.get(LojaVirtual, loja.id).sondagem_em == anterior  # a próxima cobre o mesmo intervalo
