from erp.comum.cripto import TextoCifrado
from erp.comum.modelos import ComDatas
from erp.extensions import db

PLATAFORMAS = {"tray": "Tray Commerce"}

SITUACOES = {
    "conectada": "Conectada",
    "precisa_reconectar": "Precisa reconectar",
    "erro": "Erro",
    "pausada": "Pausada",
}


class LojaVirtual(ComDatas, db.Model):
    __tablename__ = "lojas_virtuais"
    __table_args__ = (db.UniqueConstraint("plataforma", "usuario"),)

    id = db.Column(db.Integer, primary_key=True)
    nome = db.Column(db.String(200), nullable=False)
    plataforma = db.Column(db.String(20), nullable=False, default="tray")
    usuario = db.Column(db.String(60), nullable=False)  # código de cliente / store id
    site = db.Column(db.String(300), nullable=False)  # URL da API (.../web_api)
    code = db.Column(TextoCifrado)
    access_token = db.Column(TextoCifrado)
    refresh_token = db.Column(TextoCifrado)
    access_expira_em = db.Column(db.DateTime)  # UTC
    refresh_expira_em = db.Column(db.DateTime)  # UTC
    situacao = db.Column(db.String(30), nullable=False, default="conectada")
    ultimo_erro = db.Column(db.Text)
    pausada = db.Column(db.Boolean, nullable=False, default=False)
    motivo_pausa = db.Column(db.Text)
    importacao_automatica = db.Column(db.Boolean, nullable=False, default=False)
    # Nomes de status da Tray que podem ser importados (vazio = todos menos cancelados).
    status_importaveis = db.Column(db.JSON, nullable=False, default=list)
    # Juros e taxas de pagamento: "outras_despesas" (padrão) ou "itens" (rateados nos preços).
    juros_como = db.Column(db.String(20), nullable=False, default="outras_despesas")

    @property
    def plataforma_nome(self) -> str:
        return PLATAFORMAS.get(self.plataforma, self.plataforma)
