from decimal import ROUND_HALF_UP, Decimal

from erp.comum.modelos import ComDatas
from erp.comum.tipos import Decimal_, Dinheiro
from erp.extensions import db
from erp.vendas.estados import CORES_VENDA, SITUACOES_VENDA, SituacaoVenda


class ComEndereco:
    """Colunas de endereço (cobrança no cliente, entrega na venda)."""

    logradouro = db.Column(db.String(200), nullable=False, default="")
    numero = db.Column(db.String(60), nullable=False, default="")
    complemento = db.Column(db.String(200), nullable=False, default="")
    bairro = db.Column(db.String(120), nullable=False, default="")
    municipio = db.Column(db.String(120), nullable=False, default="")
    municipio_ibge = db.Column(db.String(7), nullable=False, default="")
    uf = db.Column(db.String(2), nullable=False, default="")
    cep = db.Column(db.String(8), nullable=False, default="")


class Cliente(ComEndereco, ComDatas, db.Model):
    __tablename__ = "clientes"
    __table_args__ = (
        # A busca por parte do nome (ILIKE '%texto%') nas listas de vendas e NF-e: no PostgreSQL, índice de
        # trigramas (pg_trgm), que serve ao ILIKE; no SQLite, um índice comum.
        db.Index("ix_clientes_nome_trgm", "nome", postgresql_using="gin", postgresql_ops={"nome": "gin_trgm_ops"}),
    )

    id = db.Column(db.Integer, primary_key=True)
    nome = db.Column(db.String(200), nullable=False)
    tipo_pessoa = db.Column(db.String(1), nullable=False, default="F")  # F ou J
    cpf_cnpj = db.Column(db.String(14), unique=True)  # sem pontuação; CNPJ pode ser alfanumérico
    ie = db.Column(db.String(20), nullable=False, default="")
    indicador_ie = db.Column(db.Integer, nullable=False, default=9)  # 1, 2 ou 9 (indIEDest)
    email = db.Column(db.String(200), index=True)
    telefone = db.Column(db.String(30), nullable=False, default="")
    celular = db.Column(db.String(30), nullable=False, default="")
    data_nascimento = db.Column(db.Date)
    sexo = db.Column(db.String(1), nullable=False, default="")


class ClienteLoja(db.Model):
    __tablename__ = "clientes_lojas"
    __table_args__ = (db.UniqueConstraint("loja_id", "tray_id"),)

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(
        db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False
    )
    cliente_id = db.Column(
        db.Integer, db.ForeignKey("clientes.id", ondelete="CASCADE"), nullable=False
    )
    tray_id = db.Column(db.String(30), nullable=False)


