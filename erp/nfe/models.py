"""NF-e: empresa emitente, tabela de alíquotas por UF, numeração, notas, lotes e eventos."""
import enum

from erp.comum.cripto import BytesCifrados, TextoCifrado
from erp.comum.modelos import ComDatas, agora
from erp.comum.tipos import Decimal_
from erp.extensions import db
from erp.nfe.sefaz.cstat import Acao, acao

AMBIENTES = {"homologacao": "Homologação", "producao": "Produção"}
REGIMES = {
    1: "Simples Nacional",
    2: "Simples Nacional — excesso de sublimite",
    3: "Regime normal",
}


class SituacaoNota(enum.StrEnum):
    """As situações da NF-e (os valores são os gravados em notas_fiscais.situacao)."""

    RASCUNHO = "rascunho"
    ASSINADA = "assinada"
    EM_PROCESSAMENTO = "em_processamento"
    AUTORIZADA = "autorizada"
    REJEITADA = "rejeitada"
    DENEGADA = "denegada"
    CANCELADA = "cancelada"
    DESCARTADA = "descartada"
    INUTILIZADA = "inutilizada"

    @property
    def rotulo(self) -> str:
        return SITUACOES_NOTA[self]


_S = SituacaoNota
SITUACOES_NOTA: dict[SituacaoNota, str] = {
    _S.RASCUNHO: "Rascunho",
    _S.ASSINADA: "Assinada",
    _S.EM_PROCESSAMENTO: "Em processamento",
    _S.AUTORIZADA: "Autorizada",
    _S.REJEITADA: "Rejeitada",
    _S.DENEGADA: "Denegada",
    _S.CANCELADA: "Cancelada",
    _S.DESCARTADA: "Descartada (número a inutilizar)",
    _S.INUTILIZADA: "Inutilizada",
}
# A máquina de estados da nota: de cada situação, para quais ela pode ir (só estados.transicionar muda).
TRANSICOES: dict[SituacaoNota, frozenset[SituacaoNota]] = {
    _S.RASCUNHO: frozenset({_S.ASSINADA, _S.DESCARTADA}),
    _S.ASSINADA: frozenset({_S.EM_PROCESSAMENTO, _S.ASSINADA, _S.DESCARTADA}),
    _S.EM_PROCESSAMENTO: frozenset({_S.AUTORIZADA, _S.REJEITADA, _S.DENEGADA, _S.ASSINADA}),
    _S.AUTORIZADA: frozenset({_S.CANCELADA}),
    _S.REJEITADA: frozenset({_S.ASSINADA, _S.DESCARTADA}),
    _S.DENEGADA: frozenset(),
    _S.CANCELADA: frozenset(),
    _S.DESCARTADA: frozenset({_S.INUTILIZADA}),
    _S.INUTILIZADA: frozenset(),
}


def pode_mudar_nota(de: str, para: str) -> bool:
    """A única regra das transições da NF-e (a tabela TRANSICOES); situação desconhecida é ValueError."""
    return SituacaoNota(para) in TRANSICOES[SituacaoNota(de)]


# Enquanto a nota está numa destas situações, a venda não pode ganhar outra NF-e.
SITUACOES_ATIVAS = (_S.RASCUNHO, _S.ASSINADA, _S.EM_PROCESSAMENTO, _S.AUTORIZADA, _S.DENEGADA)
_ATIVA_SQL = "situacao IN ({})".format(", ".join(f"'{s}'" for s in SITUACOES_ATIVAS))


