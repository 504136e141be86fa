"""Envio do estoque pendente às lojas (`api.definir_estoque_do_produto` / `_da_variacao`, valor absoluto).

Cada linha de `estoque_pendente` é enviada e apagada só se não mudou durante o envio (`versao`).
Tray fora do ar ou limite de requisições: a linha fica, com nova tentativa mais tarde (espera
crescente); a varredura periódica e o próximo trabalho pegam o que sobrou.
"""
import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete

from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual, SituacaoLoja
from erp.lojas_virtuais.tray import api, erros
from erp.lojas_virtuais.tray.client import cliente_da_loja
from erp.produtos.models import EstoquePendente, Produto, ProdutoLoja, Variacao, VariacaoLoja

log = logging.getLogger(__name__)
ESPERA_MAXIMA_S = 3600


def espera(tentativas: int) -> float:
    base = float(current_app.config.get("ESTOQUE_REPETIR_S", 15))
    return min(ESPERA_MAXIMA_S, base * (2 ** max(0, tentativas - 1)))


def _adiar(linha: EstoquePendente, motivo: str, segundos: float | None = None) -> None:
    linha.tentativas += 1
    linha.ultimo_erro = motivo[:2000]
    linha.proxima_tentativa_em = agora() + timedelta(seconds=segundos or espera(linha.tentativas))


def _enviar(cli, linha: EstoquePendente) -> bool:
    """Envia o estoque atual do item; False se o item não está mais integrado (nada a enviar)."""
    if linha.variacao_id is not None:
        vinculo = db.session.query(VariacaoLoja).filter_by(
            loja_id=linha.loja_id, variacao_id=linha.variacao_id).first()
        variacao = db.session.get(Variacao, linha.variacao_id)
        if vinculo is None or variacao is None:
            return False
        api.definir_estoque_da_variacao(cli, vinculo.tray_id, variacao.estoque)
        return True
    vinculo = db.session.query(ProdutoLoja).filter_by(loja_id=linha.loja_id, produto_id=linha.produto_id).first()
    produto = db.session.get(Produto, linha.produto_id)
    if vinculo is None or produto is None:
        return False
    api.definir_estoque_do_produto(cli, vinculo.tray_id, produto.estoque)
    return True


def _concluir(linha_id: int, versao: int) -> None:
    """Apaga a linha só se nenhum movimento novo chegou durante o envio."""
    db.session.execute(
        delete(EstoquePendente).where(EstoquePendente.id == linha_id, EstoquePendente.versao == versao)
    )


def sincronizar_pendentes(limite: int = 500) -> dict:
    """Envia as linhas vencidas. Devolve {"enviados", "adiados", "restantes", "proxima_em_s"}."""
    resumo = {"enviados": 0, "adiados": 0}
    linhas = (
        db.session.query(EstoquePendente)
        .filter(EstoquePendente.proxima_tentativa_em <= agora())
        .order_by(EstoquePendente.proxima_tentativa_em, EstoquePendente.id)
        .limit(limite)
        .all()
    )
    por_loja: dict[int, list[EstoquePendente]] = {}
    for linha in linhas:
        por_loja.setdefault(linha.loja_id, []).append(linha)
    for loja_id, itens in por_loja.items():
        loja = db.session.get(LojaVirtual, loja_id)
        if loja.situacao in (SituacaoLoja.PAUSADA, SituacaoLoja.PRECISA_RECONECTAR):
            for linha in itens:
                _adiar(linha, f"Loja {loja.nome}: {'pausada' if loja.pausada else 'precisa reconectar'}", 300)
            resumo["adiados"] += len(itens)
            db.session.commit()
            continue
        cli = cliente_da_loja(loja)
        for posicao, linha in enumerate(itens):
            versao = linha.versao
            try:
                _enviar(cli, linha)
            except (erros.LimiteExcedido, erros.Indisponivel, erros.ErroAutenticacao) as erro:
                # Problema da loja, não do item: adia este e os demais da loja.
                for resto in itens[posicao:]:
                    _adiar(resto, str(erro))
                resumo["adiados"] += len(itens) - posicao
                db.session.commit()
                log.warning("Estoque para a loja %s adiado: %s", loja.nome, erro)
                break
            except erros.ErroTray as erro:
                _adiar(linha, str(erro))
                resumo["adiados"] += 1
                db.session.commit()
                log.warning("Estoque de %s na loja %s recusado: %s", linha.chave, loja.nome, erro)
                continue
            _concluir(linha.id, versao)
            db.session.commit()
            resumo["enviados"] += 1
    restante = db.session.query(EstoquePendente).order_by(EstoquePendente.proxima_tentativa_em).first()
    resumo["restantes"] = db.session.query(EstoquePendente).count()
    resumo["proxima_em_s"] = (
        None if restante is None else max(0.0, (restante.proxima_tentativa_em - agora()).total_seconds())
    )
    return resumo


def pendentes_da_loja(loja_id: int) -> int:
    return db.session.query(EstoquePendente).filter(EstoquePendente.loja_id == loja_id).count()
