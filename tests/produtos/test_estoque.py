"""Estoque: movimentos registrados e envio automático às lojas (agrupado, repetido em falha, nunca perdido)."""
from datetime import timedelta

import requests

from erp.comum.modelos import agora
from erp.extensions import db
from erp.produtos import estoque
from erp.produtos.exportacao.exportar import exportar_produto
from erp.produtos.models import EstoquePendente, MovimentoEstoque, Produto, Variacao
from erp.produtos.sincronizacao import sincronizar_pendentes
from erp.tarefas import fila


def _exportado(loja, fazer_produto, ref="EST", **campos):
    produto = fazer_produto(ref, **{"estoque": "12", **campos})
    resultado = exportar_produto(loja, produto)
    assert resultado.sucesso
    return produto, resultado


def test_ajuste_pela_linha_de_comando_chega_na_loja(runner, loja, sim, fazer_produto):
    produto, resultado = _exportado(loja, fazer_produto)
    sim.limpar_log()
    saida = runner.invoke(args=["produtos", "estoque", "--referencia", "EST", "--quantidade", "3"])
    assert saida.exit_code == 0 and "12 → 3" in saida.output
    assert db.session.query(EstoquePendente).count() == 1  # gravado na mesma transação do movimento
    fila.executar_pendentes()
    assert sim.chamadas() == [("PUT", f"/products/{resultado.produto_tray}", 200)]
    assert sim.produto(resultado.produto_tray)["stock"] == "3"
    assert db.session.query(EstoquePendente).count() == 0
    movimento = db.session.query(MovimentoEstoque).order_by(MovimentoEstoque.id.desc()).first()
    assert (movimento.anterior, movimento.novo, movimento.motivo) == (12, 3, "ajuste")


def test_muitos_movimentos_viram_um_envio(loja, sim, fazer_produto):
    produto, resultado = _exportado(loja, fazer_produto)
    sim.limpar_log()
    for _ in range(5):
        estoque.movimentar(produto, None, -1, "venda", "teste")
        db.session.commit()
    assert db.session.query(EstoquePendente).one().versao == 5
    fila.executar_pendentes()
    assert sim.chamadas() == [("PUT", f"/products/{resultado.produto_tray}", 200)]
    assert sim.produto(resultado.produto_tray)["stock"] == "7"
    assert db.session.get(Produto, produto.id).estoque == 7


def test_estoque_da_variacao(loja, sim, fazer_produto):
    produto, resultado = _exportado(loja, fazer_produto, "VAR", variacoes=[
        {"referencia": "VAR-AZ", "tipo_1": "Cor", "valor_1": "Azul", "estoque": "4"},
        {"referencia": "VAR-VD", "tipo_1": "Cor", "valor_1": "Verde", "estoque": "1"}])
    sim.limpar_log()
    azul = db.session.query(Variacao).filter_by(referencia="VAR-AZ").one()
    estoque.definir_estoque(produto, azul, 9, "ajuste")
    db.session.commit()
    assert db.session.get(Produto, produto.id).estoque == 10
    fila.executar_pendentes()
    id_azul = resultado.variantes_tray["VAR-AZ"]
    assert sim.chamadas() == [("PUT", f"/products/variants/{id_azul}", 200)]
    assert sim.variacao(id_azul)["stock"] == "9"


def test_venda_importada_baixa_e_envia_o_estoque(loja, sim, fazer_produto):
    from erp.sandbox.tray.construtor import montar_pedido, semente_minima
    from erp.pedidos.importacao import importar_pedido

    produto, resultado = _exportado(loja, fazer_produto, "VEN", ncm="73239300", preco="50,00")
    cliente = semente_minima()["customers"][0]["Customer"]
    pedido = montar_pedido("7001", cliente, [{"product_id": resultado.produto_tray, "name": produto.nome,
                                              "reference": "VEN", "ncm": "73239300", "price": "50.00",
                                              "quantity": 3}], ("4", "A ENVIAR"), agora().date().isoformat(),
                           has_payment="1")
    requests.post(f"{sim.base}/_sandbox/orders", json=pedido, timeout=5).raise_for_status()
    sim.limpar_log()
    importado = importar_pedido(loja, "7001")
    assert importado.resultado == "importado", importado
    assert db.session.get(Produto, produto.id).estoque == 9
    fila.executar_pendentes()
    assert ("PUT", f"/products/{resultado.produto_tray}", 200) in sim.chamadas()
    assert sim.produto(resultado.produto_tray)["stock"] == "9"
    venda = db.session.query(MovimentoEstoque).filter_by(motivo="venda").one()
    assert (venda.anterior, venda.novo) == (12, 9)


def test_tray_fora_do_ar_nao_perde_o_estoque(loja, sim, fazer_produto):
    produto, resultado = _exportado(loja, fazer_produto)
    sim.falhar("500", quantidade=20, prefixo="/products", metodo="PUT")
    estoque.definir_estoque(produto, None, 4, "ajuste")
    db.session.commit()
    fila.executar_pendentes()
    pendente = db.session.query(EstoquePendente).one()
    assert pendente.tentativas == 1 and "indisponível" in pendente.ultimo_erro
    assert pendente.proxima_tentativa_em > agora()
    assert sim.produto(resultado.produto_tray)["stock"] == "12"
    assert len(fila.huey.scheduled()) >= 1  # nova rodada agendada para depois da espera

    requests.delete(f"{sim.base}/_sandbox/falhas", timeout=5)
    sim.falhar("429", quantidade=20, prefixo="/products", metodo="PUT")
    pendente.proxima_tentativa_em = agora() - timedelta(seconds=1)
    db.session.commit()
    assert sincronizar_pendentes()["adiados"] == 1
    assert db.session.query(EstoquePendente).one().tentativas == 2

    requests.delete(f"{sim.base}/_sandbox/falhas", timeout=5)
    db.session.query(EstoquePendente).update({"proxima_tentativa_em": agora() - timedelta(seconds=1)})
    db.session.commit()
    assert sincronizar_pendentes()["enviados"] == 1  # a varredura pega o que ficou
    assert sim.produto(resultado.produto_tray)["stock"] == "4"
    assert db.session.query(EstoquePendente).count() == 0


def test_movimento_durante_o_envio_nao_e_apagado(loja, sim, fazer_produto):
    from erp.produtos.sincronizacao import _concluir

    produto, _ = _exportado(loja, fazer_produto)
    estoque.definir_estoque(produto, None, 5, "ajuste")
    db.session.commit()
    linha = db.session.query(EstoquePendente).one()
    lida = linha.versao
    estoque.movimentar(produto, None, -1, "venda")  # chega enquanto o envio anterior estava em curso
    db.session.commit()
    _concluir(linha.id, lida)
    db.session.commit()
    assert db.session.query(EstoquePendente).one().versao == lida + 1


def test_produto_fora_das_lojas_nao_gera_envio(app, fazer_produto):
    produto = fazer_produto("LOCAL", estoque="3")
    movimento = estoque.movimentar(produto, None, 2, "ajuste", "balanço")
    db.session.commit()
    assert (movimento.anterior, movimento.novo, movimento.referencia) == (3, 5, "balanço")
    assert db.session.query(EstoquePendente).count() == 0
