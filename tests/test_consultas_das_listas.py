"""Cada lista faz um número fixo de consultas SQL por página, não uma por linha (N+1).

Os dados têm mais linhas que uma página e cada linha com o seu cliente, itens, nota, categoria, variação e
imagem: uma consulta por linha passaria de longe o teto de cada página."""
import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event

from erp.comum.paginacao import esquecer_totais
from erp.extensions import db
from tests.util import contando_consultas

LINHAS = 35  # mais que uma página (ITENS_POR_PAGINA = 30)

# Teto de consultas por página: sessão do usuário, empresa (selo do ambiente), lojas do filtro, total, a página e
# uma carga para cada coisa que as linhas mostram (cliente, loja, itens, notas; categoria, variações, imagens,
# lojas do produto). Uma consulta por linha dá 60 ou mais.
TETOS = {
    "/vendas/": 10,
    "/vendas/?situacao=faturado&cliente=Cliente": 10,
    "/vendas/?pagina=2": 10,
    "/pedidos/?situacao=falhou": 6,
    "/nfe/notas": 7,
    "/nfe/notas?busca=Cliente": 7,
    "/produtos/": 9,
    "/produtos/?q=Produto&situacao=ativo": 9,
    "/": 15,  # o painel: contadores e gráficos, um SELECT cada
}


@pytest.fixture
def muitas_linhas(app):
    from erp.lojas_virtuais.models import LojaVirtual
    from erp.nfe.models import NotaFiscal
    from erp.pedidos.models import ImportacaoPedido
    from erp.produtos.models import Categoria, Produto, ProdutoImagem, ProdutoLoja, Variacao
    from erp.vendas.models import Cliente, Venda, VendaItem

    lojas = [LojaVirtual(nome=f"Loja {n}", usuario=str(n), site=f"https://loja{n}.exemplo.com.br/web_api")
             for n in (1, 2)]
    db.session.add_all(lojas)
    db.session.flush()
    inicio = datetime(2026, 11, 1, 12)
    for n in range(LINHAS):
        categoria = Categoria(nome=f"Categoria {n}")
        produto = Produto(referencia=f"SKU-{n}", nome=f"Produto {n}", preco=Decimal("10.00"), categoria=categoria)
        produto.variacoes.append(Variacao(referencia=f"SKU-{n}-P", tipo_1="Tamanho", valor_1="P"))
        cliente = Cliente(nome=f"Cliente {n}", cpf_cnpj=f"{n:011d}", uf="SP")
        db.session.add_all([categoria, produto, cliente])
        db.session.flush()
        db.session.add(ProdutoImagem(produto_id=produto.id, arquivo=f"produtos/{n}.png", sha256="0" * 64,
                                     tamanho=10, tipo="image/png"))
        db.session.add(ProdutoLoja(loja_id=lojas[n % 2].id, produto_id=produto.id, tray_id=str(500 + n)))
        venda = Venda(loja_id=lojas[n % 2].id, pedido_tray_id=str(1000 + n), cliente_id=cliente.id,
                      data_pedido=inicio + timedelta(hours=n), situacao="faturado", total=Decimal("20.00"))
        venda.itens = [VendaItem(produto_id=produto.id, descricao=produto.nome, quantidade=1,
                                 valor_unitario=Decimal("10.00")) for _ in range(2)]
        db.session.add(venda)
        db.session.flush()
        db.session.add(NotaFiscal(venda_id=venda.id, ambiente="homologacao", serie=1, numero=n + 1,
                                  situacao="autorizada", valor_total=venda.total, emitida_em=venda.data_pedido))
        db.session.add(ImportacaoPedido(loja_id=lojas[n % 2].id, pedido_tray_id=str(9000 + n), resultado="falhou",
                                        motivo="Produto sem cadastro"))
    db.session.commit()


@pytest.mark.parametrize("url", list(TETOS))
def test_consultas_por_pagina_tem_teto(logado, muitas_linhas, url):
    esquecer_totais()
    db.session.expire_all()  # nada carregado antes: as linhas vêm da página
    with contando_consultas() as consultas:
        resposta = logado.get(url)
    assert resposta.status_code == 200
    assert len(consultas) <= TETOS[url], "\n".join(consultas)


