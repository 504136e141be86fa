"""Exportação para a Tray (simulador por HTTP): criação e atualização com todos os campos, categorias,
imagens (nunca reenviadas), recusas da Tray por produto e reexportação sem duplicar."""
import hashlib

from erp.extensions import db
from erp.produtos import imagens as img
from erp.produtos.exportacao.exportar import exportar_produto
from erp.produtos.models import CategoriaLoja, ImagemEnviada, Produto, ProdutoLoja
from tests.produtos.conftest import png

COMPLETO = {
    "nome": "Panela de Pressão 4,5 L", "descricao": "<p>Panela <b>inox</b></p><ul><li>4,5 L</li></ul>",
    "descricao_curta": "Panela inox com válvula", "ean": "7891234567895", "ncm": "76151000", "cest": "2101100",
    "origem": "0", "unidade": "UN", "marca": "Rochedo", "modelo": "Turbo", "categoria": "Casa > Cozinha",
    "preco": "1.249,90", "preco_custo": "700,00", "preco_promocional": "1.199,90",
    "promocao_inicio": "2026-12-01", "promocao_fim": "2026-12-24", "peso_g": "2300", "comprimento_cm": "30,5",
    "largura_cm": "25", "altura_cm": "20", "estoque": "7", "disponibilidade": "Envio em 2 dias úteis",
    "ativo": "1",
}


def test_cria_produto_com_todos_os_campos(loja, sim, fazer_produto):
    fotos = [png((200, 0, 0)), png((0, 200, 0))]
    produto = fazer_produto("PAN-60", imagens=fotos, **COMPLETO)  # PAN-45 já está na loja (semente)
    resultado = exportar_produto(loja, produto)
    assert (resultado.resultado, resultado.motivo) == ("criado", None)

    tray = sim.produto(resultado.produto_tray)
    esperado = {
        "name": "Panela de Pressão 4,5 L", "description": "<p>Panela <b>inox</b></p><ul><li>4,5 L</li></ul>",
        "description_small": "Panela inox com válvula", "reference": "PAN-60", "ean": "7891234567895",
        "ncm": "76151000", "price": "1249.90", "cost_price": "700.00", "promotional_price": "1199.90",
        "start_promotion": "2026-12-01", "end_promotion": "2026-12-24", "brand": "Rochedo", "model": "Turbo",
        "weight": "2300", "length": "30.5", "width": "25", "height": "20", "stock": "7", "available": "1",
        "availability": "Envio em 2 dias úteis",
    }
    assert {c: tray[c] for c in esperado} == esperado
    cozinha = sim.categoria(tray["category_id"])
    casa = sim.categoria(cozinha["parent_id"])
    assert (cozinha["name"], casa["name"], casa["parent_id"]) == ("Cozinha", "Casa", "0")

    imagens = sim.imagens(resultado.produto_tray)
    assert [i["sha256"] for i in imagens["imagens"]] == [hashlib.sha256(f).hexdigest() for f in fotos]
    assert all(r["resultado"] == "ok" for r in imagens["registros"])
    assert all(r["url"].startswith(loja_url(loja)) for r in imagens["registros"])
    vinculo = db.session.query(ProdutoLoja).one()
    assert vinculo.tray_id == resultado.produto_tray and vinculo.assinatura and vinculo.exportado_em


def loja_url(loja):
    from flask import current_app

    return current_app.config["ERP_URL_PUBLICA"] + "/imagens/"


def test_categoria_existente_na_loja_e_achada_sob_o_pai_certo(loja, sim, fazer_produto):
    # A semente da loja tem Cozinha (1) > Panelas (2).
    sob_cozinha = fazer_produto("A", categoria="Cozinha > Panelas")
    na_raiz = fazer_produto("B", categoria="Panelas")
    assert sim.produto(exportar_produto(loja, sob_cozinha).produto_tray)["category_id"] == "2"
    assert sim.chamadas("POST", "/categories") == []
    tray_b = sim.produto(exportar_produto(loja, na_raiz).produto_tray)
    assert tray_b["category_id"] not in ("1", "2")
    assert sim.categoria(tray_b["category_id"])["parent_id"] == "0"
    assert len(sim.chamadas("POST", "/categories")) == 1
    sim.limpar_log()
    outro = fazer_produto("C", categoria="Cozinha > Panelas")
    exportar_produto(loja, outro)
    assert sim.chamadas("GET", "/categories") == []  # vínculo guardado: nada de procurar de novo
    assert db.session.query(CategoriaLoja).count() == 3


