"""Estoque: um número por produto ou variação; toda mudança vira um MovimentoEstoque.

Só o estoque definido no ERP vai às lojas (`estoque_definido_no_erp`): `definir_estoque` (inventário, planilha,
`produtos estoque`, tela) o marca como definido; `movimentar` (venda, cancelamento) não. Um item criado pela
importação de um pedido nasce sem estoque definido: as vendas mexem no número do ERP, mas nada é escrito na
loja até alguém definir o estoque aqui.

`definir_estoque` e `movimentar` só acrescentam à transação de quem chama (que faz o commit).
Na mesma transação gravam uma linha em `estoque_pendente` para cada loja onde o item está
integrado e pedem à fila, para depois do commit, o trabalho que envia o estoque novo à loja
(`fila.apos_commit("produtos.sincronizar_estoque")`). Muitos movimentos
do mesmo item antes do envio viram um envio só (a linha é uma por item e loja), e a linha só é
apagada depois que a Tray aceitou o valor: nada se perde se a fila ou a Tray falharem.
"""
from datetime import timedelta

from flask import current_app, has_app_context
from sqlalchemy import func, select, update

from erp.comum.modelos import agora
from erp.extensions import db
from erp.produtos.models import EstoquePendente, MovimentoEstoque, Produto, ProdutoLoja, Variacao, VariacaoLoja
from erp.tarefas import fila

# Na sessão: (transação, menor atraso já pedido nela), para pedir o envio uma vez por transação.
CHAVE_SESSAO = "produtos.estoque_agendado"


def _atraso_s() -> float:
    if has_app_context():
        return float(current_app.config.get("ESTOQUE_ATRASO_S", 5))
    return 5.0


def estoque_definido_no_erp(produto: Produto, variacao: Variacao | None = None) -> bool:
    """O estoque deste item foi definido no ERP (e por isso pode ir às lojas)?"""
    alvo = variacao if variacao is not None else produto
    return bool(alvo is not None and alvo.estoque_definido)


def definir_estoque(produto: Produto, variacao: Variacao | None, novo: int, motivo: str,
                    referencia: str | None = None) -> MovimentoEstoque:
    """Ajusta o estoque para `novo` (valor absoluto) e o marca como definido no ERP."""
    db.session.flush()
    modelo, alvo = (Variacao, variacao) if variacao is not None else (Produto, produto)
    anterior = db.session.execute(
        select(modelo.estoque).where(modelo.id == alvo.id).with_for_update()
    ).scalar_one()
    db.session.execute(update(modelo).where(modelo.id == alvo.id).values(estoque=int(novo), estoque_definido=True))
    db.session.expire(alvo, ["estoque_definido"])
    return _registrar(produto, variacao, anterior, int(novo), motivo, referencia)


def movimentar(produto: Produto, variacao: Variacao | None, delta: int, motivo: str,
               referencia: str | None = None) -> MovimentoEstoque:
    """Soma `delta` ao estoque (negativo numa venda), de forma atômica no banco."""
    db.session.flush()
    modelo, alvo = (Variacao, variacao) if variacao is not None else (Produto, produto)
    novo = db.session.execute(
        update(modelo).where(modelo.id == alvo.id)
        .values(estoque=modelo.estoque + int(delta)).returning(modelo.estoque)
    ).scalar_one()
    return _registrar(produto, variacao, novo - int(delta), novo, motivo, referencia)


def _registrar(produto, variacao, anterior: int, novo: int, motivo: str, referencia) -> MovimentoEstoque:
    movimento = MovimentoEstoque(
        produto_id=produto.id,
        variacao_id=variacao.id if variacao is not None else None,
        anterior=anterior,
        novo=novo,
        motivo=(motivo or "ajuste")[:30],
        referencia=(referencia or None) and str(referencia)[:120],
    )
    db.session.add(movimento)
    if variacao is not None:
        db.session.expire(variacao, ["estoque"])
        recalcular_total(produto)
    else:
        db.session.expire(produto, ["estoque"])
    marcar_pendente(produto, variacao)
    return movimento


