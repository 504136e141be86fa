"""Estoque mudado na Tray: as diferenças entre o estoque do ERP e o da loja, e o que o usuário decide com elas.

Duas fontes: as notificações `product`, `product_stock`, `variant` e `variant_stock` da Tray (tray-api.md §8; a
tarefa relê o item na API, como com os pedidos) e a comparação periódica de todos os itens integrados
(`GET /products` e `GET /products/variants`, 50 por página). Cada item diferente vira (ou atualiza) uma linha
`DiferencaEstoque`, uma por item e loja; um item com envio de estoque do ERP ainda pendente para a loja não
conta (a diferença é o envio a caminho).

Nada vai à loja sem o usuário pedir. Quem manda é escolhido por loja (`LojaVirtual.estoque_mestre`): o ERP
(padrão) — a tela propõe enviar o estoque do ERP à loja — ou a Tray — a tela propõe adotar o estoque da Tray, que
entra no ERP como movimento de inventário (e segue para as outras lojas, como qualquer estoque definido no ERP).
"""
import logging
from dataclasses import dataclass

from sqlalchemy import delete, select

from erp.comum.banco import inserir_ou_atualizar
from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import api, erros
from erp.lojas_virtuais.tray import valores as tv
from erp.produtos.estoque import definir_estoque, estoque_definido_no_erp, marcar_pendente
from erp.produtos.models import DiferencaEstoque, EstoquePendente, ProdutoLoja, VariacaoLoja

log = logging.getLogger("erp.produtos.estoque_tray")
MESTRES = {"erp": "ERP (propor enviar o estoque do ERP à loja)",
           "tray": "Tray (propor adotar o estoque da Tray no ERP)"}
ESCOPOS_PRODUTO = {"product", "product_stock"}
ESCOPOS_VARIACAO = {"variant", "variant_stock"}
ESCOPOS = ESCOPOS_PRODUTO | ESCOPOS_VARIACAO
ABERTA, RESOLVIDA = "aberta", "resolvida"


class DecisaoInvalida(ValueError):
    """O que o usuário pediu não pode ser feito; a mensagem é para a tela."""


@dataclass
class ResumoComparacao:
    loja: int
    conferidos: int = 0
    diferentes: int = 0
    iguais: int = 0
    sem_vinculo: int = 0

    def como_dict(self) -> dict:
        return dict(self.__dict__)


def _chave(produto_id: int, variacao_id: int | None) -> str:
    return f"{produto_id}:{variacao_id}" if variacao_id is not None else str(produto_id)


def _estoque(valor) -> int | None:
    texto = tv.texto(valor)
    try:
        return int(float(texto)) if texto != "" else None
    except ValueError:
        return None


def conferir_item(loja_id: int, produto, variacao, tray_id: str, estoque_tray, origem: str) -> bool | None:
    """Compara o item com o número da Tray e grava a diferença (sem commit). True: diferente; False: igual;
    None: não conferido (sem número da Tray, ou envio do ERP pendente para a loja)."""
    na_tray = _estoque(estoque_tray)
    if na_tray is None:
        return None
    chave = _chave(produto.id, variacao.id if variacao is not None else None)
    pendente = db.session.scalar(select(EstoquePendente.id).where(EstoquePendente.loja_id == loja_id,
                                                                  EstoquePendente.chave == chave))
    if pendente is not None:
        return None
    no_erp = (variacao if variacao is not None else produto).estoque
    if no_erp == na_tray:
        linha = db.session.scalar(select(DiferencaEstoque).where(
            DiferencaEstoque.loja_id == loja_id, DiferencaEstoque.chave == chave, DiferencaEstoque.situacao == ABERTA))
        if linha is not None:
            linha.situacao, linha.resolvida_em = RESOLVIDA, agora()
            linha.resolucao = "Os números voltaram a bater."
        return False
    valores = {"loja_id": loja_id, "chave": chave, "produto_id": produto.id,
               "variacao_id": variacao.id if variacao is not None else None, "tray_id": str(tray_id),
               "estoque_erp": no_erp, "estoque_tray": na_tray, "origem": origem, "situacao": ABERTA,
               "resolucao": None, "detectada_em": agora(), "resolvida_em": None}
    inserir_ou_atualizar(DiferencaEstoque, valores, ["loja_id", "chave"],
                         [c for c in valores if c not in ("loja_id", "chave")])
    return True