def test_atualiza_so_o_que_mudou_e_nao_reenvia_imagem(loja, sim, fazer_produto):
    produto = fazer_produto("CHA", imagens=[png((1, 2, 3))], preco="129,90", estoque="12")
    primeiro = exportar_produto(loja, produto)
    sim.limpar_log()

    assert exportar_produto(loja, produto).resultado == "sem_mudanca"
    assert sim.log() == []

    from erp.produtos import services

    services.salvar_produto({"nome": "Chaleira Inox 2 L", "preco": "139,90", "descricao": "<p>Nova</p>"},
                            produto, parcial=True)
    img.adicionar_imagem(produto, png((4, 5, 6)))
    db.session.commit()
    segundo = exportar_produto(loja, produto)
    assert (segundo.resultado, segundo.produto_tray) == ("atualizado", primeiro.produto_tray)
    assert sim.chamadas() == [("PUT", f"/products/{primeiro.produto_tray}", 200)]
    tray = sim.produto(primeiro.produto_tray)
    assert (tray["name"], tray["price"], tray["description"]) == ("Chaleira Inox 2 L", "139.90", "<p>Nova</p>")
    registros = sim.imagens(primeiro.produto_tray)["registros"]
    assert [(r["slot"], r["sha256"]) for r in registros] == [
        (1, hashlib.sha256(png((1, 2, 3))).hexdigest()), (2, hashlib.sha256(png((4, 5, 6))).hexdigest())]
    assert len(sim.produtos(reference="CHA")) == 1
    assert db.session.query(ImagemEnviada).count() == 2


def test_mesma_foto_em_dois_produtos_vai_a_cada_um_uma_vez(loja, sim, fazer_produto):
    """A Tray pede para não reenviar a mesma imagem (ao produto): a foto repetida em outro produto vai para ele
    também, senão o produto ficaria sem ela; reexportar não reenvia nada."""
    foto = png((7, 7, 7))
    a = fazer_produto("FOTO-A", imagens=[foto])
    b = fazer_produto("FOTO-B", imagens=[foto, png((8, 8, 8))])
    exportar_produto(loja, a)
    r_b = exportar_produto(loja, b)
    assert [i["slot"] for i in sim.imagens(r_b.produto_tray)["imagens"]] == [1, 2]
    sim.limpar_log()
    assert exportar_produto(loja, b).resultado == "sem_mudanca" and sim.log() == []
    enviados = [r["sha256"] for p in (a, b) for r in sim.imagens(
        db.session.query(ProdutoLoja).filter_by(produto_id=p.id).one().tray_id)["registros"]]
    assert sorted(enviados) == sorted([hashlib.sha256(foto).hexdigest()] * 2 + [hashlib.sha256(png((8, 8, 8))).hexdigest()])


