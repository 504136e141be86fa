"""Lojas Virtuais → TRAY → Exportar Produtos (cliente de teste do Flask)."""
from erp.extensions import db
from erp.produtos.models import ProdutoLoja
from erp.tarefas import fila
from erp.tarefas.models import Tarefa
from tests.util import csrf_de


def test_tela_de_exportacao_filtra_exporta_e_mostra_situacao(logado, loja, sim, fazer_produto):
    a, b, c = (fazer_produto(r, preco="1.500,00") for r in ("EXP-A", "EXP-B", "OUTRO-C"))
    pagina = logado.get(f"/lojas/{loja.id}/produtos").get_data(as_text=True)
    assert pagina.count("Não integrado") >= 3 and "R$ 1.500,00" in pagina

    url = f"/lojas/{loja.id}/produtos"
    resposta = logado.post(f"{url}/exportar", data={"csrf_token": csrf_de(logado.get(url)),
                                                    "escopo": "selecionados", "produto_id": [str(a.id)]})
    assert resposta.status_code == 302 and "tarefa=" in resposta.headers["Location"]
    fila.executar_pendentes()
    pagina = logado.get(resposta.headers["Location"]).get_data(as_text=True)
    assert "Integrado" in pagina and "exportado" in pagina and 'data-situacao="concluida"' in pagina

    so_integrados = logado.get(f"{url}?situacao=integrado").get_data(as_text=True)
    assert "EXP-A" in so_integrados and "EXP-B" not in so_integrados
    resposta = logado.post(f"{url}/exportar", data={"csrf_token": csrf_de(logado.get(url)), "escopo": "filtro",
                                                    "q": "EXP", "situacao": "nao_integrado"})
    fila.executar_pendentes()
    tarefa = db.session.query(Tarefa).order_by(Tarefa.id.desc()).first()
    assert tarefa.parametros["produto_ids"] == [b.id]
    assert {v.produto_id for v in db.session.query(ProdutoLoja)} == {a.id, b.id}

    a.nome = "Exportado e depois alterado"
    from erp.comum.modelos import agora
    a.alterado_em = agora()
    db.session.commit()
    alterados = logado.get(f"{url}?situacao=alterado").get_data(as_text=True)
    assert "EXP-A" in alterados and "EXP-B" not in alterados and "Alterado" in alterados


def test_link_para_o_produto_na_loja(logado, loja, sim, fazer_produto):
    from erp.produtos.exportacao.exportar import exportar_produto

    produto = fazer_produto("LINK", nome="Produto Link")
    resultado = exportar_produto(loja, produto)
    resposta = logado.get(f"/lojas/{loja.id}/produtos/{produto.id}/na-loja")
    assert resposta.status_code == 302
    assert resposta.headers["Location"] == sim.produto(resultado.produto_tray)["url"]["https"]
    sim.limpar_log()
    logado.get(f"/lojas/{loja.id}/produtos/{produto.id}/na-loja")
    assert sim.log() == []  # endereço guardado
