"""Cadastro: campos, referência única, categorias por caminho, variações (até 2 eixos), imagens."""
from decimal import Decimal

import pytest

from erp.extensions import db
from erp.produtos import imagens as img
from erp.produtos import services
from erp.produtos.categorias import categoria_por_caminho
from erp.produtos.erros import ErroImagem, ErroProduto
from erp.produtos.models import Categoria, MovimentoEstoque, Produto
from tests.produtos.conftest import png


def test_cria_produto_com_todos_os_campos(app):
    produto = services.salvar_produto({
        "referencia": "PAN-45", "nome": "Panela de Pressão 4,5 L", "descricao": "<p>Inox</p>",
        "descricao_curta": "Panela inox", "ean": "7891234567895", "ncm": "7615.10.00", "cest": "",
        "origem": "1", "unidade": "pc", "marca": "Rochedo", "modelo": "Turbo", "categoria": "Casa > Cozinha",
        "preco": "1.249,90", "preco_custo": "700", "preco_promocional": "1.199,90",
        "promocao_inicio": "01/12/2026", "promocao_fim": "2026-12-24", "peso_g": "2.300",
        "comprimento_cm": "30,5", "largura_cm": "25", "altura_cm": "20", "estoque": "7",
        "disponibilidade": "Envio em 2 dias", "ativo": "1",
    })
    db.session.commit()
    p = db.session.get(Produto, produto.id)
    assert (p.preco, p.preco_custo, p.preco_promocional) == (Decimal("1249.90"), Decimal("700.00"),
                                                             Decimal("1199.90"))
    assert (p.ncm, p.ean, p.origem, p.unidade, p.peso_g) == ("76151000", "7891234567895", 1, "PC", 2300)
    assert p.comprimento_cm == Decimal("30.50") and p.categoria.caminho == "Casa > Cozinha"
    assert p.promocao_inicio.isoformat() == "2026-12-01" and p.estoque == 7
    movimento = db.session.query(MovimentoEstoque).one()
    assert (movimento.anterior, movimento.novo, movimento.motivo) == (0, 7, "ajuste")


def test_obrigatorios_e_promocao(app):
    with pytest.raises(ErroProduto, match="preço de venda"):
        services.salvar_produto({"referencia": "A", "nome": "A"})
    with pytest.raises(ErroProduto, match="nome"):
        services.salvar_produto({"referencia": "A", "nome": "", "preco": "1"})
    with pytest.raises(ErroProduto, match="menor que o preço"):
        services.salvar_produto({"referencia": "A", "nome": "A", "preco": "10", "preco_promocional": "12"})
    with pytest.raises(ErroProduto, match="espaços"):
        services.salvar_produto({"referencia": "A B", "nome": "A", "preco": "10"})


def test_referencia_unica_entre_produtos_e_variacoes(app, fazer_produto):
    fazer_produto("CAM", variacoes=[{"referencia": "CAM-P", "tipo_1": "Tamanho", "valor_1": "P"}])
    with pytest.raises(ErroProduto, match="CAM-P"):
        services.salvar_produto({"referencia": "CAM-P", "nome": "Outro", "preco": "1"})
    outro = fazer_produto("OUTRO")
    with pytest.raises(ErroProduto, match="CAM"):
        services.salvar_variacao(outro, {"referencia": "CAM", "tipo_1": "Cor", "valor_1": "Azul"})


def test_categoria_por_caminho_cria_niveis_uma_vez(app):
    a = categoria_por_caminho("Casa > Cozinha > Panelas")
    b = categoria_por_caminho(" Casa>Cozinha >Panelas ")
    db.session.commit()
    assert a.id == b.id and db.session.query(Categoria).count() == 3
    assert categoria_por_caminho("Casa > Cozinha").filhas[0].nome == "Panelas"
    with pytest.raises(ErroProduto, match="nível vazio"):
        categoria_por_caminho("Casa >> Cozinha")


def test_variacoes_ate_dois_eixos_na_mesma_ordem(app, fazer_produto):
    produto = fazer_produto("TEN", variacoes=[
        {"referencia": "TEN-38-PR", "tipo_1": "Tamanho", "valor_1": "38", "tipo_2": "Cor", "valor_2": "Preto",
         "estoque": "2"}])
    segunda = services.salvar_variacao(produto, {"referencia": "TEN-39-BR", "tipo_1": "cor", "valor_1": "Branco",
                                                 "tipo_2": "tamanho", "valor_2": "39", "estoque": "5"})
    assert (segunda.tipo_1, segunda.valor_1, segunda.tipo_2, segunda.valor_2) == ("Tamanho", "39", "Cor", "Branco")
    assert produto.estoque == 7  # soma das variações
    with pytest.raises(ErroProduto, match="3 eixos.*Tamanho, Cor, Material.*no máximo 2"):
        services.salvar_variacao(produto, {"referencia": "TEN-X", "tipo_1": "Tamanho", "valor_1": "40",
                                           "tipo_2": "Material", "valor_2": "Couro"})
    with pytest.raises(ErroProduto, match="mesmos eixos"):
        services.salvar_variacao(produto, {"referencia": "TEN-Y", "tipo_1": "Tamanho", "valor_1": "41"})
    with pytest.raises(ErroProduto, match="Já existe a variação"):
        services.salvar_variacao(produto, {"referencia": "TEN-Z", "tipo_1": "Cor", "valor_1": "preto",
                                           "tipo_2": "Tamanho", "valor_2": "38"})
    with pytest.raises(ErroProduto, match="juntos"):
        services.salvar_variacao(produto, {"referencia": "TEN-W", "tipo_1": "Tamanho", "valor_1": "42",
                                           "tipo_2": "Cor"})


def test_imagens_ate_seis_sem_repetir_e_so_jpg_png(app, fazer_produto):
    produto = fazer_produto("IMG")
    primeira = img.adicionar_imagem(produto, png((1, 1, 1)))
    assert img.adicionar_imagem(produto, png((1, 1, 1))).id == primeira.id
    for n in range(2, 7):
        img.adicionar_imagem(produto, png((n, n, n)))
    with pytest.raises(ErroImagem, match="6 imagens"):
        img.adicionar_imagem(produto, png((9, 9, 9)))
    with pytest.raises(ErroImagem, match="JPG ou PNG"):
        img.adicionar_imagem(produto, b"GIF89a....")
    db.session.commit()
    assert [i.posicao for i in produto.imagens] == [1, 2, 3, 4, 5, 6]
    img.remover_imagem(produto.imagens[0])
    db.session.commit()
    assert [i.posicao for i in db.session.get(Produto, produto.id).imagens] == [1, 2, 3, 4, 5]
