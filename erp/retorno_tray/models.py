"""Envios da NF-e autorizada ao pedido da Tray e a configuração do retorno por loja."""
import enum

from erp.comum.modelos import ComDatas
from erp.extensions import db


class SituacaoEnvio(enum.StrEnum):
    PENDENTE = "pendente"
    ENVIANDO = "enviando"
    NOTA_ENVIADA = "nota_enviada"
    CONCLUIDO = "concluido"
    FALHOU = "falhou"


SITUACOES_ENVIO = {
    SituacaoEnvio.PENDENTE: "Pendente",
    SituacaoEnvio.ENVIANDO: "Enviando",
    SituacaoEnvio.NOTA_ENVIADA: "Nota enviada, falta o status",
    SituacaoEnvio.CONCLUIDO: "Concluído",
    SituacaoEnvio.FALHOU: "Falhou",
}

# Para onde cada situação pode ir. Um trabalhador reserva a linha livre (enviando) e a devolve concluída,
# com falha ou livre de novo (pendente, ou nota_enviada se o passo da nota já foi feito); "tentar de novo"
# devolve a que falhou. Uma reserva abandonada (trabalhador morto) pode ser reservada de novo.
TRANSICOES_ENVIO = {
    SituacaoEnvio.PENDENTE: {SituacaoEnvio.ENVIANDO},
    SituacaoEnvio.NOTA_ENVIADA: {SituacaoEnvio.ENVIANDO},
    SituacaoEnvio.ENVIANDO: {SituacaoEnvio.CONCLUIDO, SituacaoEnvio.FALHOU, SituacaoEnvio.PENDENTE,
                             SituacaoEnvio.NOTA_ENVIADA},
    SituacaoEnvio.FALHOU: {SituacaoEnvio.PENDENTE, SituacaoEnvio.NOTA_ENVIADA},
    SituacaoEnvio.CONCLUIDO: set(),
}


def pode_mudar_envio(de: str, para: str) -> bool:
    """A transição é permitida? Ficar na mesma situação é, salvo em concluido (um envio concluído não volta)."""
    de, para = SituacaoEnvio(de), SituacaoEnvio(para)
    return para in TRANSICOES_ENVIO[de] or (de == para and de != SituacaoEnvio.CONCLUIDO)


def origens(para: SituacaoEnvio) -> tuple[str, ...]:
    """As situações de onde se pode ir para `para` (para as mudanças atômicas feitas com UPDATE ... WHERE)."""
    return tuple(de.value for de in SituacaoEnvio if de != para and para in TRANSICOES_ENVIO[de])


# Situações em que a linha pode ser reservada por um trabalhador (as livres, fora a reserva abandonada).
SITUACOES_A_PROCESSAR = origens(SituacaoEnvio.ENVIANDO)


class EnvioTray(ComDatas, db.Model):
    """Uma NF-e autorizada a caminho do pedido da Tray. A chave única garante um envio por nota.

    Passos independentes e registrados: (a) a nota no pedido (`tray_invoice_id`, `nota_enviada_em`) e
    (b) o status mapeado (`status_enviado`, `status_enviado_em`). Um passo registrado nunca se repete.
    """

    __tablename__ = "envios_tray"

    id = db.Column(db.Integer, primary_key=True)
    nota_id = db.Column(db.Integer, db.ForeignKey("notas_fiscais.id", ondelete="CASCADE"), nullable=False,
                        unique=True)
    venda_id = db.Column(db.Integer, db.ForeignKey("vendas.id", ondelete="CASCADE"), nullable=False, index=True)
    loja_id = db.Column(db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False,
                        index=True)
    pedido_tray_id = db.Column(db.String(30), nullable=False)
    chave = db.Column(db.String(44), nullable=False, unique=True)
    situacao = db.Column(db.String(20), nullable=False, default=SituacaoEnvio.PENDENTE.value, index=True)
    tentativas = db.Column(db.Integer, nullable=False, default=0)  # falhas passageiras seguidas
    proxima_tentativa_em = db.Column(db.DateTime, index=True)  # UTC; None = assim que possível
    reservado_em = db.Column(db.DateTime)  # quando um trabalhador pegou a linha
    ultimo_erro = db.Column(db.Text)
    # Uma resposta ambígua (5xx, tempo esgotado) no POST da nota: conferir na Tray antes de repetir.
    conferir_na_tray = db.Column(db.Boolean, nullable=False, default=False)
    tray_invoice_id = db.Column(db.String(30))
    nota_ja_existia = db.Column(db.Boolean, nullable=False, default=False)
    nota_enviada_em = db.Column(db.DateTime)
    status_enviado = db.Column(db.String(120))  # nome do status da Tray aplicado ao pedido
    status_tray_id = db.Column(db.String(30))
    status_enviado_em = db.Column(db.DateTime)  # quando o passo do status foi resolvido (enviado ou mantido)
    # O pedido já estava num status posterior ou final na Tray (ex.: ENVIADO): ele fica como está; aqui o nome.
    status_mantido = db.Column(db.String(120))
    concluido_em = db.Column(db.DateTime)

    nota = db.relationship("NotaFiscal")
    venda = db.relationship("Venda")
    loja = db.relationship("LojaVirtual")

    @property
    def situacao_nome(self) -> str:
        return SITUACOES_ENVIO.get(self.situacao, self.situacao)

    @property
    def nota_na_tray(self) -> bool:
        return self.nota_enviada_em is not None

    @property
    def status_na_tray(self) -> bool:
        return self.status_enviado_em is not None

    @property
    def situacao_livre(self) -> str:
        """A situação em que a linha fica quando ninguém está trabalhando nela (fora de falhou/concluido)."""
        return SituacaoEnvio.NOTA_ENVIADA if self.nota_na_tray else SituacaoEnvio.PENDENTE