def test_recusa_da_tray_aparece_por_produto_e_os_outros_exportam(loja, sim, fazer_produto):
    from erp.produtos.exportacao.lote import criar_tarefa, executar_exportacao
    from erp.tarefas.models import TarefaItem

    bom = fazer_produto("BOM")
    ruim = fazer_produto("RUIM")
    ruim.ncm = "1234"  # dado antigo, de antes da validação: a Tray recusa
    sem_preco = fazer_produto("SEM-PRECO")
    sem_preco.preco = 0
    outro = fazer_produto("OUTRO")
    db.session.commit()
    tarefa = criar_tarefa(loja, [bom.id, ruim.id, sem_preco.id, outro.id])
    resultados = {r.referencia: r for r in executar_exportacao(tarefa.id)}
    assert [resultados[r].resultado for r in ("BOM", "RUIM", "SEM-PRECO", "OUTRO")] == [
        "criado", "falhou", "falhou", "criado"]
    assert resultados["RUIM"].motivo == "A Tray recusou o produto: NCM: deve ter 8 dígitos"
    assert "sem preço de venda" in resultados["SEM-PRECO"].motivo
    itens = {i.chave: i for i in db.session.query(TarefaItem).filter_by(tarefa_id=tarefa.id)}
    assert (itens["BOM"].resultado, itens["RUIM"].resultado, itens["RUIM"].sucesso) == ("exportado", "falhou", False)
    assert "NCM" in itens["RUIM"].mensagem
    assert db.session.query(ProdutoLoja).count() == 2
    assert len(sim.chamadas("POST", "/products")) == 3  # o sem preço nem foi enviado


def test_produto_excluido_na_loja_e_recriado(loja, sim, fazer_produto):
    from erp.lojas_virtuais.tray.client import cliente_da_loja

    produto = fazer_produto("SUMIU", imagens=[png((3, 3, 3))])
    antigo = exportar_produto(loja, produto).produto_tray
    cliente_da_loja(loja).delete(f"/products/{antigo}")
    produto.nome = "Sumiu e voltou"
    db.session.commit()
    novo = exportar_produto(loja, produto)
    assert novo.resultado == "criado" and novo.produto_tray != antigo
    assert len(sim.imagens(novo.produto_tray)["imagens"]) == 1
    assert db.session.query(ProdutoLoja).one().tray_id == novo.produto_tray


def test_inativo_vai_indisponivel(loja, sim, fazer_produto):
    produto = fazer_produto("INAT", ativo="0")
    assert sim.produto(exportar_produto(loja, produto).produto_tray)["available"] == "0"
    assert db.session.get(Produto, produto.id).ativo is False


def test_resposta_perdida_no_post_nao_duplica(app, loja, sim, fazer_produto):
    from erp.lojas_virtuais.tray.client import descartar_cliente

    app.config.update(TRAY_TIMEOUT_LEITURA=0.3, EXPORTACAO_ESPERAS_CONFERENCIA=(0.0, 0.5, 1.0))
    descartar_cliente()
    requests_ = __import__("requests")
    requests_.post(f"{sim.base}/_sandbox/falhas", json={"tipo": "lento", "prefixo": "/products", "metodo": "POST",
                                                        "atraso_s": 0.6}, timeout=5).raise_for_status()
    produto = fazer_produto("LENTO")
    resultado = exportar_produto(loja, produto)  # a Tray grava, mas a resposta não chega a tempo
    assert resultado.resultado == "criado"
    assert len(sim.produtos(reference="LENTO")) == 1
    assert db.session.query(ProdutoLoja).one().tray_id == resultado.produto_tray == \
        sim.produtos(reference="LENTO")[0]["id"]
    assert [c[:2] for c in sim.chamadas("POST", "/products")] == [("POST", "/products")]


def test_produto_que_ja_esta_na_loja_e_vinculado_sem_duplicar(loja, sim, fazer_produto):
    """CHA-2L já está na loja (id 501, da semente): a exportação o acha pela referência e o atualiza."""
    produto = fazer_produto("CHA-2L", nome="Chaleira Inox 2 L (ERP)", preco="139,90", estoque="3")
    resultado = exportar_produto(loja, produto)
    assert (resultado.resultado, resultado.produto_tray, resultado.rotulo) == (
        "vinculado", "501", "vinculado (já estava na loja)")
    assert sim.chamadas("POST") == []
    assert [c[:2] for c in sim.chamadas("PUT")] == [("PUT", "/products/501")]
    assert [(p["id"], p["name"], p["price"], p["stock"]) for p in sim.produtos(reference="CHA-2L")] == [
        ("501", "Chaleira Inox 2 L (ERP)", "139.90", "3")]
    assert db.session.query(ProdutoLoja).one().tray_id == "501"

    sim.limpar_log()
    assert exportar_produto(loja, produto).resultado == "sem_mudanca" and sim.log() == []


