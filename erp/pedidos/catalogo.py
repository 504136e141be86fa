"""Produtos dos itens de um pedido da Tray: acha pelo vínculo com a loja, pela referência ou pelo EAN;
se não achar, cadastra (sem NCM fica com a pendência "NCM" e a venda não fatura até completar).

O produto (ou a variação) cadastrado aqui nasce com o estoque NÃO definido no ERP (`estoque_definido=False`): o
número do ERP começa em 0 só de mentira e as vendas o movimentam, mas nada é escrito no estoque da loja até alguém
defini-lo no ERP (`erp.produtos.estoque.definir_estoque`)."""
import re

from erp.comum.banco import inserir_se_novo
from erp.comum.modelos import agora
from erp.extensions import db
from erp.pedidos.mapeamento import ItemTray
from erp.produtos.models import Produto, ProdutoLoja, Variacao, VariacaoLoja
from erp.produtos.revisao import nome_sem_variacao


def _ref(texto: str) -> str:
    return re.sub(r"\s+", "-", texto.strip())[:120]


def _por_referencia(ref: str) -> tuple[Produto | None, Variacao | None]:
    if not ref:
        return None, None
    produto = db.session.query(Produto).filter(Produto.referencia == ref).first()
    if produto is not None:
        return produto, None
    variacao = db.session.query(Variacao).filter(Variacao.referencia == ref).first()
    return (variacao.produto, variacao) if variacao is not None else (None, None)


def _por_ean(ean: str | None) -> tuple[Produto | None, Variacao | None]:
    if not ean:
        return None, None
    variacao = db.session.query(Variacao).filter(Variacao.ean == ean).first()
    if variacao is not None:
        return variacao.produto, variacao
    produto = db.session.query(Produto).filter(Produto.ean == ean).first()
    return produto, None


def _completar(produto: Produto, item: ItemTray) -> None:
    """Preenche o que faltava no cadastro com o que a Tray mandou; nunca sobrescreve."""
    mudou = False
    for campo, valor in (("ncm", item.ncm), ("peso_g", item.peso_g)):
        if valor and not getattr(produto, campo):
            setattr(produto, campo, valor)
            mudou = True
    if item.ean and not produto.ean and item.tray_variacao_id is None:
        produto.ean, mudou = item.ean, True
    if produto.ncm and "NCM" in (produto.pendencias or []):
        produto.pendencias = [p for p in produto.pendencias if p != "NCM"]
        mudou = True
    if mudou:
        produto.alterado_em = agora()


def _novo_produto(loja_id: int, item: ItemTray, referencia: str, ean: str | None) -> Produto:
    """Cadastro mínimo, marcado para a revisão; o nome do pai de uma variação fica sem a cor/tamanho dela.
    Depois do commit, `produtos.completar_importados` traz da loja o nome, a referência e a descrição."""
    nome = nome_sem_variacao(item.nome, [valor for _, valor in item.sku]) if item.tray_variacao_id else item.nome
    produto = Produto(
        referencia=referencia, nome=nome, ncm=item.ncm, ean=ean, unidade="UN",
        peso_g=item.peso_g, preco=item.preco_original or item.preco, estoque=0, estoque_definido=False,
        pendencias=[] if item.ncm else ["NCM"], criado_na_importacao=True,
    )
    db.session.add(produto)
    return produto


def _vincular(modelo, campo: str, loja_id: int, objeto, tray_id: str) -> None:
    """Liga `objeto` (produto ou variação) ao id da Tray na loja, se nem um nem outro já tem ligação: o id da
    Tray já ligado a outro fica como está; o objeto já ligado, pela restrição única (loja, objeto)."""
    sessao = db.session
    if objeto.id is None:
        sessao.flush()
    if sessao.query(modelo.id).filter(modelo.loja_id == loja_id, modelo.tray_id == tray_id).first() is None:
        inserir_se_novo(modelo, {"loja_id": loja_id, "tray_id": tray_id, campo: objeto.id}, ["loja_id", campo])


def _vincular_produto(loja_id: int, produto: Produto, tray_id: str) -> None:
    _vincular(ProdutoLoja, "produto_id", loja_id, produto, tray_id)


def _vincular_variacao(loja_id: int, variacao: Variacao, tray_id: str) -> None:
    _vincular(VariacaoLoja, "variacao_id", loja_id, variacao, tray_id)


def _produto_simples(loja_id: int, item: ItemTray) -> tuple[Produto, Variacao | None]:
    vinculo = db.session.query(ProdutoLoja).filter_by(loja_id=loja_id, tray_id=item.tray_produto_id).first()
    if vinculo is not None:
        return vinculo.produto, None
    produto, variacao = _por_referencia(_ref(item.referencia))
    if produto is None:
        produto, variacao = _por_ean(item.ean)
    if produto is None:
        referencia = _ref(item.referencia) or f"TRAY{loja_id}-{item.tray_produto_id}"
        produto = _novo_produto(loja_id, item, referencia, item.ean)
    if variacao is None:
        _vincular_produto(loja_id, produto, item.tray_produto_id)
    return produto, variacao


def _produto_pai(loja_id: int, item: ItemTray) -> Produto:
    vinculo = db.session.query(ProdutoLoja).filter_by(loja_id=loja_id, tray_id=item.tray_produto_id).first()
    if vinculo is not None:
        return vinculo.produto
    referencia = f"TRAY{loja_id}-{item.tray_produto_id}"
    produto, _ = _por_referencia(referencia)
    if produto is None:
        produto = _novo_produto(loja_id, item, referencia, None)
    _vincular_produto(loja_id, produto, item.tray_produto_id)
    return produto


def _variacao(loja_id: int, item: ItemTray) -> tuple[Produto, Variacao]:
    vinculo = db.session.query(VariacaoLoja).filter_by(loja_id=loja_id, tray_id=item.tray_variacao_id).first()
    if vinculo is not None:
        return vinculo.variacao.produto, vinculo.variacao
    produto, variacao = _por_referencia(_ref(item.referencia))
    if produto is None:
        produto, variacao = _por_ean(item.ean)
    if produto is not None and variacao is None:
        # A referência (ou o EAN) da variação é de um produto sem variações no ERP: vende-se o produto.
        _vincular_produto(loja_id, produto, item.tray_produto_id)
        return produto, None
    if variacao is None:
        pai = _produto_pai(loja_id, item)
        tipos = item.sku or [("Variação", item.tray_variacao_id)]
        referencia = _ref(item.referencia) or f"TRAY{loja_id}-{item.tray_produto_id}-{item.tray_variacao_id}"
        variacao = Variacao(
            produto=pai, referencia=referencia, ean=item.ean, preco=item.preco_original or item.preco,
            estoque=0, estoque_definido=False, tipo_1=tipos[0][0][:60], valor_1=tipos[0][1][:120],
            tipo_2=tipos[1][0][:60] if len(tipos) > 1 else None,
            valor_2=tipos[1][1][:120] if len(tipos) > 1 else None,
        )
        db.session.add(variacao)
    _vincular_variacao(loja_id, variacao, item.tray_variacao_id)
    return variacao.produto, variacao


def produto_do_item(loja_id: int, item: ItemTray) -> tuple[Produto, Variacao | None]:
    """(produto, variação ou None) do item; cria e vincula o que faltar, sem commit."""
    if item.tray_variacao_id:
        produto, variacao = _variacao(loja_id, item)
    else:
        produto, variacao = _produto_simples(loja_id, item)
    _completar(produto, item)
    return produto, variacao