class ConfiguracaoRetorno(ComDatas, db.Model):
    """O que fazer na Tray quando uma NF-e da loja é autorizada. Sem linha: loja ainda não configurada."""

    __tablename__ = "retorno_tray_config"

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False,
                        unique=True)
    ativo = db.Column(db.Boolean, nullable=False, default=True)
    alterar_status = db.Column(db.Boolean, nullable=False, default=True)
    # Nome do status da loja (GET /orders/statuses), escolhido pelo usuário; o id é resolvido na hora do envio.
    status_nome = db.Column(db.String(120), nullable=False, default="")

    loja = db.relationship("LojaVirtual")


class SituacaoRastreio(enum.StrEnum):
    PENDENTE = "pendente"
    ENVIANDO = "enviando"
    CONCLUIDO = "concluido"
    FALHOU = "falhou"


SITUACOES_RASTREIO = {
    SituacaoRastreio.PENDENTE: "Pendente",
    SituacaoRastreio.ENVIANDO: "Enviando",
    SituacaoRastreio.CONCLUIDO: "Na Tray",
    SituacaoRastreio.FALHOU: "Falhou",
}

# Como nos envios da nota: um trabalhador reserva (enviando) e devolve concluído, com falha ou pendente de novo;
# "tentar de novo" devolve a que falhou.
TRANSICOES_RASTREIO = {
    SituacaoRastreio.PENDENTE: {SituacaoRastreio.ENVIANDO},
    SituacaoRastreio.ENVIANDO: {SituacaoRastreio.CONCLUIDO, SituacaoRastreio.FALHOU, SituacaoRastreio.PENDENTE},
    SituacaoRastreio.FALHOU: {SituacaoRastreio.PENDENTE},
    SituacaoRastreio.CONCLUIDO: set(),
}


def pode_mudar_rastreio(de: str, para: str) -> bool:
    return SituacaoRastreio(para) in TRANSICOES_RASTREIO[SituacaoRastreio(de)]


class RastreioTray(ComDatas, db.Model):
    """O código de rastreio de uma venda a caminho do pedido da Tray (`sending_code`, `sending_date`,
    `tracking_url`). A chave única (venda, código) garante um envio por código: digitar o mesmo código de novo,
    pela tela, planilha ou linha de comando, não manda outra vez; um código corrigido é uma linha nova."""

    __tablename__ = "rastreios_tray"
    __table_args__ = (db.UniqueConstraint("venda_id", "codigo", name="uq_rastreios_tray_venda_codigo"),)

    id = db.Column(db.Integer, primary_key=True)
    venda_id = db.Column(db.Integer, db.ForeignKey("vendas.id", ondelete="CASCADE"), nullable=False)
    loja_id = db.Column(db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False,
                        index=True)
    pedido_tray_id = db.Column(db.String(30), nullable=False)
    codigo = db.Column(db.String(60), nullable=False)
    url = db.Column(db.String(300))
    data_envio = db.Column(db.Date, nullable=False)
    situacao = db.Column(db.String(20), nullable=False, default=SituacaoRastreio.PENDENTE.value, index=True)
    tentativas = db.Column(db.Integer, nullable=False, default=0)
    proxima_tentativa_em = db.Column(db.DateTime)
    reservado_em = db.Column(db.DateTime)
    ultimo_erro = db.Column(db.Text)
    enviado_em = db.Column(db.DateTime)

    venda = db.relationship("Venda")
    loja = db.relationship("LojaVirtual")

    @property
    def situacao_nome(self) -> str:
        return SITUACOES_RASTREIO.get(self.situacao, self.situacao)
