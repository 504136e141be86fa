"""Estoque mudado na Tray: notificações de estoque/produto e a comparação guardam as diferenças; o usuário decide
(ERP manda: enviar o do ERP; Tray manda: adotar o da Tray como inventário). Nada vai à loja sem ele pedir."""
import json

from erp.extensions import db
from erp.lojas_virtuais.tray import api
from erp.produtos import estoque_tray
from erp.produtos.exportacao.exportar import exportar_produto
from erp.produtos.models import DiferencaEstoque, EstoquePendente, MovimentoEstoque
from erp.produtos.sincronizacao import sincronizar_pendentes
from erp.tarefas.fila import executar_pendentes
from tests.util import csrf_de


def _exportado(loja, fazer_produto, ref, **campos):
    produto = fazer_produto(ref, **campos)
    resultado = exportar_produto(loja, produto)
    assert resultado.sucesso, resultado
    sincronizar_pendentes()
    db.session.query(EstoquePendente).delete()
    db.session.commit()
    return produto, resultado.produto_tray


def _notificar(client, loja, escopo, registro):
    from erp.pedidos.webhooks import segredo_do_webhook

    return client.post(f"/webhooks/tray/{segredo_do_webhook()}", data={
        "seller_id": loja.usuario, "scope_id": registro, "scope_name": escopo, "act": "update", "app_code": "1"})


def test_notificacao_de_estoque_registra_a_diferenca_e_nao_escreve_na_loja(loja, sim, fazer_produto, client):
    produto, tray_id = _exportado(loja, fazer_produto, "CANECA", estoque="12")
    api.definir_estoque_do_produto(loja, tray_id, 5)  # o lojista muda o estoque no painel da Tray
    sim.limpar_log()

    assert _notificar(client, loja, "product_stock", tray_id).status_code == 200
    assert executar_pendentes() == 1
    diferenca = db.session.query(DiferencaEstoque).one()
    assert (diferenca.estoque_erp, diferenca.estoque_tray, diferenca.origem, diferenca.situacao) == (
        12, 5, "notificacao", "aberta")
    assert estoque_tray.acao_proposta(diferenca) == "enviar_erp"  # o ERP manda, por padrão
    assert sim.chamadas("PUT") == [] and sim.chamadas("POST") == []

    # O usuário decide: o estoque do ERP volta à loja.
    estoque_tray.resolver(diferenca.id, "enviar_erp")
    sincronizar_pendentes()
    assert sim.produto(tray_id)["stock"] == "12"
    assert db.session.get(DiferencaEstoque, diferenca.id).situacao == "resolvida"


def test_loja_onde_a_tray_manda_adota_o_estoque_como_inventario(loja, sim, fazer_produto):
    produto, tray_id = _exportado(loja, fazer_produto, "PANELA", estoque="8")
    api.definir_estoque_do_produto(loja, tray_id, 3)
    estoque_tray.definir_mestre(loja, "tray")
    sim.limpar_log()

    resumo = estoque_tray.comparar_loja(loja.id)
    assert (resumo.diferentes, resumo.conferidos) == (1, 1)
    diferenca = db.session.query(DiferencaEstoque).one()
    assert diferenca.origem == "comparacao" and estoque_tray.acao_proposta(diferenca) == "adotar_tray"
    estoque_tray.resolver(diferenca.id, "adotar_tray")
    db.session.expire_all()
    assert produto.estoque == 3
    movimento = db.session.query(MovimentoEstoque).order_by(MovimentoEstoque.id.desc()).first()
    assert (movimento.anterior, movimento.novo, movimento.motivo) == (8, 3, "inventario_tray")
    sincronizar_pendentes()
    assert sim.chamadas("PUT") == []  # a loja já tinha esse número
    # Conferir de novo: os números batem, nada aberto.
    assert estoque_tray.comparar_loja(loja.id).diferentes == 0
    assert db.session.query(DiferencaEstoque).filter_by(situacao="aberta").count() == 0