def test_variacoes_que_ja_estao_no_produto_da_loja_sao_vinculadas(loja, sim, fazer_produto):
    """PANO (502) tem PANO-AZUL (880) e PANO-VERDE (881) na loja: nada é criado."""
    from erp.produtos.models import VariacaoLoja

    produto = fazer_produto("PANO", nome="Pano de Prato", preco="19,90", variacoes=[
        {"referencia": "PANO-AZUL", "tipo_1": "Cor", "valor_1": "Azul", "estoque": "6"},
        {"referencia": "PANO-VERDE", "tipo_1": "Cor", "valor_1": "Verde", "estoque": "2"},
        {"referencia": "PANO-ROSA", "tipo_1": "Cor", "valor_1": "Rosa", "estoque": "1"}])
    resultado = exportar_produto(loja, produto)
    assert (resultado.resultado, resultado.produto_tray) == ("vinculado", "502")
    assert resultado.variantes_tray["PANO-AZUL"] == "880" and resultado.variantes_tray["PANO-VERDE"] == "881"
    assert [c[:2] for c in sim.chamadas("POST")] == [("POST", "/products/variants")]  # só a rosa é nova
    assert sim.variacao("880")["stock"] == "6" and sim.variacao("881")["stock"] == "2"
    assert {v.tray_id for v in db.session.query(VariacaoLoja)} == {"880", "881", resultado.variantes_tray["PANO-ROSA"]}
    assert len(sim.produtos(reference="PANO")) == 1


def test_referencia_da_loja_ja_vinculada_a_outro_produto_nao_e_reaproveitada(loja, sim, fazer_produto):
    """Um produto da loja só se liga a um produto do ERP: se o id já está ocupado, cria-se outro."""
    primeiro = fazer_produto("PAN-45")
    assert exportar_produto(loja, primeiro).produto_tray == "503"
    primeiro.referencia = "PAN-45-ANTIGA"
    segundo = fazer_produto("PAN-45")
    resultado = exportar_produto(loja, segundo)
    assert resultado.resultado == "criado" and resultado.produto_tray != "503"


def test_rotulos_cabem_no_resultado_do_item_da_tarefa():
    """O rótulo vai para tarefa_itens.resultado (40 caracteres; o PostgreSQL recusa o que passar)."""
    from erp.produtos.exportacao.exportar import ROTULOS
    from erp.tarefas.models import TarefaItem

    assert all(len(r) <= TarefaItem.resultado.type.length for r in ROTULOS.values())


def test_campos_em_branco_no_erp_nao_apagam_os_da_loja(loja, sim, fazer_produto):
    """A loja tem descrição, marca, custo e categoria no CHA-2L; o ERP só tem nome e preço: a exportação muda o
    nome e o preço e deixa o resto como a loja tem (nunca apaga uma descrição)."""
    sim.s.estado.produtos["501"].update(description="<p>Chaleira da loja</p>", brand="Tramontina")
    produto = fazer_produto("CHA-2L", nome="Chaleira Inox 2 L (ERP)", preco="139,90")
    assert exportar_produto(loja, produto).resultado == "vinculado"
    [(_, _, _)] = sim.chamadas("PUT")
    na_loja = sim.produto("501")
    assert (na_loja["name"], na_loja["price"]) == ("Chaleira Inox 2 L (ERP)", "139.90")
    assert (na_loja["description"], na_loja["brand"], na_loja["cost_price"], na_loja["category_id"]) == (
        "<p>Chaleira da loja</p>", "Tramontina", "70.00", "1")

    # Preenchido no ERP, vai; a loja passa a ter o valor do ERP.
    produto.descricao = "<p>Chaleira do ERP</p>"
    produto.alterado_em = produto.alterado_em.replace(year=produto.alterado_em.year + 1)
    db.session.commit()
    assert exportar_produto(loja, produto).resultado == "atualizado"
    assert sim.produto("501")["description"] == "<p>Chaleira do ERP</p>"
