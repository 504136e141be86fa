"""Cancelamento nos dois sentidos: pedido cancelado na Tray marca a venda (e propõe cancelar a NF-e no prazo);
venda cancelada no ERP cancela o pedido na Tray (PUT /orders/cancel/{id}), só administrador, com confirmação."""
import json
from datetime import timedelta

import pytest

from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.tray import api
from erp.pedidos.situacao_tray import atualizar_pelo_pedido
from erp.retorno_tray import cancelamento
from erp.usuarios.services import criar_usuario
from erp.vendas.models import Venda
from tests.retorno_tray.apoio import venda_com_nota
from tests.util import csrf_de, entrar


def _cancelar_na_loja(loja, pedido: str) -> dict:
    """O lojista cancela o pedido no painel da Tray (aqui pela API do simulador) e o ERP relê o pedido."""
    api.cancelar_pedido(loja, pedido)
    return api.pedido_completo(loja, pedido)


def test_cancelado_na_tray_com_nfe_no_prazo_propoe_cancelar_a_nota(loja, sim, logado):
    nota = venda_com_nota(loja, "1001", 501, itens=[("501", None)])
    nota.emitida_em = agora() - timedelta(hours=2)
    nota.venda.situacao = "faturado"
    db.session.commit()
    venda = nota.venda

    assert atualizar_pelo_pedido(venda, _cancelar_na_loja(loja, "1001")) is True
    db.session.expire_all()
    venda = db.session.get(Venda, venda.id)
    assert venda.situacao == "faturado"  # a nota vale: a venda fica de pé até a NF-e ser cancelada
    assert venda.cancelado_na_tray_em is not None and venda.cancelado_na_tray_por == "tray"
    assert venda.status_tray == "CANCELADO"
    texto = logado.get(f"/vendas/{venda.id}").get_data(as_text=True)
    assert 'id="proposta-cancelar-nfe"' in texto and "NF-e nº 501" in texto
    assert f"/nfe/{nota.id}" in texto  # o botão leva à nota, onde o cancelamento é pedido
    assert 'id="cancelar-na-tray"' not in texto  # já cancelado lá
    assert "cancelado-na-tray" in logado.get("/vendas/").get_data(as_text=True)  # o selo na lista
    assert 'id="pedido-cancelado-na-tray"' in logado.get(f"/nfe/{nota.id}").get_data(as_text=True)

    # Uma segunda leitura do mesmo pedido não muda nada.
    assert atualizar_pelo_pedido(venda, api.pedido_completo(loja, "1001")) is False


def test_cancelado_na_tray_fora_do_prazo_diz_o_que_fazer(loja, sim, logado):
    nota = venda_com_nota(loja, "1001", 502)
    nota.venda.situacao = "faturado"
    nota.emitida_em = agora() - timedelta(hours=30)
    db.session.commit()
    atualizar_pelo_pedido(nota.venda, _cancelar_na_loja(loja, "1001"))
    texto = logado.get(f"/vendas/{nota.venda_id}").get_data(as_text=True)
    assert 'id="prazo-nfe-passou"' in texto and 'id="proposta-cancelar-nfe"' not in texto


def test_cancelado_na_tray_sem_nota_cancela_a_venda(loja, sim):
    nota = venda_com_nota(loja, "1002", 503, situacao="cancelada")
    nota.venda.situacao = "nfe_cancelada"
    db.session.commit()
    atualizar_pelo_pedido(nota.venda, _cancelar_na_loja(loja, "1002"))
    db.session.expire_all()
    venda = db.session.get(Venda, nota.venda_id)
    assert (venda.situacao, venda.cancelado_na_tray_por) == ("cancelado", "tray")


def _sem_nota_valida(loja, pedido: str, numero: int) -> Venda:
    nota = venda_com_nota(loja, pedido, numero, situacao="cancelada", itens=[("501", None)])
    nota.venda.situacao = "nfe_cancelada"
    db.session.commit()
    return nota.venda


def test_erp_cancela_o_pedido_na_tray(loja, sim):
    venda = _sem_nota_valida(loja, "1001", 601)
    estoque_antes = venda.itens[0].produto.estoque
    resultado = cancelamento.cancelar_pedido_na_tray(venda.id)
    assert resultado.resultado == "cancelado"
    assert sim.pedido("1001")["status"] == "CANCELADO"
    assert [(m, p) for m, p, _ in sim.chamadas() if m == "PUT"] == [("PUT", "/orders/cancel/1001")]
    db.session.expire_all()
    venda = db.session.get(Venda, venda.id)
    assert (venda.situacao, venda.cancelado_na_tray_por) == ("cancelado", "erp")
    assert venda.itens[0].produto.estoque == estoque_antes + 1  # o item voltou ao estoque
    with pytest.raises(cancelamento.CancelamentoRecusado, match="já está cancelado"):
        cancelamento.cancelar_pedido_na_tray(venda.id)


def test_venda_com_nfe_autorizada_nao_cancela_o_pedido(loja, sim):
    nota = venda_com_nota(loja, "1001", 602)
    nota.venda.situacao = "faturado"
    db.session.commit()
    with pytest.raises(cancelamento.CancelamentoRecusado, match="cancele a nota antes"):
        cancelamento.cancelar_pedido_na_tray(nota.venda_id)
    assert sim.chamadas() == []


def test_tela_de_confirmacao_so_de_administrador(loja, sim, client, usuario, app):
    venda = _sem_nota_valida(loja, "1001", 603)
    criar_usuario("op@erp.local", "operador-123")
    assert entrar(client, email="op@erp.local", senha="operador-123").status_code == 302
    url = f"/vendas/{venda.id}/cancelar-na-tray"
    assert client.get(url).status_code == 403
    assert 'id="cancelar-na-tray"' not in client.get(f"/vendas/{venda.id}").get_data(as_text=True)
    assert entrar(client).status_code == 302
    assert 'id="cancelar-na-tray"' in client.get(f"/vendas/{venda.id}").get_data(as_text=True)
    confirmacao = client.get(url)
    assert confirmacao.status_code == 200 and b'id="confirmar-cancelamento"' in confirmacao.data
    assert sim.chamadas() == []  # a tela só pergunta
    resposta = client.post(url, data={"csrf_token": csrf_de(confirmacao)}, follow_redirects=True)
    assert "cancelado na Tray" in resposta.get_data(as_text=True)
    assert sim.pedido("1001")["status"] == "CANCELADO"


def test_linha_de_comando_pede_confirmacao(loja, sim, app):
    venda = _sem_nota_valida(loja, "1001", 604)
    saida = app.test_cli_runner().invoke(args=["vendas", "cancelar-na-tray", "--venda", str(venda.id), "--json"])
    assert json.loads(saida.output)["resultado"] == "recusado" and sim.chamadas() == []
    saida = app.test_cli_runner().invoke(args=["vendas", "cancelar-na-tray", "--venda", str(venda.id), "--sim",
                                               "--json"])
    assert saida.exit_code == 0 and json.loads(saida.output)["resultado"] == "cancelado"