def test_pagina_cheia_mostra_as_linhas_de_cada_lista(logado, muitas_linhas):
    """As cargas de uma vez trazem o que as colunas mostram (o teto acima não vale com a tela vazia)."""
    vendas = logado.get("/vendas/").get_data(as_text=True)
    assert "Cliente 34" in vendas and "Loja 1" in vendas and "35 venda(s)" in vendas
    notas = logado.get("/nfe/notas").get_data(as_text=True)
    assert "Cliente 34" in notas and "1034" in notas
    produtos = logado.get("/produtos/").get_data(as_text=True)
    assert "Categoria 0" in produtos and "35 produto(s)" in produtos
    assert "35 pedido(s)" in logado.get("/pedidos/?situacao=falhou").get_data(as_text=True)


def test_pedidos_conhecidos_ordena_e_recorta_no_banco(app, muitas_linhas):
    """Importar Pedidos sem a Tray: a página vem do banco (poucas consultas, não a loja inteira), do maior número
    para o menor, e o pedido que virou venda não aparece de novo pela tentativa que falhou."""
    from erp.lojas_virtuais.models import LojaVirtual
    from erp.pedidos.filtros import Filtros
    from erp.pedidos.listagem import pedidos_conhecidos
    from erp.pedidos.models import ImportacaoPedido
    from erp.vendas.models import Venda

    loja_id = db.session.query(LojaVirtual.id).order_by(LojaVirtual.id).limit(1).scalar()
    db.session.add(ImportacaoPedido(loja_id=loja_id, pedido_tray_id="1002", resultado="falhou"))
    db.session.commit()
    db.session.expunge_all()
    loja = db.session.get(LojaVirtual, loja_id)
    carregadas = []
    anotar = lambda alvo, contexto: carregadas.append(alvo)  # noqa: E731
    for modelo in (Venda, ImportacaoPedido):
        event.listen(modelo, "load", anotar)
    try:
        with contando_consultas() as consultas:  # total, a página das chaves, vendas, clientes e tentativas
            pedidos_conhecidos(loja, Filtros(limite=3, situacao="integrado"))
    finally:
        for modelo in (Venda, ImportacaoPedido):
            event.remove(modelo, "load", anotar)
    assert len(consultas) <= 5
    assert len(carregadas) == 3  # só as linhas da página saem do banco, não as 18 vendas da loja
    primeira = pedidos_conhecidos(loja, Filtros(limite=20))
    segunda = pedidos_conhecidos(loja, Filtros(limite=20, pagina=2))
    ids = [linha.id for linha in primeira.itens + segunda.itens]
    assert primeira.total == 36 and len(primeira.itens) == 20
    assert ids == [str(9000 + n) for n in range(34, -1, -2)] + [str(1000 + n) for n in range(34, -1, -2)]
    assert primeira.itens[0].resultado == "falhou" and segunda.itens[-1].venda_id is not None
    assert [linha.cliente for linha in segunda.itens[-2:]] == ["Cliente 2", "Cliente 0"]
    assert pedidos_conhecidos(loja, Filtros(situacao="integrado")).total == 18


def test_busca_do_catalogo_por_nome_referencia_e_variacao(logado, muitas_linhas):
    from erp.produtos.models import Produto, Variacao

    produto = db.session.query(Produto).filter_by(referencia="SKU-7").one()
    produto.nome = "Caneca Térmica Azul"
    db.session.add(Variacao(produto_id=db.session.query(Produto.id).filter_by(referencia="SKU-8").scalar(),
                            referencia="XPTO-G", tipo_1="Tamanho", valor_1="G"))
    db.session.commit()

    def achados(texto: str) -> list[str]:
        html = logado.get(f"/produtos/?q={texto}").get_data(as_text=True)
        return re.findall(r'href="/produtos/\d+">([^<]+)</a>', html)

    assert achados("térmica azul") == ["SKU-7"]
    assert achados("sku-1") == ["SKU-1", *(f"SKU-{n}" for n in range(10, 20))]
    assert achados("xpto") == ["SKU-8"]