def registrar_passagem_para_variacoes(produto: Produto, anterior: int, variacao: Variacao) -> MovimentoEstoque | None:
    """A primeira variação de um produto: o estoque dele vira a soma das variações. Se o número muda (ex.: 10
    unidades no produto e a variação nova com 0), fica um movimento do produto dizendo de onde para onde."""
    if not anterior:  # o produto não tinha estoque próprio: o movimento da variação já explica o total
        return None
    db.session.flush()
    novo = db.session.scalar(select(Produto.estoque).where(Produto.id == produto.id))
    if novo == anterior:
        return None
    movimento = MovimentoEstoque(produto_id=produto.id, variacao_id=None, anterior=int(anterior), novo=int(novo),
                                 motivo="variacoes",
                                 referencia=f"Estoque passou para as variações ({variacao.referencia})"[:120])
    db.session.add(movimento)
    return movimento


def recalcular_total(produto: Produto) -> None:
    """Produto com variações tem como estoque a soma das variações."""
    soma = select(func.coalesce(func.sum(Variacao.estoque), 0)).where(
        Variacao.produto_id == produto.id
    ).scalar_subquery()
    tem = db.session.query(Variacao.id).filter(Variacao.produto_id == produto.id).first()
    if tem is not None:
        db.session.execute(update(Produto).where(Produto.id == produto.id).values(estoque=soma))
        db.session.expire(produto, ["estoque"])


def _lojas_do_item(produto: Produto, variacao: Variacao | None) -> list[int]:
    if variacao is not None:
        linhas = db.session.query(VariacaoLoja.loja_id).filter(VariacaoLoja.variacao_id == variacao.id)
    else:
        linhas = db.session.query(ProdutoLoja.loja_id).filter(ProdutoLoja.produto_id == produto.id)
    return [loja_id for (loja_id,) in linhas]


def _insert():
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def marcar_pendente(produto: Produto, variacao: Variacao | None, lojas: list[int] | None = None,
                    atraso_s: float | None = None) -> int:
    """Grava (ou renova) o estoque pendente do item para cada loja integrada; devolve quantas. Nada se o
    estoque do item não foi definido no ERP."""
    if not estoque_definido_no_erp(produto, variacao):
        return 0
    lojas = _lojas_do_item(produto, variacao) if lojas is None else lojas
    if not lojas:
        return 0
    atraso = _atraso_s() if atraso_s is None else atraso_s
    chave = f"{produto.id}:{variacao.id}" if variacao is not None else str(produto.id)
    insert = _insert()
    for loja_id in lojas:
        comando = insert(EstoquePendente).values(
            loja_id=loja_id, chave=chave, produto_id=produto.id,
            variacao_id=variacao.id if variacao is not None else None, versao=1, tentativas=0,
            proxima_tentativa_em=agora() + timedelta(seconds=atraso), criado_em=agora(),
        )
        comando = comando.on_conflict_do_update(
            index_elements=["loja_id", "chave"],
            set_={"versao": EstoquePendente.versao + 1},
        )
        db.session.execute(comando)
    _pedir_envio(atraso)
    return len(lojas)


def _pedir_envio(atraso_s: float) -> None:
    """Pede o envio à fila, depois do commit; muitos movimentos numa transação viram um pedido só (o de
    menor atraso). Se o pedido se perder, as linhas pendentes ficaram gravadas e a varredura periódica as envia."""
    transacao = db.session().get_transaction()
    agendado = db.session.info.get(CHAVE_SESSAO)
    if agendado is not None and agendado[0] is transacao and agendado[1] <= atraso_s:
        return
    db.session.info[CHAVE_SESSAO] = (transacao, atraso_s)
    fila.apos_commit("produtos.sincronizar_estoque", atraso_s=atraso_s)
