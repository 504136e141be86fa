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
    # CSRT do responsável técnico (UFs que o exigem): o identificador (idCSRT) e o código, cifrado.
    csrt_id = db.Column(db.String(2), nullable=False, default="")
    csrt = db.Column(TextoCifrado)
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
    # "automatico" (CRT 3 a partir da data da NT 2025.002), "sempre" ou "nunca"; CRT 1 e 4 nunca informam.
    ibs_cbs_modo = db.Column(db.String(12), nullable=False, default="automatico")
    cst_ibs_cbs_padrao = db.Column(db.String(3), nullable=False, default="")  # vazio: "000"
    cclass_trib_padrao = db.Column(db.String(6), nullable=False, default="")  # vazio: "000001"
    # Certificado A1 (PKCS#12) e senha, cifrados em repouso.
    certificado_pfx = db.Column(BytesCifrados)
    certificado_senha = db.Column(TextoCifrado)
    certificado_titular = db.Column(db.String(300))
    certificado_cnpj = db.Column(db.String(14))
    certificado_valido_de = db.Column(db.DateTime)
    certificado_valido_ate = db.Column(db.DateTime)
    certificado_enviado_em = db.Column(db.DateTime)
    # Contingência SVC: o administrador liga a entrada automática quando o autorizador cai.
    contingencia_automatica = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())

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
    vigencia = db.Column(db.Date)  # desde quando valem estes números
    fonte = db.Column(db.String(300), nullable=False, default="")  # lei ou ato de onde vieram


class TabelaIbpt(db.Model):
    """Linha da tabela do IBPT (Lei 12.741/2012) carregada pela empresa: % aproximados por NCM."""

    __tablename__ = "tabela_ibpt"
    __table_args__ = (db.UniqueConstraint("codigo", "ex", "tipo"),)

    id = db.Column(db.Integer, primary_key=True)
    codigo = db.Column(db.String(10), nullable=False)  # NCM (tipo 0)
    ex = db.Column(db.String(3), nullable=False, default="")
    tipo = db.Column(db.String(1), nullable=False, default="0")  # 0 NCM, 1 NBS, 2 LC 116
    descricao = db.Column(db.String(500), nullable=False, default="")
    nacional_federal = db.Column(Decimal_(7, 2), nullable=False)
    importados_federal = db.Column(Decimal_(7, 2), nullable=False)
    estadual = db.Column(Decimal_(7, 2), nullable=False)
    municipal = db.Column(Decimal_(7, 2), nullable=False)
    vigencia_inicio = db.Column(db.Date)
    vigencia_fim = db.Column(db.Date)
    chave = db.Column(db.String(20), nullable=False, default="")
    versao = db.Column(db.String(20), nullable=False, default="")
    fonte = db.Column(db.String(60), nullable=False, default="")
    uf = db.Column(db.String(2), nullable=False, default="")


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
        # O gráfico do painel: notas autorizadas (e canceladas) por dia de emissão.
        db.Index("ix_notas_fiscais_situacao_emitida_em", "situacao", "emitida_em"),
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

    @property
    def emissao_svc(self) -> str | None:
        """"SVC-AN" ou "SVC-RS" quando a chave é de emissão em contingência (tpEmis 6 ou 7, posição 35)."""
        return {"6": "SVC-AN", "7": "SVC-RS"}.get(self.chave[34]) if self.chave and len(self.chave) == 44 else None


# O histórico da nota em português (a coluna `tipo` guarda a chave); o que não estiver aqui aparece pela chave
# com a primeira letra maiúscula e espaços no lugar de "_".
TIPOS_HISTORICO = {
    "transicao": "Mudança de situação", "xml_assinado": "XML assinado", "envio": "Enviada à SEFAZ",
    "autorizacao": "Autorizada pela SEFAZ", "rejeicao": "Rejeitada pela SEFAZ", "denegacao": "Denegada pela SEFAZ",
    "recuo": "Voltou para assinada", "nao_processada": "Não processada pela SEFAZ", "consulta": "Consulta à SEFAZ",
    "sem_resposta": "SEFAZ sem resposta", "aguardando_sefaz": "Aguardando a SEFAZ", "duplicidade": "Duplicidade na SEFAZ",
    "duplicidade_outra_chave": "Duplicidade com outra chave", "conferir": "Para conferir",
    "numero_reservado": "Número reservado", "inutilizacao": "Inutilização do número",
    "cancelamento": "Cancelada na SEFAZ", "carta_correcao": "Carta de correção",
    "pedido_cancelamento": "Pedido de cancelamento", "pedido_carta_correcao": "Pedido de carta de correção",
    "cancelamento_rejeitado": "Cancelamento recusado", "carta_correcao_rejeitado": "Carta de correção recusada",
    "contingencia": "Contingência",
}


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

    @property
    def tipo_nome(self) -> str:
        nome = TIPOS_HISTORICO.get(self.tipo)
        if nome:
            return nome
        texto = (self.tipo or "").replace("_", " ").strip()
        return texto[:1].upper() + texto[1:]


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


