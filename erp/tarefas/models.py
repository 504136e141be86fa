import enum

from erp.comum.modelos import ComDatas, agora
from erp.extensions import db


class SituacaoTarefa(enum.StrEnum):
    PENDENTE = "pendente"
    EXECUTANDO = "executando"
    CONCLUIDA = "concluida"
    FALHOU = "falhou"


# Para onde cada situação pode ir. Uma tarefa que falhou pode rodar de novo; uma interrompida (trabalhador
# morto) volta a pendente ou falha; concluída é final.
TRANSICOES_TAREFA = {
    SituacaoTarefa.PENDENTE: {SituacaoTarefa.EXECUTANDO, SituacaoTarefa.FALHOU},
    SituacaoTarefa.EXECUTANDO: {SituacaoTarefa.CONCLUIDA, SituacaoTarefa.FALHOU, SituacaoTarefa.PENDENTE},
    SituacaoTarefa.FALHOU: {SituacaoTarefa.PENDENTE, SituacaoTarefa.EXECUTANDO},
    SituacaoTarefa.CONCLUIDA: set(),
}


def pode_mudar_tarefa(de: str, para: str) -> bool:
    """A transição é permitida? Ficar na mesma situação sempre é (uma nova tentativa da fila)."""
    de, para = SituacaoTarefa(de), SituacaoTarefa(para)
    return de == para or para in TRANSICOES_TAREFA[de]


class Tarefa(ComDatas, db.Model):
    """Um trabalho longo da fila: progresso e resultados por item ficam no banco."""

    __tablename__ = "tarefas"

    id = db.Column(db.Integer, primary_key=True)
    tipo = db.Column(db.String(60), nullable=False, index=True)
    titulo = db.Column(db.String(300), nullable=False)
    situacao = db.Column(db.String(20), nullable=False, default=SituacaoTarefa.PENDENTE.value, index=True)
    total = db.Column(db.Integer, nullable=False, default=0)
    processados = db.Column(db.Integer, nullable=False, default=0)
    sucessos = db.Column(db.Integer, nullable=False, default=0)
    falhas = db.Column(db.Integer, nullable=False, default=0)
    mensagem = db.Column(db.Text)
    parametros = db.Column(db.JSON, nullable=False, default=dict)
    loja_id = db.Column(db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="SET NULL"))
    iniciada_em = db.Column(db.DateTime)
    concluida_em = db.Column(db.DateTime)
    # Sinal de vida do trabalhador que a executa (ver erp.tarefas.services.bater); parado, a tarefa é recuperada.
    batida_em = db.Column(db.DateTime)
    trabalhador = db.Column(db.String(120))

    itens = db.relationship(
        "TarefaItem", backref="tarefa", order_by="TarefaItem.id", cascade="all, delete-orphan"
    )

    @property
    def percentual(self) -> int:
        if self.situacao == SituacaoTarefa.CONCLUIDA:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.processados * 100 / self.total))

    @property
    def terminada(self) -> bool:
        return self.situacao in (SituacaoTarefa.CONCLUIDA, SituacaoTarefa.FALHOU)


class TarefaItem(db.Model):
    __tablename__ = "tarefa_itens"

    id = db.Column(db.Integer, primary_key=True)
    tarefa_id = db.Column(
        db.Integer, db.ForeignKey("tarefas.id", ondelete="CASCADE"), nullable=False, index=True
    )
    chave = db.Column(db.String(120), nullable=False)
    resultado = db.Column(db.String(40), nullable=False)
    sucesso = db.Column(db.Boolean, nullable=False, default=True)
    mensagem = db.Column(db.Text)
    referencia_id = db.Column(db.Integer)
    dados = db.Column(db.JSON)
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)