# -- notificações ------------------------------------------------------------------------------------
def conferir_notificacao(loja_id: int, escopo: str, registro_id: str) -> int:
    """Relê na Tray o produto ou a variação da notificação e confere com o ERP (com commit). Devolve quantos
    itens ficaram diferentes. Item que o ERP não integra: nada a conferir."""
    loja = db.session.get(LojaVirtual, loja_id)
    if loja is None or loja.pausada:
        return 0
    diferentes = 0
    if escopo in ESCOPOS_VARIACAO:
        vinculo = db.session.scalar(select(VariacaoLoja).where(VariacaoLoja.loja_id == loja_id,
                                                                VariacaoLoja.tray_id == str(registro_id)))
        if vinculo is not None:
            variacao = api.variacao(loja, registro_id) or {}
            diferentes += bool(conferir_item(loja_id, vinculo.variacao.produto, vinculo.variacao, registro_id,
                                             variacao.get("stock"), "notificacao"))
    elif escopo in ESCOPOS_PRODUTO:
        vinculo = db.session.scalar(select(ProdutoLoja).where(ProdutoLoja.loja_id == loja_id,
                                                               ProdutoLoja.tray_id == str(registro_id)))
        if vinculo is not None:
            produto = vinculo.produto
            if produto.variacoes:  # o estoque do produto é a soma das variações: confere cada uma
                diferentes += _conferir_variacoes(loja, {"product_id": registro_id}, "notificacao").diferentes
            else:
                dados = api.produto(loja, registro_id) or {}
                diferentes += bool(conferir_item(loja_id, produto, None, registro_id, dados.get("stock"),
                                                 "notificacao"))
    db.session.commit()
    return diferentes


# -- comparação periódica ----------------------------------------------------------------------------
def _conferir_variacoes(loja, filtros: dict, origem: str, resumo: ResumoComparacao | None = None):
    resumo = resumo or ResumoComparacao(loja.id)
    vinculos = {v.tray_id: v for v in db.session.scalars(select(VariacaoLoja).where(VariacaoLoja.loja_id == loja.id))}
    for dados in api.todas_as_variacoes(loja, filtros):
        vinculo = vinculos.get(tv.texto(dados.get("id")))
        if vinculo is None:
            resumo.sem_vinculo += 1
            continue
        _contar(resumo, conferir_item(loja.id, vinculo.variacao.produto, vinculo.variacao, vinculo.tray_id,
                                      dados.get("stock"), origem))
    return resumo


def _contar(resumo: ResumoComparacao, resultado: bool | None) -> None:
    if resultado is None:
        return
    resumo.conferidos += 1
    if resultado:
        resumo.diferentes += 1
    else:
        resumo.iguais += 1


def comparar_loja(loja_id: int) -> ResumoComparacao:
    """Compara o estoque de todos os itens integrados da loja com o da Tray (com commit)."""
    loja = db.session.get(LojaVirtual, loja_id)
    resumo = ResumoComparacao(loja_id)
    if loja is None or loja.pausada:
        return resumo
    vinculos = {p.tray_id: p for p in db.session.scalars(select(ProdutoLoja).where(ProdutoLoja.loja_id == loja_id))}
    for dados in api.todos_os_produtos(loja):
        vinculo = vinculos.get(tv.texto(dados.get("id")))
        if vinculo is None:
            resumo.sem_vinculo += 1
        elif not vinculo.produto.variacoes:  # com variações: conferidas uma a uma abaixo
            _contar(resumo, conferir_item(loja_id, vinculo.produto, None, vinculo.tray_id, dados.get("stock"),
                                          "comparacao"))
    _conferir_variacoes(loja, {}, "comparacao", resumo)
    db.session.commit()
    log.info("Estoque na Tray, loja %s: %s", loja_id, resumo.como_dict())
    return resumo