class Empresa(ComDatas, db.Model):
    """A empresa emitente (uma linha)."""

    __tablename__ = "empresas"

    id = db.Column(db.Integer, primary_key=True)
    razao_social = db.Column(db.String(60), nullable=False)
    nome_fantasia = db.Column(db.String(60), nullable=False, default="")
    cnpj = db.Column(db.String(14), nullable=False)  # sem pontuação; pode ser alfanumérico
    ie = db.Column(db.String(14), nullable=False, default="")
    im = db.Column(db.String(15), nullable=False, default="")
    cnae = db.Column(db.String(7), nullable=False, default="")
    crt = db.Column(db.Integer, nullable=False, default=1)
    logradouro = db.Column(db.String(60), nullable=False, default="")
    numero = db.Column(db.String(60), nullable=False, default="")
    complemento = db.Column(db.String(60), nullable=False, default="")
    bairro = db.Column(db.String(60), nullable=False, default="")
    municipio = db.Column(db.String(60), nullable=False, default="")
    municipio_ibge = db.Column(db.String(7), nullable=False, default="")
    uf = db.Column(db.String(2), nullable=False, default="")
    cep = db.Column(db.String(8), nullable=False, default="")
    telefone = db.Column(db.String(14), nullable=False, default="")
    email = db.Column(db.String(200), nullable=False, default="")
    serie = db.Column(db.Integer, nullable=False, default=1)
    ambiente = db.Column(db.String(12), nullable=False, default="homologacao")
    # Responsável técnico (infRespTec).
    resp_cnpj = db.Column(db.String(14), nullable=False, default="")
    resp_contato = db.Column(db.String(60), nullable=False, default="")
    resp_email = db.Column(db.String(60), nullable=False, default="")
    resp_fone = db.Column(db.String(14), nullable=False, default="")
    # Tributação padrão dos itens (vazio/None: o motor fiscal escolhe pelas tabelas).
    csosn_padrao = db.Column(db.String(3), nullable=False, default="")
    cst_icms_padrao = db.Column(db.String(2), nullable=False, default="")
    aliquota_icms = db.Column(Decimal_(5, 2))  # None: alíquota interna da UF
    aliquota_credito_sn = db.Column(Decimal_(5, 2), nullable=False, default=0)  # pCredSN
    difal_no_simples = db.Column(db.Boolean, nullable=False, default=False)
    regime_pis_cofins = db.Column(db.String(20), nullable=False, default="cumulativo")
    cst_pis = db.Column(db.String(2), nullable=False, default="")
    aliquota_pis = db.Column(Decimal_(7, 4))
    cst_cofins = db.Column(db.String(2), nullable=False, default="")
    aliquota_cofins = db.Column(Decimal_(7, 4))
    ipi_ativo = db.Column(db.Boolean, nullable=False, default=False)
    cst_ipi = db.Column(db.String(2), nullable=False, default="50")
    aliquota_ipi = db.Column(Decimal_(5, 2), nullable=False, default=0)
    ipi_enquadramento = db.Column(db.String(3), nullable=False, default="999")
    # Reforma tributária (grupo IBS/CBS): um interruptor por empresa; alíquotas None = as de teste.
    ibs_cbs_ativo = db.Column(db.Boolean, nullable=False, default=False)
    aliquota_cbs = db.Column(Decimal_(7, 4))
    aliquota_ibs_uf = db.Column(Decimal_(7, 4))
    aliquota_ibs_mun = db.Column(Decimal_(7, 4))
    # Certificado A1 (PKCS#12) e senha, cifrados em repouso.
    certificado_pfx = db.Column(BytesCifrados)
    certificado_senha = db.Column(TextoCifrado)
    certificado_titular = db.Column(db.String(300))
    certificado_cnpj = db.Column(db.String(14))
    certificado_valido_de = db.Column(db.DateTime)
    certificado_valido_ate = db.Column(db.DateTime)
    certificado_enviado_em = db.Column(db.DateTime)

    @property
    def ambiente_nome(self) -> str:
        return AMBIENTES.get(self.ambiente, self.ambiente)

    @property
    def regime_nome(self) -> str:
        return REGIMES.get(self.crt, str(self.crt))

    @property
    def tem_certificado(self) -> bool:
        return self.certificado_valido_ate is not None


class AliquotaUF(db.Model):
    """Alíquota interna de ICMS e FCP de cada UF (para o DIFAL), editável na tela da empresa."""

    __tablename__ = "aliquotas_uf"

    id = db.Column(db.Integer, primary_key=True)
    uf = db.Column(db.String(2), nullable=False, unique=True)
    aliquota_interna = db.Column(Decimal_(5, 2), nullable=False)
    fcp = db.Column(Decimal_(5, 2), nullable=False, default=0)
    difal_base_dupla = db.Column(db.Boolean, nullable=False, default=False)


