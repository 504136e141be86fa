"""Do pedido na Tray à nota autorizada de volta na Tray, por HTTP contra os dois simuladores."""
import json
from decimal import Decimal

import pytest
import requests
from lxml import etree

from erp.extensions import db
from erp.lojas_virtuais import services as lojas
from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.nfe.models import NotaFiscal
from erp.retorno_tray import services as retorno
from erp.sandbox.sefaz.servidor import iniciar_em_thread
from erp.sandbox.tray.semente import semente_minima
from erp.tarefas import fila
from erp.vendas.models import Venda
from tests.nfe.services import fabrica

NS = {"n": "http://www.portalfiscal.inf.br/nfe"}


@pytest.fixture
def sefaz(app):
    simulador = iniciar_em_thread()
    app.config.update(SEFAZ_URL=simulador.url, SEFAZ_INTERVALO_RECIBO=0)
    yield simulador
    simulador.parar()
    app.config.pop("SEFAZ_URL", None)


def _json(runner, *argumentos):
    saida = runner.invoke(args=[*argumentos, "--json"])
    assert saida.exit_code == 0, saida.output
    return json.loads(saida.output)


def test_pedido_importado_vira_nfe_autorizada_e_volta_para_a_tray(app, runner, tray_sim_factory, sefaz):
    descartar_cliente()
    tray = tray_sim_factory(semente_minima())
    app.config.update(TRAY_CONSUMER_KEY=tray.consumer_key, TRAY_CONSUMER_SECRET=tray.consumer_secret,
                      TRAY_ESPERA_BASE_S=0.01)
    loja = lojas.conectar_loja(tray.store_id, tray.url_api, tray.code, nome="Loja do fluxo")
    fabrica.empresa()

    importados = _json(runner, "pedidos", "importar", "--loja", str(loja.id), "--todos")
    ids = [r["venda"] for r in importados if r["resultado"] == "importado"]
    assert len(ids) >= 3
    vendas = db.session.query(Venda).filter(Venda.id.in_(ids)).all()
    assert any(v.desconto > 0 for v in vendas) and any(v.outras_despesas > 0 for v in vendas)
    assert any(v.marketplace_cnpj for v in vendas)

    geradas = _json(runner, "nfe", "gerar", "--vendas", ",".join(map(str, ids)))
    assert {g["resultado"] for g in geradas} == {"assinada"}, geradas
    for venda in vendas:
        nota = db.session.query(NotaFiscal).filter_by(venda_id=venda.id).one()
        vnf = etree.fromstring(nota.xml.encode() if isinstance(nota.xml, str) else nota.xml).findtext(
            ".//n:ICMSTot/n:vNF", namespaces=NS)
        assert Decimal(vnf) == venda.total, f"venda {venda.id}: vNF {vnf} ≠ total {venda.total}"

    retorno.salvar_configuracao(loja, ativo=True, alterar_status=True, status_nome="ENVIADO")
    transmitidas = _json(runner, "nfe", "transmitir", "--pendentes")
    assert {t["resultado"] for t in transmitidas} == {"autorizada"}, transmitidas
    db.session.expire_all()
    assert {v.situacao for v in db.session.query(Venda).filter(Venda.id.in_(ids))} == {"faturado"}

    fila.executar_pendentes()
    enviados = _json(runner, "retorno", "enviar")
    assert all(e["resultado"] in ("enviado", "ja_enviado") for e in enviados)
    for venda in db.session.query(Venda).filter(Venda.id.in_(ids)):
        nota = db.session.query(NotaFiscal).filter_by(venda_id=venda.id).one()
        pedido = requests.get(f"{tray.url_api}/orders/{venda.pedido_tray_id}/complete",
                              params={"access_token": loja.access_token}, timeout=5).json()["Order"]
        assert pedido["has_invoice"] == "1" and pedido["status"] == "ENVIADO"
        chaves = [i["OrderInvoice"]["key"] if "OrderInvoice" in i else i["key"]
                  for i in pedido["OrderInvoice"]]
        assert nota.chave in chaves
