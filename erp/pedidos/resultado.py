"""O resultado da importação de um pedido e o registro da última tentativa (importacoes_pedidos)."""
import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError, OperationalError

from erp.comum.banco import inserir_se_novo
from erp.comum.modelos import agora
from erp.extensions import db
from erp.pedidos.models import DESFECHOS_IMPORTACAO, DesfechoImportacao, ImportacaoPedido

log = logging.getLogger("erp.pedidos.importacao")


@dataclass
class ResultadoImportacao:
    pedido_tray: str
    resultado: DesfechoImportacao
    venda: int | None = None
    motivo: str | None = None
    transitorio: bool = False  # falha da Tray que pode passar (fora do ar, limite): vale tentar de novo
    acao: str | None = None  # o que fazer com a falha ("Corrija na Tray e importe de novo.")
    nova_tentativa_s: float | None = None  # falha passageira: a fila tenta de novo sozinha daqui a tanto

    @property
    def sucesso(self) -> bool:
        return self.resultado != DesfechoImportacao.FALHOU

    @property
    def nome(self) -> str:
        return DESFECHOS_IMPORTACAO.get(self.resultado, self.resultado)

    def como_dict(self) -> dict:
        return {"pedido_tray": self.pedido_tray, "resultado": str(self.resultado), "venda": self.venda,
                "motivo": self.motivo, "acao": self.acao}

    @property
    def mensagem(self) -> str | None:
        """Motivo e o que fazer, numa frase só (para a tarefa e a linha de comando)."""
        partes = [p for p in (self.motivo, self.acao) if p]
        return " ".join(p if p.endswith((".", "!", "?")) else f"{p}." for p in partes) or None


def pausa_curta(tentativa: int) -> None:
    time.sleep(0.02 * (tentativa + 1) + random.random() * 0.05)  # nosec B311 — só espalha as novas tentativas


def registrar(loja_id: int, resultado: ResultadoImportacao, origem: str) -> None:
    """Grava a linha da última tentativa (a primeira pelo INSERT único, as seguintes somando uma tentativa);
    commit próprio. O banco ocupado (SQLite travado, deadlock) é tentado de novo."""
    proxima = (agora() + timedelta(seconds=resultado.nova_tentativa_s)
               if resultado.nova_tentativa_s is not None else None)
    campos = {"resultado": str(resultado.resultado), "motivo": resultado.motivo, "venda_id": resultado.venda,
              "origem": origem, "acao": (resultado.acao or None) and resultado.acao[:300],
              "proxima_tentativa_em": proxima}
    chave = {"loja_id": loja_id, "pedido_tray_id": resultado.pedido_tray}
    for tentativa in range(5):
        try:
            if inserir_se_novo(ImportacaoPedido, {**chave, **campos, "tentativas": 1},
                               ["loja_id", "pedido_tray_id"]) is None:
                db.session.execute(
                    update(ImportacaoPedido)
                    .where(ImportacaoPedido.loja_id == loja_id,
                           ImportacaoPedido.pedido_tray_id == resultado.pedido_tray)
                    .values(**campos, tentativas=ImportacaoPedido.tentativas + 1, atualizado_em=agora()))
            db.session.commit()
            return
        except (IntegrityError, OperationalError):
            db.session.rollback()
            pausa_curta(tentativa)
    log.warning("Pedido %s da loja %s: não foi possível registrar a tentativa (%s)", resultado.pedido_tray,
                loja_id, resultado.resultado)


def anotar_nova_tentativa(loja_id: int, pedido_tray: str, espera_s: float, acao: str) -> None:
    """Na última tentativa do pedido, quando e como virá a próxima (agendada por quem chama); commit próprio."""
    db.session.execute(
        update(ImportacaoPedido)
        .where(ImportacaoPedido.loja_id == loja_id, ImportacaoPedido.pedido_tray_id == str(pedido_tray))
        .values(acao=acao[:300], proxima_tentativa_em=agora() + timedelta(seconds=espera_s))
        .execution_options(synchronize_session=False))
    db.session.commit()


def tomar_nova_tentativa(loja_id: int, pedido_tray: str) -> bool:
    """A nova tentativa agendada deste pedido ainda vale? Se sim, a toma (de uma vez no banco: de duas
    execuções, só uma segue); uma importação bem-sucedida no meio do caminho já a desmarcou."""
    tomada = db.session.execute(
        update(ImportacaoPedido)
        .where(ImportacaoPedido.loja_id == loja_id, ImportacaoPedido.pedido_tray_id == str(pedido_tray),
               ImportacaoPedido.proxima_tentativa_em.is_not(None))
        .values(proxima_tentativa_em=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return tomada == 1


def ultimas_tentativas(loja_id: int, pedidos: list[str]) -> dict[str, ImportacaoPedido]:
    if not pedidos:
        return {}
    linhas = (db.session.query(ImportacaoPedido)
              .filter(ImportacaoPedido.loja_id == loja_id, ImportacaoPedido.pedido_tray_id.in_(pedidos)).all())
    return {linha.pedido_tray_id: linha for linha in linhas}