class SerieNFe(db.Model):
    """Contador de números por ambiente e série: cada número sai de um UPDATE atômico."""

    __tablename__ = "series_nfe"
    __table_args__ = (db.UniqueConstraint("ambiente", "serie"),)

    id = db.Column(db.Integer, primary_key=True)
    ambiente = db.Column(db.String(12), nullable=False)
    serie = db.Column(db.Integer, nullable=False)
    proximo_numero = db.Column(db.Integer, nullable=False, default=1)


class LoteNFe(db.Model):
    """Lote de transmissão (até 50 NF-e); o id é o número do lote."""

    __tablename__ = "lotes_nfe"

    id = db.Column(db.Integer, primary_key=True)
    quantidade = db.Column(db.Integer, nullable=False, default=0)
    tarefa_id = db.Column(db.Integer, db.ForeignKey("tarefas.id", ondelete="SET NULL"))
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)


class NotaFiscal(ComDatas, db.Model):
    __tablename__ = "notas_fiscais"
    __table_args__ = (
        db.UniqueConstraint("ambiente", "serie", "numero"),
        db.Index("uq_notas_fiscais_venda_ativa", "venda_id", unique=True,
                 sqlite_where=db.text(_ATIVA_SQL), postgresql_where=db.text(_ATIVA_SQL)),
    )

    id = db.Column(db.Integer, primary_key=True)
    venda_id = db.Column(db.Integer, db.ForeignKey("vendas.id"), nullable=False, index=True)
    ambiente = db.Column(db.String(12), nullable=False)
    serie = db.Column(db.Integer, nullable=False)
    numero = db.Column(db.Integer, nullable=False)
    chave = db.Column(db.String(44), unique=True)
    situacao = db.Column(db.String(20), nullable=False, default="rascunho", index=True)
    motivo = db.Column(db.Text)
    valor_total = db.Column(Decimal_(14, 2))
    xml = db.Column(db.LargeBinary)  # NFe assinada
    xml_proc = db.Column(db.LargeBinary)  # nfeProc, depois de autorizada
    protocolo = db.Column(db.String(20))
    lote_id = db.Column(db.Integer, db.ForeignKey("lotes_nfe.id"), index=True)
    emitida_em = db.Column(db.DateTime)

    venda = db.relationship("Venda", backref=db.backref("notas", order_by="NotaFiscal.id"))
    lote = db.relationship("LoteNFe", backref="notas")
    eventos = db.relationship(
        "NotaEvento", backref="nota", order_by="NotaEvento.id", cascade="all, delete-orphan"
    )

    @property
    def situacao_nome(self) -> str:
        return SITUACOES_NOTA.get(self.situacao, self.situacao)

    @property
    def ativa(self) -> bool:
        return self.situacao in SITUACOES_ATIVAS

    @property
    def xml_atual(self) -> bytes | None:
        return self.xml_proc or self.xml


class NotaEvento(db.Model):
    """Tudo que acontece com a nota (transições e cada XML produzido ou recebido)."""

    __tablename__ = "notas_eventos"

    id = db.Column(db.Integer, primary_key=True)
    nota_id = db.Column(
        db.Integer, db.ForeignKey("notas_fiscais.id", ondelete="CASCADE"), nullable=False, index=True
    )
    tipo = db.Column(db.String(40), nullable=False)  # transicao, xml_assinado, retorno...
    situacao_anterior = db.Column(db.String(20))
    situacao_nova = db.Column(db.String(20))
    mensagem = db.Column(db.Text)
    xml = db.Column(db.LargeBinary)
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)


class NumeroInutilizar(db.Model):
    """Número alocado que ficou sem NF-e válida: precisa ser inutilizado na SEFAZ."""

    __tablename__ = "numeros_inutilizar"
    __table_args__ = (db.UniqueConstraint("ambiente", "serie", "numero"),)

    id = db.Column(db.Integer, primary_key=True)
    ambiente = db.Column(db.String(12), nullable=False)
    serie = db.Column(db.Integer, nullable=False)
    numero = db.Column(db.Integer, nullable=False)
    nota_id = db.Column(db.Integer, db.ForeignKey("notas_fiscais.id", ondelete="SET NULL"))
    motivo = db.Column(db.Text, nullable=False, default="")
    situacao = db.Column(db.String(20), nullable=False, default="pendente")  # pendente, inutilizado
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)
    inutilizado_em = db.Column(db.DateTime)

    nota = db.relationship("NotaFiscal")


