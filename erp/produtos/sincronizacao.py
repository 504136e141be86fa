"""Envio do estoque pendente às lojas (`api.definir_estoque_do_produto` / `_da_variacao`, valor absoluto).

Cada linha de `estoque_pendente` é reservada antes do envio por um UPDATE que compara e troca (só vale se a
linha ainda está vencida: `proxima_tentativa_em <= agora`), empurrando a próxima tentativa para depois da
reserva. Dois trabalhadores ao mesmo tempo nunca enviam a mesma linha: o segundo UPDATE não acha nada (no
PostgreSQL ele espera a trava da linha e reavalia a condição). Depois do envio a linha é apagada só se não
mudou (`versao`); se mudou (uma venda chegou durante o envio), fica para a próxima janela (ESTOQUE_ATRASO_S):
um envio por item e janela, por mais vendas que cheguem, e o valor mais novo sempre vai depois.
Tray fora do ar ou limite de requisições: a linha fica, com nova tentativa mais tarde (espera crescente); a
varredura periódica e o próximo trabalho pegam o que sobrou. Linhas apagadas por outro processo no meio do
caminho (item excluído, outro trabalhador) são simplesmente puladas: o trabalhador lê valores, não objetos.
Só vai o estoque definido no ERP (`estoque_definido_no_erp`); o de um item criado pela importação, não.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update

from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual, SituacaoLoja
from erp.lojas_virtuais.tray import api, erros
from erp.lojas_virtuais.tray.client import cliente_da_loja
from erp.produtos.estoque import estoque_definido_no_erp
from erp.produtos.models import EstoquePendente, Produto, ProdutoLoja, Variacao, VariacaoLoja

log = logging.getLogger(__name__)
ESPERA_MAXIMA_S = 3600
# Por quanto tempo uma linha reservada fica fora do alcance de outro trabalhador (mais que o pior envio, com
# as novas tentativas do cliente); se o trabalhador morrer, a linha volta sozinha depois disso.
RESERVA_S = 300


@dataclass(frozen=True)
class LinhaPendente:
    id: int
    loja_id: int
    chave: str
    produto_id: int
    variacao_id: int | None
    tentativas: int


def espera(tentativas: int) -> float:
    base = float(current_app.config.get("ESTOQUE_REPETIR_S", 15))
    return min(ESPERA_MAXIMA_S, base * (2 ** max(0, tentativas - 1)))


def _janela_s() -> float:
    return float(current_app.config.get("ESTOQUE_ATRASO_S", 5))


def _adiar(linha: LinhaPendente, motivo: str, segundos: float | None = None) -> None:
    """Nova tentativa mais tarde (sem commit); nada se a linha já não existe."""
    tentativas = linha.tentativas + 1
    t = EstoquePendente.__table__
    db.session.execute(update(t).where(t.c.id == linha.id).values(
        tentativas=tentativas, ultimo_erro=motivo[:2000],
        proxima_tentativa_em=agora() + timedelta(seconds=segundos or espera(tentativas))))


def _enviar(cli, linha: LinhaPendente) -> bool:
    """Envia o estoque atual do item; False se não há nada a enviar (item fora da loja, excluído ou com o
    estoque não definido no ERP)."""
    if linha.variacao_id is not None:
        vinculo = db.session.scalar(select(VariacaoLoja.tray_id).filter_by(
            loja_id=linha.loja_id, variacao_id=linha.variacao_id))
        variacao = db.session.get(Variacao, linha.variacao_id)
        if vinculo is None or variacao is None or not estoque_definido_no_erp(variacao.produto, variacao):
            return False
        api.definir_estoque_da_variacao(cli, vinculo, variacao.estoque)
        return True
    vinculo = db.session.scalar(select(ProdutoLoja.tray_id).filter_by(
        loja_id=linha.loja_id, produto_id=linha.produto_id))
    produto = db.session.get(Produto, linha.produto_id)
    if vinculo is None or produto is None or not estoque_definido_no_erp(produto):
        return False
    api.definir_estoque_do_produto(cli, vinculo, produto.estoque)
    return True


def _reservar(linha_id: int) -> int | None:
    """Compara e troca: reserva a linha se ela ainda está vencida; devolve a versão lida na reserva, ou None
    se outro trabalhador a pegou (ou ela sumiu). Faz commit."""
    t = EstoquePendente.__table__
    momento = agora()
    versao = db.session.execute(
        update(t).where(t.c.id == linha_id, t.c.proxima_tentativa_em <= momento)
        .values(proxima_tentativa_em=momento + timedelta(seconds=RESERVA_S))
        .returning(t.c.versao)).scalar()
    db.session.commit()
    return versao


def _concluir(linha_id: int, versao: int) -> bool:
    """Apaga a linha só se nenhum movimento novo chegou durante o envio; senão ela fica para a próxima janela
    (um envio por janela). Sem commit. Devolve True se apagou."""
    apagada = db.session.execute(
        delete(EstoquePendente).where(EstoquePendente.id == linha_id, EstoquePendente.versao == versao))
    if apagada.rowcount:
        return True
    t = EstoquePendente.__table__
    db.session.execute(update(t).where(t.c.id == linha_id).values(
        tentativas=0, ultimo_erro=None, proxima_tentativa_em=agora() + timedelta(seconds=_janela_s())))
    return False


def _vencidas(limite: int) -> list[LinhaPendente]:
    t = EstoquePendente.__table__
    linhas = db.session.execute(
        select(t.c.id, t.c.loja_id, t.c.chave, t.c.produto_id, t.c.variacao_id, t.c.tentativas)
        .where(t.c.proxima_tentativa_em <= agora())
        .order_by(t.c.proxima_tentativa_em, t.c.id).limit(limite)).all()
    db.session.commit()  # não segurar a leitura enquanto fala com a Tray
    return [LinhaPendente(*linha) for linha in linhas]


def sincronizar_pendentes(limite: int = 500) -> dict:
    """Envia as linhas vencidas. Devolve {"enviados", "adiados", "restantes", "proxima_em_s"}."""
    resumo = {"enviados": 0, "adiados": 0}
    por_loja: dict[int, list[LinhaPendente]] = {}
    for linha in _vencidas(limite):
        por_loja.setdefault(linha.loja_id, []).append(linha)
    for loja_id, itens in por_loja.items():
        loja = db.session.get(LojaVirtual, loja_id)
        if loja is None:
            continue  # a loja saiu do cadastro (as linhas dela vão junto)
        if loja.situacao in (SituacaoLoja.PAUSADA, SituacaoLoja.PRECISA_RECONECTAR):
            for linha in itens:
                _adiar(linha, f"Loja {loja.nome}: {'pausada' if loja.pausada else 'precisa reconectar'}", 300)
            resumo["adiados"] += len(itens)
            db.session.commit()
            continue
        cli = cliente_da_loja(loja)
        nome = loja.nome
        for posicao, linha in enumerate(itens):
            versao = _reservar(linha.id)
            if versao is None:
                continue  # outro trabalhador está com ela, ou ela já não existe
            try:
                _enviar(cli, linha)
            except (erros.LimiteExcedido, erros.Indisponivel, erros.ErroAutenticacao) as erro:
                # Problema da loja, não do item: adia este e os demais da loja.
                db.session.rollback()
                _adiar(linha, str(erro))
                for resto in itens[posicao + 1:]:
                    _adiar(resto, str(erro))
                resumo["adiados"] += len(itens) - posicao
                db.session.commit()
                log.warning("Estoque para a loja %s adiado: %s", nome, erro)
                break
            except erros.ErroTray as erro:
                db.session.rollback()
                _adiar(linha, str(erro))
                resumo["adiados"] += 1
                db.session.commit()
                log.warning("Estoque de %s na loja %s recusado: %s", linha.chave, nome, erro)
                continue
            _concluir(linha.id, versao)
            db.session.commit()
            resumo["enviados"] += 1
    t = EstoquePendente.__table__
    proxima = db.session.scalar(select(func.min(t.c.proxima_tentativa_em)))
    resumo["restantes"] = db.session.scalar(select(func.count()).select_from(t))
    resumo["proxima_em_s"] = None if proxima is None else max(0.0, (proxima - agora()).total_seconds())
    db.session.commit()
    return resumo


def pendentes_da_loja(loja_id: int) -> int:
    return db.session.query(EstoquePendente).filter(EstoquePendente.loja_id == loja_id).count()
