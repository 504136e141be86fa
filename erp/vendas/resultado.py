"""Resultado da importação de um pedido e o registro da última tentativa (importacoes_pedidos)."""
import logging
import random
import time
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError, OperationalError

from erp.extensions import db
from erp.vendas.models import RESULTADOS_IMPORTACAO, ImportacaoPedido

log = logging.getLogger("erp.vendas.importacao")
IMPORTADO, JA_IMPORTADO, FALHOU, IGNORADO = "importado", "ja_importado", "falhou", "ignorado"


@dataclass
class Resultado:
    pedido_tray: str
    resultado: str
    venda: int | None = None
    motivo: str | None = None
    transitorio: bool = False  # falha da Tray que pode passar (fora do ar, limite): vale tentar de novo

    @property
    def sucesso(self) -> bool:
        return self.resultado != FALHOU

    @property
    def nome(self) -> str:
        return RESULTADOS_IMPORTACAO.get(self.resultado, self.resultado)

    def como_dict(self) -> dict:
        return {"pedido_tray": self.pedido_tray, "resultado": self.resultado, "venda": self.venda,
                "motivo": self.motivo}


def pausa_curta(tentativa: int) -> None:
    time.sleep(0.02 * (tentativa + 1) + random.random() * 0.05)


def registrar(loja_id: int, resultado: Resultado, origem: str) -> None:
    """Grava (ou atualiza) a linha da última tentativa; commit próprio, resistente a corridas."""
    for tentativa in range(5):
        try:
            linha = (db.session.query(ImportacaoPedido)
                     .filter_by(loja_id=loja_id, pedido_tray_id=resultado.pedido_tray).first())
            if linha is None:
                linha = ImportacaoPedido(loja_id=loja_id, pedido_tray_id=resultado.pedido_tray, tentativas=0)
                db.session.add(linha)
            linha.resultado = resultado.resultado
            linha.motivo = resultado.motivo
            linha.venda_id = resultado.venda
            linha.origem = origem
            linha.tentativas = (linha.tentativas or 0) + 1
            db.session.commit()
            return
        except (IntegrityError, OperationalError):
            db.session.rollback()
            pausa_curta(tentativa)
    log.warning("Pedido %s da loja %s: não foi possível registrar a tentativa (%s)", resultado.pedido_tray,
                loja_id, resultado.resultado)


def ultimas_tentativas(loja_id: int, pedidos: list[str]) -> dict[str, ImportacaoPedido]:
    if not pedidos:
        return {}
    linhas = (db.session.query(ImportacaoPedido)
              .filter(ImportacaoPedido.loja_id == loja_id, ImportacaoPedido.pedido_tray_id.in_(pedidos)).all())
    return {linha.pedido_tray_id: linha for linha in linhas}
