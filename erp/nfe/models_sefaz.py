"""Registros da comunicação com a SEFAZ: envios de lote, eventos (cancelamento, CC-e) e inutilizações.

Ficam fora de models.py (o cadastro base da NF-e); o XML de cada pedido e de cada resposta é guardado.
"""
from erp.comum.modelos import agora
from erp.extensions import db

CANCELAMENTO, CARTA_CORRECAO = "110111", "110110"
TIPOS_EVENTO = {CANCELAMENTO: "Cancelamento", CARTA_CORRECAO: "Carta de correção"}
REGISTRADO = {CANCELAMENTO: "Cancelamento registrado", CARTA_CORRECAO: "Carta de correção registrada"}
RECUSADO = {CANCELAMENTO: "Cancelamento recusado", CARTA_CORRECAO: "Carta de correção recusada"}
SITUACOES_EVENTO = {"enviado": "Enviado, sem resposta", "registrado": "Registrado", "rejeitado": "Rejeitado",
                    "falhou": "Não enviado"}
_REGISTRADO_SQL = "situacao = 'registrado'"


class EnvioNFe(db.Model):
    """Um envio de lote à SEFAZ (NFeAutorizacao4); o id é o idLote."""

    __tablename__ = "envios_nfe"

    id = db.Column(db.Integer, primary_key=True)
    lote_id = db.Column(db.Integer, db.ForeignKey("lotes_nfe.id", ondelete="SET NULL"), index=True)
    sincrono = db.Column(db.Boolean, nullable=False, default=True)
    recibo = db.Column(db.String(20), index=True)
    cstat = db.Column(db.Integer)
    motivo = db.Column(db.Text)
    enviado_em = db.Column(db.DateTime, nullable=False, default=agora)
    processado_em = db.Column(db.DateTime)
    xml_retorno = db.Column(db.LargeBinary)

    itens = db.relationship("EnvioNFeNota", backref="envio", cascade="all, delete-orphan",
                            order_by="EnvioNFeNota.id")


class EnvioNFeNota(db.Model):
    """Qual NF-e foi em qual envio (uma nota pode ir em vários, após falhas de comunicação)."""

    __tablename__ = "envios_nfe_notas"
    __table_args__ = (db.UniqueConstraint("envio_id", "nota_id"),)

    id = db.Column(db.Integer, primary_key=True)
    envio_id = db.Column(db.Integer, db.ForeignKey("envios_nfe.id", ondelete="CASCADE"), nullable=False)
    nota_id = db.Column(db.Integer, db.ForeignKey("notas_fiscais.id", ondelete="CASCADE"), nullable=False,
                        index=True)
    cstat = db.Column(db.Integer)

    nota = db.relationship("NotaFiscal")


class EventoNFe(db.Model):
    """Evento da NF-e na SEFAZ (cancelamento 110111, carta de correção 110110), com os dois XML."""

    __tablename__ = "eventos_nfe"
    __table_args__ = (
        db.Index("uq_eventos_nfe_registrado", "nota_id", "tipo", "sequencia", unique=True,
                 sqlite_where=db.text(_REGISTRADO_SQL), postgresql_where=db.text(_REGISTRADO_SQL)),
    )

    id = db.Column(db.Integer, primary_key=True)
    nota_id = db.Column(db.Integer, db.ForeignKey("notas_fiscais.id", ondelete="CASCADE"), nullable=False,
                        index=True)
    tipo = db.Column(db.String(6), nullable=False)
    sequencia = db.Column(db.Integer, nullable=False, default=1)
    texto = db.Column(db.Text, nullable=False, default="")
    situacao = db.Column(db.String(12), nullable=False, default="enviado")
    cstat = db.Column(db.Integer)
    motivo = db.Column(db.Text)
    protocolo = db.Column(db.String(20))
    registrado_em = db.Column(db.DateTime)
    xml_pedido = db.Column(db.LargeBinary)
    xml_retorno = db.Column(db.LargeBinary)  # procEventoNFe quando registrado; senão o retEvento
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)

    nota = db.relationship("NotaFiscal", backref=db.backref("eventos_sefaz", order_by="EventoNFe.id"))

    @property
    def tipo_nome(self) -> str:
        return TIPOS_EVENTO.get(self.tipo, self.tipo)

    @property
    def registrado_texto(self) -> str:
        return REGISTRADO.get(self.tipo, self.tipo_nome)

    @property
    def situacao_nome(self) -> str:
        return SITUACOES_EVENTO.get(self.situacao, self.situacao)


class InutilizacaoNFe(db.Model):
    """Pedido de inutilização de uma faixa de números, com os dois XML."""

    __tablename__ = "inutilizacoes_nfe"

    id = db.Column(db.Integer, primary_key=True)
    ambiente = db.Column(db.String(12), nullable=False)
    serie = db.Column(db.Integer, nullable=False)
    numero_inicial = db.Column(db.Integer, nullable=False)
    numero_final = db.Column(db.Integer, nullable=False)
    justificativa = db.Column(db.Text, nullable=False)
    cstat = db.Column(db.Integer)
    motivo = db.Column(db.Text)
    protocolo = db.Column(db.String(20))
    xml_pedido = db.Column(db.LargeBinary)
    xml_retorno = db.Column(db.LargeBinary)
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)