# -- contingência e saúde dos serviços da SEFAZ --------------------------------------------------------
_ATIVA_CONTINGENCIA_SQL = "fim IS NULL"


class ContingenciaNFe(db.Model):
    """Um período de emissão na SVC (tpEmis 6 SVC-AN ou 7 SVC-RS); aberta enquanto `fim` é vazio."""

    __tablename__ = "contingencias_nfe"
    __table_args__ = (
        db.Index("uq_contingencias_nfe_aberta", "ambiente", unique=True,
                 sqlite_where=db.text(_ATIVA_CONTINGENCIA_SQL), postgresql_where=db.text(_ATIVA_CONTINGENCIA_SQL)),
    )

    id = db.Column(db.Integer, primary_key=True)
    ambiente = db.Column(db.String(12), nullable=False)
    uf = db.Column(db.String(2), nullable=False)
    svc = db.Column(db.String(6), nullable=False)  # SVC-AN ou SVC-RS
    tp_emis = db.Column(db.Integer, nullable=False)
    justificativa = db.Column(db.String(256), nullable=False)
    inicio = db.Column(db.DateTime, nullable=False)  # dhCont (UTC, sem fuso)
    fim = db.Column(db.DateTime)
    automatica = db.Column(db.Boolean, nullable=False, default=False)
    motivo_fim = db.Column(db.Text)

    @property
    def aberta(self) -> bool:
        return self.fim is None


class ServicoSefaz(db.Model):
    """O que se sabe de um autorizador (ou da SVC) da empresa: última consulta de status e falhas seguidas."""

    __tablename__ = "servicos_sefaz"
    __table_args__ = (db.UniqueConstraint("ambiente", "autorizador"),)

    id = db.Column(db.Integer, primary_key=True)
    ambiente = db.Column(db.String(12), nullable=False)
    autorizador = db.Column(db.String(6), nullable=False)  # SP, SVRS, SVC-AN...
    contingencia = db.Column(db.Boolean, nullable=False, default=False)
    cstat = db.Column(db.Integer)
    motivo = db.Column(db.Text)
    observacao = db.Column(db.Text)
    url = db.Column(db.String(300))
    verificado_em = db.Column(db.DateTime)
    falhas_seguidas = db.Column(db.Integer, nullable=False, default=0)
    ultima_falha = db.Column(db.Text)

    @property
    def em_operacao(self) -> bool:
        return self.cstat is not None and acao(self.cstat) == Acao.SERVICO_EM_OPERACAO


class BloqueioSefaz(db.Model):
    """Um serviço que não se chama até `ate`: consumo indevido (656) ou espera depois de erro da SEFAZ."""

    __tablename__ = "bloqueios_sefaz"
    __table_args__ = (db.UniqueConstraint("ambiente", "cnpj", "autorizador", "servico"),)

    id = db.Column(db.Integer, primary_key=True)
    ambiente = db.Column(db.String(12), nullable=False)
    cnpj = db.Column(db.String(14), nullable=False)
    autorizador = db.Column(db.String(6), nullable=False)
    servico = db.Column(db.String(30), nullable=False)
    tipo = db.Column(db.String(20), nullable=False)  # consumo_indevido | espera
    tentativas = db.Column(db.Integer, nullable=False, default=1)
    cstat = db.Column(db.Integer)
    motivo = db.Column(db.Text)
    ate = db.Column(db.DateTime, nullable=False)
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)