def comparar_todas() -> list[ResumoComparacao]:
    """A comparação periódica: cada loja conectada (uma loja com erro não impede as outras)."""
    resumos = []
    for loja_id in db.session.scalars(select(LojaVirtual.id).where(LojaVirtual.situacao == "conectada")).all():
        try:
            resumos.append(comparar_loja(loja_id))
        except erros.ErroTray as erro:
            db.session.rollback()
            log.warning("Estoque na Tray, loja %s: comparação interrompida (%s)", loja_id, erro)
    return resumos


# -- decisões do usuário -----------------------------------------------------------------------------
def definir_mestre(loja: LojaVirtual, mestre: str) -> None:
    if mestre not in MESTRES:
        raise DecisaoInvalida("Escolha quem manda no estoque: ERP ou Tray.")
    loja.estoque_mestre = mestre
    db.session.commit()


def acao_proposta(diferenca: DiferencaEstoque) -> str:
    """"enviar_erp" ou "adotar_tray", conforme quem manda no estoque da loja."""
    return "adotar_tray" if diferenca.loja.estoque_mestre == "tray" else "enviar_erp"


def resolver(diferenca_id: int, acao: str) -> DiferencaEstoque:
    """Aplica a decisão do usuário (com commit): enviar_erp, adotar_tray ou ignorar."""
    diferenca = db.session.get(DiferencaEstoque, diferenca_id)
    if diferenca is None or diferenca.situacao != ABERTA:
        raise DecisaoInvalida("Esta diferença de estoque já foi resolvida.")
    produto, variacao = diferenca.produto, diferenca.variacao
    if acao == "enviar_erp":
        if not estoque_definido_no_erp(produto, variacao):
            raise DecisaoInvalida(f"O estoque de {produto.referencia} não foi definido no ERP (item criado por um "
                                  "pedido): defina-o em Produtos, ou adote o estoque da Tray.")
        marcar_pendente(produto, variacao, lojas=[diferenca.loja_id], atraso_s=0)
        texto = f"Estoque do ERP ({(variacao or produto).estoque}) enviado à loja."
    elif acao == "adotar_tray":
        definir_estoque(produto, variacao, diferenca.estoque_tray, "inventario_tray",
                        f"Tray: {diferenca.loja.nome}")
        # A loja já tem este número: nada a escrever nela (as outras lojas recebem o estoque novo do ERP).
        db.session.execute(delete(EstoquePendente).where(EstoquePendente.loja_id == diferenca.loja_id,
                                                         EstoquePendente.chave == diferenca.chave))
        texto = f"Estoque da Tray ({diferenca.estoque_tray}) adotado no ERP (inventário)."
    elif acao == "ignorar":
        texto = "Ignorada: nada mudou no ERP nem na loja."
    else:
        raise DecisaoInvalida("Ação desconhecida.")
    diferenca.situacao, diferenca.resolvida_em, diferenca.resolucao = RESOLVIDA, agora(), texto
    db.session.commit()
    return diferenca


def consulta_diferencas(loja_id: int | None = None, situacao: str = ABERTA):
    consulta = select(DiferencaEstoque).where(DiferencaEstoque.situacao == situacao)
    if loja_id:
        consulta = consulta.where(DiferencaEstoque.loja_id == loja_id)
    return consulta.order_by(DiferencaEstoque.detectada_em.desc(), DiferencaEstoque.id.desc())


def diferenca_como_dict(d: DiferencaEstoque) -> dict:
    return {"id": d.id, "loja": d.loja_id, "referencia": (d.variacao or d.produto).referencia,
            "produto": d.produto_id, "variacao": d.variacao_id, "tray_id": d.tray_id, "estoque_erp": d.estoque_erp,
            "estoque_tray": d.estoque_tray, "origem": d.origem, "situacao": d.situacao,
            "acao_proposta": acao_proposta(d) if d.situacao == ABERTA else None, "resolucao": d.resolucao,
            "detectada_em": d.detectada_em.isoformat()}
