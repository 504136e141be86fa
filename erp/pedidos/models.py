"""O que a importação de pedidos da Tray guarda: a última tentativa por pedido e as notificações recebidas."""
import enum

from erp.comum.modelos import ComDatas, agora
from erp.extensions import db


class DesfechoImportacao(enum.StrEnum):
    """Como terminou a tentativa de importar um pedido."""

    IMPORTADO = "importado"
    JA_IMPORTADO = "ja_importado"
    FALHOU = "falhou"
    IGNORADO = "ignorado"


DESFECHOS_IMPORTACAO = {
    DesfechoImportacao.IMPORTADO: "Importado",
    DesfechoImportacao.JA_IMPORTADO: "Já importado",
    DesfechoImportacao.FALHOU: "Falhou",
    DesfechoImportacao.IGNORADO: "Ignorado",
}


class ImportacaoPedido(ComDatas, db.Model):
    """Última tentativa de importar um pedido da Tray (uma linha por loja e pedido)."""

    __tablename__ = "importacoes_pedidos"
    __table_args__ = (
        db.UniqueConstraint("loja_id", "pedido_tray_id"),
        # A lista dos pedidos com falha (mais recentes primeiro) e o contador do painel.
        db.Index("ix_importacoes_pedidos_resultado_atualizado_em_id", "resultado", "atualizado_em", "id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(
        db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False
    )
    pedido_tray_id = db.Column(db.String(30), nullable=False)
    resultado = db.Column(db.String(20), nullable=False)  # DesfechoImportacao
    motivo = db.Column(db.Text)
    venda_id = db.Column(db.Integer, db.ForeignKey("vendas.id", ondelete="SET NULL"))
    origem = db.Column(db.String(20), nullable=False, default="manual")  # manual, tarefa, cli, webhook
    tentativas = db.Column(db.Integer, nullable=False, default=1)
    acao = db.Column(db.String(300))  # o que fazer com a falha ("Corrija na Tray e importe de novo.")
    # Falha passageira da Tray: quando a fila tenta de novo sozinha (vazio: nada agendado).
    proxima_tentativa_em = db.Column(db.DateTime)

    @property
    def resultado_nome(self) -> str:
        return DESFECHOS_IMPORTACAO.get(self.resultado, self.resultado)


class SituacaoEvento(enum.StrEnum):
    """Situação de uma notificação da Tray. Nasce pendente (vai para a fila), ignorada ou duplicada."""

    PENDENTE = "pendente"
    PROCESSANDO = "processando"
    PROCESSADO = "processado"
    FALHOU = "falhou"
    IGNORADO = "ignorado"
    DUPLICADO = "duplicado"


# Para onde cada situação pode ir. Só a pendente é trabalhada; ela fica duplicada, sem ler a Tray, quando a leitura
# de outra do mesmo pedido começou depois de ela chegar. A Tray fora do ar (ou o trabalhador que parou) devolve a
# notificação à fila (pendente), ou a dá por duplicada se outra do mesmo pedido já espera lá. As demais são finais.
TRANSICOES_EVENTO = {
    SituacaoEvento.PENDENTE: {SituacaoEvento.PROCESSANDO, SituacaoEvento.DUPLICADO},
    SituacaoEvento.PROCESSANDO: {SituacaoEvento.PROCESSADO, SituacaoEvento.FALHOU, SituacaoEvento.PENDENTE,
                                 SituacaoEvento.DUPLICADO},
    SituacaoEvento.PROCESSADO: set(),
    SituacaoEvento.FALHOU: set(),
    SituacaoEvento.IGNORADO: set(),
    SituacaoEvento.DUPLICADO: set(),
}


def pode_mudar_evento(de: str, para: str) -> bool:
    """A notificação pode ir da situação `de` para `para`?"""
    return SituacaoEvento(para) in TRANSICOES_EVENTO[SituacaoEvento(de)]


class EventoWebhook(db.Model):
    """Notificação recebida da Tray, guardada antes de responder e processada pela fila.

    `chave_fila` é o registro (pedido) enquanto a notificação espera na fila, e vazia fora dela: a restrição única
    (loja, escopo, chave_fila) deixa uma só notificação de cada pedido na fila, garantida pelo banco."""

    __tablename__ = "eventos_webhook"
    __table_args__ = (db.UniqueConstraint("loja_id", "escopo", "chave_fila"),
                      db.Index("ix_eventos_webhook_loja_id_tomado_em", "loja_id", "tomado_em"))

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(
        db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False, index=True
    )
    seller_id = db.Column(db.String(30), nullable=False)
    escopo = db.Column(db.String(40), nullable=False)
    registro_id = db.Column(db.String(30), nullable=False)
    acao = db.Column(db.String(20), nullable=False)
    app_code = db.Column(db.String(60))
    recebido_em = db.Column(db.DateTime, nullable=False, default=agora)
    processado_em = db.Column(db.DateTime)
    situacao = db.Column(db.String(20), nullable=False, default=SituacaoEvento.PENDENTE.value)
    chave_fila = db.Column(db.String(30))
    tentativas = db.Column(db.Integer, nullable=False, default=0)
    resultado = db.Column(db.String(20))
    mensagem = db.Column(db.Text)
    # Quando um trabalhador a tomou (a leitura do pedido na Tray começa aí): conta no orçamento da loja e, se
    # ficar "processando" tempo demais, o trabalhador morreu e a varredura a devolve à fila.
    tomado_em = db.Column(db.DateTime)
    # A leitura desta notificação cobre as notificações do mesmo registro até este id (as recebidas antes de a
    # leitura começar): essas não leem o pedido de novo.
    cobre_ate = db.Column(db.Integer)


class FormaPagamentoLoja(db.Model):
    """Nome de uma forma de pagamento da Tray numa loja → meio de pagamento da NF-e (tPag), editável pela loja."""

    __tablename__ = "formas_pagamento_lojas"
    __table_args__ = (db.UniqueConstraint("loja_id", "nome"),)

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(
        db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False
    )
    nome = db.Column(db.String(120), nullable=False)
    tpag = db.Column(db.String(2), nullable=False)