# -- documentos: o arquivo dos XML e o e-mail ao comprador -----------------------------------------
TIPOS_ARQUIVO = {"nfe": "NF-e autorizada", "cancelamento": "Cancelamento", "carta_correcao": "Carta de correção",
                 "inutilizacao": "Inutilização"}


class ArquivoXML(db.Model):
    """Um XML guardado no arquivo (pasta ou S3): onde está e o SHA-256 do que foi gravado."""

    __tablename__ = "arquivos_xml"

    id = db.Column(db.Integer, primary_key=True)
    tipo = db.Column(db.String(20), nullable=False)  # nfe, cancelamento, carta_correcao, inutilizacao
    caminho = db.Column(db.String(200), nullable=False, unique=True)  # AAAA/MM/<chave>-procNFe.xml
    competencia = db.Column(db.String(7), nullable=False, index=True)  # AAAA-MM do documento
    ambiente = db.Column(db.String(12), nullable=False)  # homologacao | producao
    sha256 = db.Column(db.String(64), nullable=False)
    tamanho = db.Column(db.Integer, nullable=False)
    nota_id = db.Column(db.Integer, db.ForeignKey("notas_fiscais.id", ondelete="SET NULL"), index=True)
    evento_id = db.Column(db.Integer, db.ForeignKey("eventos_nfe.id", ondelete="SET NULL"))
    inutilizacao_id = db.Column(db.Integer, db.ForeignKey("inutilizacoes_nfe.id", ondelete="SET NULL"))
    arquivado_em = db.Column(db.DateTime, nullable=False, default=agora)

    nota = db.relationship("NotaFiscal", backref=db.backref("arquivos", order_by="ArquivoXML.id"))

    @property
    def tipo_nome(self) -> str:
        return TIPOS_ARQUIVO.get(self.tipo, self.tipo)


SITUACOES_EMAIL = {"pendente": "Na fila", "enviado": "Enviado", "falhou": "Falhou",
                   "sem_destinatario": "Comprador sem e-mail"}


class EmailNFe(db.Model):
    """Um e-mail ao comprador (XML e DANFE da nota autorizada, ou o XML de um evento), uma vez por documento."""

    __tablename__ = "emails_nfe"

    id = db.Column(db.Integer, primary_key=True)
    referencia = db.Column(db.String(60), nullable=False, unique=True)  # autorizacao:<nota> | evento:<evento>
    nota_id = db.Column(db.Integer, db.ForeignKey("notas_fiscais.id", ondelete="CASCADE"), nullable=False,
                        index=True)
    evento_id = db.Column(db.Integer, db.ForeignKey("eventos_nfe.id", ondelete="SET NULL"))
    tipo = db.Column(db.String(20), nullable=False)  # autorizacao, cancelamento, carta_correcao
    destinatario = db.Column(db.String(200), nullable=False, default="")
    assunto = db.Column(db.String(200), nullable=False, default="")
    situacao = db.Column(db.String(20), nullable=False, default="pendente", index=True)
    tentativas = db.Column(db.Integer, nullable=False, default=0)
    ultimo_erro = db.Column(db.Text)
    proxima_tentativa_em = db.Column(db.DateTime)
    enviado_em = db.Column(db.DateTime)
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)

    nota = db.relationship("NotaFiscal", backref=db.backref("emails", order_by="EmailNFe.id", passive_deletes=True))

    @property
    def situacao_nome(self) -> str:
        return SITUACOES_EMAIL.get(self.situacao, self.situacao)


# -- comunicação com a SEFAZ: lotes, eventos e inutilizações ----------------------------------------
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

    @property
    def homologada(self) -> bool:
        """A SEFAZ homologou a inutilização (o cStat diz, pela tabela de cstat.py)."""
        return self.cstat is not None and acao(self.cstat) == Acao.INUTILIZADO