def test_variacao_pela_notificacao_e_numeros_que_voltam_a_bater(loja, sim, fazer_produto, client):
    produto, tray_id = _exportado(loja, fazer_produto, "PANO", variacoes=[
        {"referencia": "PANO-AZUL", "tipo_1": "Cor", "valor_1": "Azul", "estoque": "4"}])
    variacao = produto.variacoes[0]
    tray_variacao = variacao.vinculos[0].tray_id
    api.definir_estoque_da_variacao(loja, tray_variacao, 9)
    _notificar(client, loja, "variant_stock", tray_variacao)
    executar_pendentes()
    diferenca = db.session.query(DiferencaEstoque).one()
    assert (diferenca.variacao_id, diferenca.estoque_erp, diferenca.estoque_tray) == (variacao.id, 4, 9)

    api.definir_estoque_da_variacao(loja, tray_variacao, 4)  # alguém acertou na Tray
    _notificar(client, loja, "product", tray_id)  # notificação do produto: confere as variações
    executar_pendentes()
    db.session.expire_all()
    linha = db.session.get(DiferencaEstoque, diferenca.id)
    assert linha.situacao == "resolvida" and "voltaram a bater" in linha.resolucao


def test_envio_pendente_do_erp_nao_conta_como_diferenca(loja, sim, fazer_produto):
    produto, tray_id = _exportado(loja, fazer_produto, "JARRA", estoque="6")
    from erp.produtos.estoque import definir_estoque

    definir_estoque(produto, None, 10, "ajuste")
    db.session.commit()
    assert db.session.query(EstoquePendente).count() == 1
    assert estoque_tray.comparar_loja(loja.id).diferentes == 0


def test_tela_mostra_e_decide(loja, sim, fazer_produto, logado, app):
    produto, tray_id = _exportado(loja, fazer_produto, "TIGELA", estoque="7")
    api.definir_estoque_do_produto(loja, tray_id, 2)
    estoque_tray.comparar_loja(loja.id)
    pagina = logado.get("/produtos/estoque-tray/")
    texto = pagina.get_data(as_text=True)
    assert "TIGELA" in texto and 'class="btn btn-sm btn-primary acao-enviar_erp"' in texto
    token = csrf_de(pagina)
    diferenca = db.session.query(DiferencaEstoque).one()
    resposta = logado.post(f"/produtos/estoque-tray/{diferenca.id}", data={"csrf_token": token,
                                                                          "acao": "ignorar"}, follow_redirects=True)
    assert "Ignorada" in resposta.get_data(as_text=True)
    resposta = logado.post(f"/produtos/estoque-tray/lojas/{loja.id}/mestre",
                           data={"csrf_token": token, "mestre": "tray"}, follow_redirects=True)
    assert "quem manda no estoque é a Tray" in resposta.get_data(as_text=True)
    db.session.expire_all()
    assert loja.estoque_mestre == "tray"


def test_linha_de_comando(loja, sim, fazer_produto, app):
    produto, tray_id = _exportado(loja, fazer_produto, "COPO", estoque="3")
    api.definir_estoque_do_produto(loja, tray_id, 1)
    saida = app.test_cli_runner().invoke(args=["produtos", "estoque-tray", "--loja", str(loja.id),
                                               "--comparar", "--json"])
    assert saida.exit_code == 0, saida.output
    dados = json.loads(saida.output)
    assert dados["comparacao"]["diferentes"] == 1
    assert [(d["referencia"], d["estoque_erp"], d["estoque_tray"], d["acao_proposta"]) for d in dados["diferencas"]] == [
        ("COPO", 3, 1, "enviar_erp")]


def test_linha_de_comando_escolhe_o_mestre_e_resolve(loja, sim, fazer_produto, app):
    produto, tray_id = _exportado(loja, fazer_produto, "PRATO", estoque="4")
    api.definir_estoque_do_produto(loja, tray_id, 9)
    rodar = app.test_cli_runner().invoke
    saida = rodar(args=["produtos", "estoque-tray", "--loja", str(loja.id), "--mestre", "tray", "--comparar",
                        "--json"])
    (diferenca,) = json.loads(saida.output)["diferencas"]
    assert diferenca["acao_proposta"] == "adotar_tray"
    saida = rodar(args=["produtos", "estoque-tray", "--resolver", str(diferenca["id"]), "--acao", "adotar_tray",
                        "--json"])
    assert saida.exit_code == 0 and json.loads(saida.output)["diferencas"] == []
    db.session.expire_all()
    assert produto.estoque == 9
    saida = rodar(args=["produtos", "estoque-tray", "--resolver", str(diferenca["id"]), "--acao", "ignorar",
                        "--json"])
    assert "já foi resolvida" in json.loads(saida.output)["erro"]
