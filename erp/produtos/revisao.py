"""Produtos que a importação de pedidos cadastrou: completar com o que a loja tem e revisar.

Um item de pedido da Tray traz pouco do produto (o nome pode vir com a cor da variação, e o produto pai de uma
variação nem vem com a sua referência). Depois do commit da venda, `completar_da_tray` lê cada produto novo na
loja (GET /products/{id}, uma vez por produto) e toma de lá o nome, a referência (SKU) e a descrição — só o que
o ERP ainda não tem de alguém da equipe. A tela Produtos → Revisar lista esses produtos até alguém conferir
(`marcar_revisados`); ali também se escolhe, de propósito, `usar_estoque_da_tray` como estoque inicial.
"""
import logging
import re

from sqlalchemy import or_, select

from erp.comum.modelos import agora
from erp.comum.texto import texto_limpo
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import api
from erp.lojas_virtuais.tray import valores as tv
from erp.lojas_virtuais.tray.erros import ErroTray
from erp.produtos.estoque import definir_estoque
from erp.produtos.models import Produto, ProdutoLoja, Variacao, VariacaoLoja
from erp.produtos.validacao import html_seguro

log = logging.getLogger(__name__)
MOTIVO_ESTOQUE_TRAY = "estoque_da_tray"


class RevisaoImpossivel(Exception):
    """A ação nem pôde começar (produto sem ligação com a loja, loja fora do ar...): mensagem para a tela."""


def nome_sem_variacao(nome: str, valores: list[str]) -> str:
    """"Pano de Prato - Azul" → "Pano de Prato": tira do nome do item os valores da variação (cor, tamanho),
    para o produto pai não ficar com o nome de uma das suas variações."""
    limpo = nome
    for valor in valores:
        if valor:
            limpo = re.sub(rf"(?i)[\s\-/,:]*\b(cor|tamanho|tam\.?)?\s*:?\s*{re.escape(valor)}\b", "", limpo)
    limpo = re.sub(r"[\s\-/,:]+$", "", limpo).strip()
    return limpo or nome


def pendentes():
    """Consulta dos produtos criados pela importação que ninguém revisou ainda, pelo nome."""
    return (db.session.query(Produto)
            .filter(Produto.criado_na_importacao.is_(True), Produto.revisado_em.is_(None))
            .order_by(Produto.nome_ordem, Produto.id))


def contar_pendentes() -> int:
    return pendentes().order_by(None).count()


def _referencia_livre(referencia: str, produto_id: int) -> bool:
    em_produto = db.session.scalar(select(Produto.id).where(Produto.referencia == referencia,
                                                            Produto.id != produto_id))
    em_variacao = db.session.scalar(select(Variacao.id).where(Variacao.referencia == referencia))
    return em_produto is None and em_variacao is None


def _referencia_inventada(produto: Produto, loja_id: int) -> bool:
    return produto.referencia.startswith(f"TRAY{loja_id}-")


def _aplicar(produto: Produto, loja_id: int, dados: dict) -> list[str]:
    """Copia da loja o que o ERP não tem de alguém: devolve os campos mudados."""
    mudou = []
    nome = texto_limpo(tv.texto(dados.get("name")), 200)
    if nome and nome != produto.nome and produto.revisado_em is None:
        produto.nome = nome
        mudou.append("nome")
    referencia = texto_limpo(tv.texto(dados.get("reference")), 120)
    if (referencia and _referencia_inventada(produto, loja_id) and referencia != produto.referencia
            and _referencia_livre(referencia, produto.id)):
        produto.referencia = referencia
        mudou.append("referencia")
    for campo, chave, limite in (("descricao", "description", 20000), ("descricao_curta", "description_small", 500),
                                 ("marca", "brand", 120), ("modelo", "model", 150)):
        if campo == "descricao":  # HTML da loja: guardado como o editor guarda, só com marcação simples
            valor = html_seguro(tv.texto(dados.get(chave)))[:limite]
        else:
            valor = texto_limpo(tv.texto(dados.get(chave)), limite)
        if valor and not getattr(produto, campo):
            setattr(produto, campo, valor)
            mudou.append(campo)
    return mudou


