import enum

from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import validates

from erp.comum.cripto import TextoCifrado
from erp.comum.modelos import ComDatas, coluna_de_ordem
from erp.comum.texto import ordem_ptbr
from erp.extensions import db

PLATAFORMAS = {"tray": "Tray Commerce"}


class SituacaoLoja(enum.StrEnum):
    CONECTADA = "conectada"
    PRECISA_RECONECTAR = "precisa_reconectar"
    ERRO = "erro"
    PAUSADA = "pausada"


SITUACOES_LOJA = {
    SituacaoLoja.CONECTADA: "Conectada",
    SituacaoLoja.PRECISA_RECONECTAR: "Precisa reconectar",
    SituacaoLoja.ERRO: "Erro",
    SituacaoLoja.PAUSADA: "Pausada",
}

# Para onde cada situação pode ir. A pausa é uma decisão do usuário: só "retomar" a desfaz (para conectada; daí,
# com o token vencido, precisa_reconectar); nada que venha da Tray (401, erro) tira a loja da pausa.
TRANSICOES_LOJA = {
    SituacaoLoja.CONECTADA: {SituacaoLoja.PRECISA_RECONECTAR, SituacaoLoja.ERRO, SituacaoLoja.PAUSADA},
    SituacaoLoja.PRECISA_RECONECTAR: {SituacaoLoja.CONECTADA, SituacaoLoja.ERRO, SituacaoLoja.PAUSADA},
    SituacaoLoja.ERRO: {SituacaoLoja.CONECTADA, SituacaoLoja.PRECISA_RECONECTAR, SituacaoLoja.PAUSADA},
    SituacaoLoja.PAUSADA: {SituacaoLoja.CONECTADA},
}


def pode_mudar_loja(de: str, para: str) -> bool:
    """A transição é permitida? Ficar na mesma situação sempre é (um novo teste, outro motivo de pausa)."""
    de, para = SituacaoLoja(de), SituacaoLoja(para)
    return de == para or para in TRANSICOES_LOJA[de]


class LojaVirtual(ComDatas, db.Model):
    __tablename__ = "lojas_virtuais"
    __table_args__ = (db.UniqueConstraint("plataforma", "usuario"),)

    id = db.Column(db.Integer, primary_key=True)
    nome = db.Column(db.String(200), nullable=False)
    nome_ordem = coluna_de_ordem()  # a lista das lojas em ordem alfabética do português
    plataforma = db.Column(db.String(20), nullable=False, default="tray")
    usuario = db.Column(db.String(60), nullable=False)  # código de cliente / store id
    site = db.Column(db.String(300), nullable=False)  # URL da API (.../web_api)
    code = db.Column(TextoCifrado)
    access_token = db.Column(TextoCifrado)
    refresh_token = db.Column(TextoCifrado)
    access_expira_em = db.Column(db.DateTime)  # UTC
    refresh_expira_em = db.Column(db.DateTime)  # UTC
    # A situação é a única fonte da pausa (SituacaoLoja.PAUSADA); mude-a por services.mudar_situacao.
    situacao = db.Column(db.String(30), nullable=False, default=SituacaoLoja.CONECTADA.value)
    ultimo_erro = db.Column(db.Text)
    # Coluna antiga "pausada": só um reflexo de `situacao`, mantido aqui para o banco continuar coerente.
    _pausada_no_banco = db.Column("pausada", db.Boolean, nullable=False, default=False)
    motivo_pausa = db.Column(db.Text)
    importacao_automatica = db.Column(db.Boolean, nullable=False, default=False)
    # Nomes de status da Tray que podem ser importados (vazio = todos menos cancelados).
    status_importaveis = db.Column(db.JSON, nullable=False, default=list)
    # Juros e taxas de pagamento: "outras_despesas" (padrão) ou "itens" (rateados nos preços).
    juros_como = db.Column(db.String(20), nullable=False, default="outras_despesas")
    # Sondagem dos pedidos alterados na Tray, a cada N minutos (0 = desligada); o dono é erp/pedidos/sondagem.py.
    sondagem_min = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    sondagem_em = db.Column(db.DateTime)  # UTC: início da última sondagem completa
    # Quem manda no estoque quando ERP e Tray discordam: "erp" (padrão: propor enviar o do ERP) ou "tray"
    # (propor adotar o da Tray como movimento de inventário). Nada vai à loja sem o usuário pedir.
    estoque_mestre = db.Column(db.String(10), nullable=False, default="erp", server_default="erp")

    @hybrid_property
    def pausada(self) -> bool:
        return self.situacao == SituacaoLoja.PAUSADA

    @pausada.inplace.expression
    @classmethod
    def _pausada_expressao(cls):
        return cls.situacao == SituacaoLoja.PAUSADA.value

    @validates("nome")
    def _ordem_do_nome(self, _, valor):
        self.nome_ordem = ordem_ptbr(valor)
        return valor

    @validates("situacao")
    def _refletir_pausa(self, _chave, valor):
        self._pausada_no_banco = valor == SituacaoLoja.PAUSADA
        return valor

    @property
    def plataforma_nome(self) -> str:
        return PLATAFORMAS.get(self.plataforma, self.plataforma)

    @property
    def situacao_nome(self) -> str:
        return SITUACOES_LOJA.get(self.situacao, self.situacao)


class VagaLimiteTray(db.Model):
    """Uma vaga da janela por minuto do limite da Tray, compartilhada por todos os processos (sem REDIS_URL).

    Cada chave (loja, ou o aplicativo todo) tem uma linha por vaga; `usada_em` é o instante (epoch, s) do último uso:
    a chegada da resposta, ou, em voo, o envio + o tempo-limite. A vaga vale de novo uma janela depois. Tomar uma
    vaga é um UPDATE ... WHERE usada_em <= agora - janela: duas transações nunca tomam a mesma."""

    __tablename__ = "tray_limite_vagas"

    chave = db.Column(db.String(300), primary_key=True)
    indice = db.Column(db.Integer, primary_key=True, autoincrement=False)
    usada_em = db.Column(db.Float, nullable=False, default=0.0)
    dono = db.Column(db.String(40))


class CotaDiariaTray(db.Model):
    """Requisições de uma loja no dia civil de Brasília (a cota diária da Tray), somadas por todos os processos."""

    __tablename__ = "tray_limite_dias"

    chave = db.Column(db.String(300), primary_key=True)
    dia = db.Column(db.String(10), primary_key=True)
    usados = db.Column(db.Integer, nullable=False, default=0)