class Venda(ComEndereco, ComDatas, db.Model):
    """Pedido de venda. O endereço herdado é o de entrega; `cobranca_*` guarda o endereço do cadastro do
    comprador como estava no pedido (o da NF-e, `enderDest`)."""

    __tablename__ = "vendas"
    __table_args__ = (
        db.UniqueConstraint("loja_id", "pedido_tray_id"),
        # A lista de vendas: mais novas primeiro, sem filtro, por situação ou por loja; e as vendas de um cliente.
        db.Index("ix_vendas_data_pedido_id", "data_pedido", "id"),
        db.Index("ix_vendas_situacao_data_pedido_id", "situacao", "data_pedido", "id"),
        db.Index("ix_vendas_loja_id_data_pedido_id", "loja_id", "data_pedido", "id"),
        db.Index("ix_vendas_cliente_id", "cliente_id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(db.Integer, db.ForeignKey("lojas_virtuais.id"), nullable=False)
    pedido_tray_id = db.Column(db.String(30), nullable=False)
    status_tray = db.Column(db.String(120), nullable=False, default="")
    cliente_id = db.Column(db.Integer, db.ForeignKey("clientes.id"), nullable=False)
    data_pedido = db.Column(db.DateTime, nullable=False)
    situacao = db.Column(db.String(30), nullable=False, default=SituacaoVenda.PRONTO_PARA_FATURAR.value, index=True)
    destinatario = db.Column(db.String(200), nullable=False, default="")
    total_produtos = db.Column(Dinheiro(), nullable=False, default=0)
    frete = db.Column(Dinheiro(), nullable=False, default=0)
    seguro = db.Column(Dinheiro(), nullable=False, default=0)
    desconto = db.Column(Dinheiro(), nullable=False, default=0)
    outras_despesas = db.Column(Dinheiro(), nullable=False, default=0)
    total = db.Column(Dinheiro(), nullable=False, default=0)
    origem = db.Column(db.String(120), nullable=False, default="Loja virtual")
    marketplace_nome = db.Column(db.String(120))
    marketplace_cnpj = db.Column(db.String(14))  # CNPJ do intermediador (infIntermed)
    marketplace_pedido_id = db.Column(db.String(60))  # idCadIntTran
    # CNPJ de quem recebeu o pagamento no marketplace (payment_responsible_document da Tray).
    pagamento_intermediador_cnpj = db.Column(db.String(14))
    # Identificação do vendedor no marketplace (marketplace_seller_id da Tray): o idCadIntTran da NF-e.
    marketplace_vendedor_id = db.Column(db.String(60))
    cobranca_logradouro = db.Column(db.String(200), nullable=False, default="")
    cobranca_numero = db.Column(db.String(60), nullable=False, default="")
    cobranca_complemento = db.Column(db.String(200), nullable=False, default="")
    cobranca_bairro = db.Column(db.String(120), nullable=False, default="")
    cobranca_municipio = db.Column(db.String(120), nullable=False, default="")
    cobranca_municipio_ibge = db.Column(db.String(7), nullable=False, default="")
    cobranca_uf = db.Column(db.String(2), nullable=False, default="")
    cobranca_cep = db.Column(db.String(8), nullable=False, default="")
    forma_envio = db.Column(db.String(120), nullable=False, default="")
    observacao = db.Column(db.Text, nullable=False, default="")
    # Rastreio do envio (digitado na venda, pela planilha ou pela linha de comando); vai ao pedido da Tray.
    rastreio_codigo = db.Column(db.String(60))
    rastreio_url = db.Column(db.String(300))
    rastreio_data = db.Column(db.Date)
    # O pedido foi cancelado na Tray: quando o ERP soube e por quem ("tray": cancelado lá; "erp": cancelado daqui).
    cancelado_na_tray_em = db.Column(db.DateTime)
    cancelado_na_tray_por = db.Column(db.String(10))

    loja = db.relationship("LojaVirtual")
    cliente = db.relationship("Cliente")
    itens = db.relationship(
        "VendaItem", backref="venda", order_by="VendaItem.id", cascade="all, delete-orphan"
    )
    pagamentos = db.relationship(
        "VendaPagamento", backref="venda", order_by="VendaPagamento.id", cascade="all, delete-orphan"
    )

    @property
    def situacao_nome(self) -> str:
        return SITUACOES_VENDA.get(self.situacao, self.situacao)

    @property
    def entrega_noutro_endereco(self) -> bool:
        """A entrega vai para outro lugar que não o endereço do comprador guardado no pedido?"""
        if not (self.cobranca_logradouro and self.logradouro):
            return False
        campos = ("municipio_ibge", "cep", "logradouro", "numero", "complemento")
        def valor(campo):
            return (getattr(self, campo) or "").strip().casefold()
        return any(valor(c) != valor(f"cobranca_{c}") for c in campos)

    @property
    def situacao_cor(self) -> str:
        """Classe do selo da situação (Bootstrap)."""
        return CORES_VENDA.get(self.situacao, "text-bg-secondary")


class VendaItem(db.Model):
    __tablename__ = "venda_itens"

    id = db.Column(db.Integer, primary_key=True)
    venda_id = db.Column(
        db.Integer, db.ForeignKey("vendas.id", ondelete="CASCADE"), nullable=False, index=True
    )
    produto_id = db.Column(db.Integer, db.ForeignKey("produtos.id"), nullable=False)
    variacao_id = db.Column(db.Integer, db.ForeignKey("variacoes.id"))
    descricao = db.Column(db.String(300), nullable=False)
    referencia = db.Column(db.String(120), nullable=False, default="")
    quantidade = db.Column(Decimal_(14, 4), nullable=False)
    valor_unitario = db.Column(Decimal_(20, 10), nullable=False)
    desconto = db.Column(Dinheiro(), nullable=False, default=0)
    tray_produto_id = db.Column(db.String(30))
    tray_variacao_id = db.Column(db.String(30))

    produto = db.relationship("Produto")
    variacao = db.relationship("Variacao")

    @property
    def total(self) -> Decimal:
        """Quantidade × valor unitário, em centavos (antes do desconto)."""
        return (self.quantidade * self.valor_unitario).quantize(Decimal("0.01"), ROUND_HALF_UP)


class VendaPagamento(db.Model):
    __tablename__ = "venda_pagamentos"

    id = db.Column(db.Integer, primary_key=True)
    venda_id = db.Column(
        db.Integer, db.ForeignKey("vendas.id", ondelete="CASCADE"), nullable=False, index=True
    )
    forma = db.Column(db.String(120), nullable=False)  # como a Tray descreve
    tpag = db.Column(db.String(2), nullable=False, default="99")  # código do leiaute da NF-e
    valor = db.Column(Dinheiro(), nullable=False)
    parcelas = db.Column(db.Integer, nullable=False, default=1)
    data = db.Column(db.Date)
    # Cartão (grupo card da NF-e), quando a Tray informa: bandeira (tBand), CNPJ da credenciadora e autorização.
    bandeira = db.Column(db.String(2), nullable=False, default="")
    cnpj_credenciadora = db.Column(db.String(14), nullable=False, default="")
    autorizacao = db.Column(db.String(128), nullable=False, default="")


class Transportadora(ComDatas, db.Model):
    """Transportadora cadastrada no ERP (grupo transporta da NF-e)."""

    __tablename__ = "transportadoras"

    id = db.Column(db.Integer, primary_key=True)
    nome = db.Column(db.String(60), nullable=False)
    cpf_cnpj = db.Column(db.String(14), nullable=False, default="")
    ie = db.Column(db.String(14), nullable=False, default="")
    endereco = db.Column(db.String(60), nullable=False, default="")
    municipio = db.Column(db.String(60), nullable=False, default="")
    uf = db.Column(db.String(2), nullable=False, default="")


class EnvioTransportadora(db.Model):
    """Forma de envio da Tray (o `shipment` do pedido) de uma loja → transportadora do ERP, ou retirada na loja."""

    __tablename__ = "envios_transportadoras"
    __table_args__ = (db.UniqueConstraint("loja_id", "forma_envio"),)

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False)
    forma_envio = db.Column(db.String(120), nullable=False)
    transportadora_id = db.Column(db.Integer, db.ForeignKey("transportadoras.id", ondelete="SET NULL"))
    retirada = db.Column(db.Boolean, nullable=False, default=False)  # retirada na loja: nada é transportado

    loja = db.relationship("LojaVirtual")
    transportadora = db.relationship("Transportadora")