def completar_da_tray(loja_id: int, produto_ids: list[int]) -> dict:
    """Lê na loja cada produto criado pela importação e ainda não completado; uma leitura por produto."""
    loja = db.session.get(LojaVirtual, loja_id)
    resumo = {"completados": 0, "sem_mudanca": 0, "falhas": 0}
    if loja is None:
        return resumo
    for produto_id in produto_ids:
        produto = db.session.get(Produto, produto_id)
        if produto is None or not produto.criado_na_importacao or produto.completado_da_tray_em is not None:
            continue
        vinculo = db.session.scalar(select(ProdutoLoja).where(ProdutoLoja.loja_id == loja_id,
                                                              ProdutoLoja.produto_id == produto_id))
        if vinculo is None:
            continue
        try:
            dados = api.produto(loja, vinculo.tray_id) or {}
        except ErroTray as erro:
            log.warning("Produto %s: a leitura na loja %s falhou (%s); fica para a revisão", produto_id, loja_id, erro)
            resumo["falhas"] += 1
            continue
        mudou = _aplicar(produto, loja_id, dados)
        produto.completado_da_tray_em = agora()
        db.session.commit()
        resumo["completados" if mudou else "sem_mudanca"] += 1
    return resumo


def marcar_revisados(produto_ids: list[int]) -> int:
    agora_ = agora()
    produtos = db.session.scalars(select(Produto).where(Produto.id.in_(produto_ids),
                                                        Produto.criado_na_importacao.is_(True),
                                                        Produto.revisado_em.is_(None))).all()
    for produto in produtos:
        produto.revisado_em = agora_
    db.session.commit()
    return len(produtos)


def _loja_do_produto(produto: Produto) -> tuple[LojaVirtual, ProdutoLoja]:
    vinculo = db.session.scalar(select(ProdutoLoja).join(LojaVirtual, LojaVirtual.id == ProdutoLoja.loja_id)
                                .where(ProdutoLoja.produto_id == produto.id).order_by(ProdutoLoja.id))
    if vinculo is None:
        raise RevisaoImpossivel(f"O produto {produto.referencia} não está ligado a nenhuma loja Tray.")
    return db.session.get(LojaVirtual, vinculo.loja_id), vinculo


def usar_estoque_da_tray(produto_id: int) -> list[str]:
    """Define o estoque do ERP com o que a loja mostra agora (produto ou cada variação ligada): a escolha
    explícita de "usar o estoque da Tray como inicial". Devolve uma linha por item definido."""
    produto = db.session.get(Produto, produto_id)
    if produto is None:
        raise RevisaoImpossivel(f"Produto {produto_id} não encontrado.")
    loja, vinculo = _loja_do_produto(produto)
    definidos = []
    try:
        if produto.variacoes:
            ligadas = dict(db.session.execute(
                select(VariacaoLoja.variacao_id, VariacaoLoja.tray_id).where(
                    VariacaoLoja.loja_id == loja.id,
                    VariacaoLoja.variacao_id.in_([v.id for v in produto.variacoes]))).all())
            # Uma listagem (GET /products/variants?product_id=) traz o estoque de todas as variações.
            na_loja = {tv.texto(v.get("id")): v for v in api.todas_as_variacoes(loja, {"product_id": vinculo.tray_id})}
            for variacao in produto.variacoes:
                tray_id = ligadas.get(variacao.id)
                if tray_id is None or tray_id not in na_loja:
                    continue
                quantidade = tv.inteiro(na_loja[tray_id].get("stock"), 0)
                definir_estoque(produto, variacao, quantidade, MOTIVO_ESTOQUE_TRAY, f"Loja {loja.nome}")
                definidos.append(f"{variacao.referencia}: {quantidade}")
        else:
            quantidade = tv.inteiro((api.produto(loja, vinculo.tray_id) or {}).get("stock"), 0)
            definir_estoque(produto, None, quantidade, MOTIVO_ESTOQUE_TRAY, f"Loja {loja.nome}")
            definidos.append(f"{produto.referencia}: {quantidade}")
    except ErroTray as erro:
        db.session.rollback()
        raise RevisaoImpossivel(f"A loja {loja.nome} não respondeu: {erro}. Nada foi alterado.") from erro
    if not definidos:
        raise RevisaoImpossivel(f"Nenhuma variação de {produto.nome} está ligada à loja {loja.nome}.")
    db.session.commit()
    return definidos


def buscar(consulta, termo: str):
    termo = (termo or "").strip()
    if not termo:
        return consulta
    return consulta.filter(or_(Produto.nome.ilike(f"%{termo}%"), Produto.referencia.ilike(f"%{termo}%")))
