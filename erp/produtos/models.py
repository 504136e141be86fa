from sqlalchemy.orm import validates

from erp.comum.modelos import ComDatas, agora, coluna_de_ordem
from erp.comum.texto import ordem_ptbr
from erp.comum.tipos import Decimal_, Dinheiro
from erp.extensions import db


class Categoria(ComDatas, db.Model):
    __tablename__ = "categorias"
    __table_args__ = (db.UniqueConstraint("pai_id", "nome"),)

    id = db.Column(db.Integer, primary_key=True)
    nome = db.Column(db.String(200), nullable=False)
    pai_id = db.Column(db.Integer, db.ForeignKey("categorias.id"))
    pai = db.relationship("Categoria", remote_side=[id], backref="filhas")

    @property
    def caminho(self) -> str:
        partes, atual = [], self
        while atual is not None:
            partes.append(atual.nome)
            atual = atual.pai
        return " > ".join(reversed(partes))


class Produto(ComDatas, db.Model):
    __tablename__ = "produtos"
    __table_args__ = (
        # A lista do catálogo: por nome, com ou sem o filtro de ativos.
        db.Index("ix_produtos_nome_ordem_id", "nome_ordem", "id"),
        db.Index("ix_produtos_ativo_nome_ordem_id", "ativo", "nome_ordem", "id"),
        # A busca por parte do nome ou da referência: trigramas (pg_trgm) no PostgreSQL; índice comum no SQLite.
        db.Index("ix_produtos_nome_trgm", "nome", postgresql_using="gin", postgresql_ops={"nome": "gin_trgm_ops"}),
        db.Index("ix_produtos_referencia_trgm", "referencia", postgresql_using="gin",
                 postgresql_ops={"referencia": "gin_trgm_ops"}),
        # Produtos → Revisar: os criados pela importação que ninguém revisou.
        db.Index("ix_produtos_revisao", "criado_na_importacao", "revisado_em"),
    )

    id = db.Column(db.Integer, primary_key=True)
    referencia = db.Column(db.String(120), nullable=False, unique=True)
    nome = db.Column(db.String(200), nullable=False)
    nome_ordem = coluna_de_ordem()  # a lista do catálogo em ordem alfabética do português
    descricao = db.Column(db.Text, nullable=False, default="")
    descricao_curta = db.Column(db.String(500), nullable=False, default="")
    ean = db.Column(db.String(14))
    ncm = db.Column(db.String(8))
    cest = db.Column(db.String(7))
    origem = db.Column(db.Integer, nullable=False, default=0)
    unidade = db.Column(db.String(6), nullable=False, default="UN")
    marca = db.Column(db.String(120))
    modelo = db.Column(db.String(150))
    categoria_id = db.Column(db.Integer, db.ForeignKey("categorias.id"))
    preco = db.Column(Dinheiro(), nullable=False, default=0)
    preco_custo = db.Column(Dinheiro())
    preco_promocional = db.Column(Dinheiro())
    promocao_inicio = db.Column(db.Date)
    promocao_fim = db.Column(db.Date)
    peso_g = db.Column(db.Integer)
    comprimento_cm = db.Column(Decimal_(10, 2))
    largura_cm = db.Column(Decimal_(10, 2))
    altura_cm = db.Column(Decimal_(10, 2))
    estoque = db.Column(db.Integer, nullable=False, default=0)
    # O estoque foi definido no ERP (inventário, planilha, `produtos estoque`, tela)? Só então ele vai às lojas.
    # Produto criado pela importação de um pedido nasce sem (estoque 0 só de mentira): a loja manda nele.
    estoque_definido = db.Column(db.Boolean, nullable=False, default=False)
    disponibilidade = db.Column(db.String(120))
    ativo = db.Column(db.Boolean, nullable=False, default=True)
    # Tributação própria do produto (vazio/None: vale o padrão da empresa e as tabelas). Regras em docs/fiscal.md.
    cst_icms = db.Column(db.String(2))  # Regime Normal: sobrepõe o CST escolhido pelo motor
    csosn = db.Column(db.String(3))  # Simples Nacional: sobrepõe o CSOSN
    cbenef = db.Column(db.String(10))  # código de benefício fiscal da UF (cBenef)
    nfci = db.Column(db.String(36))  # Ficha de Conteúdo de Importação (origens 3, 5 e 8)
    substituicao_tributaria = db.Column(db.Boolean, nullable=False, default=False)
    st_mva = db.Column(Decimal_(7, 4))  # pMVAST (%)
    st_aliquota_interna = db.Column(Decimal_(5, 2))  # pICMSST: alíquota interna da UF de destino
    st_reducao_base = db.Column(Decimal_(5, 2))  # pRedBCST (%)
    st_fcp = db.Column(Decimal_(5, 2))  # pFCPST (%)
    fcp_interno = db.Column(Decimal_(5, 2))  # pFCP nas vendas internas, onde a UF cobra do produto
    fcp_destino = db.Column(Decimal_(5, 2))  # pFCPUFDest do DIFAL, quando difere do da tabela da UF
    # ST já retida (CST 60 / CSOSN 500): valores por unidade da última compra (vBCSTRet, pST, vICMSSTRet).
    st_retido_base = db.Column(Decimal_(15, 4))
    st_retido_aliquota = db.Column(Decimal_(5, 2))
    st_retido_valor = db.Column(Decimal_(15, 4))
    cst_ibs_cbs = db.Column(db.String(3))  # reforma tributária: sobrepõe o padrão da empresa
    cclass_trib = db.Column(db.String(6))
    # Dados que faltam para faturar (ex.: "NCM"); vazio quando o cadastro está completo.
    pendencias = db.Column(db.JSON, nullable=False, default=list)
    # Muda a cada alteração relevante para a loja: "alterado desde a última exportação".
    alterado_em = db.Column(db.DateTime, nullable=False, default=agora)
    # Nasceu de um item de pedido da Tray: fica na tela Produtos → Revisar até alguém conferir (revisado_em).
    criado_na_importacao = db.Column(db.Boolean, nullable=False, default=False)
    completado_da_tray_em = db.Column(db.DateTime)  # nome, referência e descrição lidos do produto na loja
    revisado_em = db.Column(db.DateTime)

    @validates("nome")
    def _ordem_do_nome(self, _, valor):
        self.nome_ordem = ordem_ptbr(valor)
        return valor

    categoria = db.relationship("Categoria")
    variacoes = db.relationship(
        "Variacao", backref="produto", order_by="Variacao.id", cascade="all, delete-orphan"
    )
    imagens = db.relationship(
        "ProdutoImagem",
        primaryjoin="and_(ProdutoImagem.produto_id == Produto.id, ProdutoImagem.variacao_id.is_(None))",
        order_by="ProdutoImagem.posicao",
        viewonly=True,
    )


class Variacao(ComDatas, db.Model):
    __tablename__ = "variacoes"

    id = db.Column(db.Integer, primary_key=True)
    produto_id = db.Column(
        db.Integer, db.ForeignKey("produtos.id", ondelete="CASCADE"), nullable=False, index=True
    )
    referencia = db.Column(db.String(120), nullable=False, unique=True)
    ean = db.Column(db.String(14))
    preco = db.Column(Dinheiro())
    estoque = db.Column(db.Integer, nullable=False, default=0)
    estoque_definido = db.Column(db.Boolean, nullable=False, default=False)  # como em Produto
    tipo_1 = db.Column(db.String(60), nullable=False)
    valor_1 = db.Column(db.String(120), nullable=False)
    tipo_2 = db.Column(db.String(60))
    valor_2 = db.Column(db.String(120))
    ativo = db.Column(db.Boolean, nullable=False, default=True)

    @property
    def descricao(self) -> str:
        partes = [f"{self.tipo_1}: {self.valor_1}"]
        if self.tipo_2:
            partes.append(f"{self.tipo_2}: {self.valor_2}")
        return ", ".join(partes)


class ProdutoImagem(db.Model):
    __tablename__ = "produto_imagens"

    id = db.Column(db.Integer, primary_key=True)
    produto_id = db.Column(
        db.Integer, db.ForeignKey("produtos.id", ondelete="CASCADE"), nullable=False, index=True
    )
    variacao_id = db.Column(db.Integer, db.ForeignKey("variacoes.id", ondelete="CASCADE"))
    posicao = db.Column(db.Integer, nullable=False, default=1)
    arquivo = db.Column(db.String(300), nullable=False)  # relativo à pasta de uploads
    sha256 = db.Column(db.String(64), nullable=False)
    tamanho = db.Column(db.Integer, nullable=False)
    tipo = db.Column(db.String(40), nullable=False)
    # A cópia reduzida que vai à Tray (relativa à pasta de uploads), quando a original não cabe nos limites dela.
    arquivo_tray = db.Column(db.String(300))
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)


class MovimentoEstoque(db.Model):
    __tablename__ = "movimentos_estoque"

    id = db.Column(db.Integer, primary_key=True)
    produto_id = db.Column(
        db.Integer, db.ForeignKey("produtos.id", ondelete="CASCADE"), nullable=False, index=True
    )
    variacao_id = db.Column(db.Integer, db.ForeignKey("variacoes.id", ondelete="CASCADE"))
    anterior = db.Column(db.Integer, nullable=False)
    novo = db.Column(db.Integer, nullable=False)
    motivo = db.Column(db.String(30), nullable=False)  # ajuste, venda, planilha, ... (MOTIVOS_ESTOQUE)
    referencia = db.Column(db.String(120))
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)

    variacao = db.relationship("Variacao", viewonly=True)

    @property
    def motivo_nome(self) -> str:
        return MOTIVOS_ESTOQUE.get(self.motivo, self.motivo)


MOTIVOS_ESTOQUE = {
    "ajuste": "Ajuste", "venda": "Venda", "cancelamento": "Venda cancelada", "planilha": "Planilha",
    "inventario": "Inventário", "estoque_da_tray": "Estoque da Tray", "variacoes": "Passou às variações",
}


class ProdutoLoja(ComDatas, db.Model):
    """Vínculo de um produto do ERP com o produto na loja virtual."""

    __tablename__ = "produtos_lojas"
    __table_args__ = (
        db.UniqueConstraint("loja_id", "produto_id"),
        db.UniqueConstraint("loja_id", "tray_id"),
        db.Index("ix_produtos_lojas_produto_id", "produto_id"),  # as lojas de cada produto da lista
    )

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(
        db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False
    )
    produto_id = db.Column(
        db.Integer, db.ForeignKey("produtos.id", ondelete="CASCADE"), nullable=False
    )
    tray_id = db.Column(db.String(30), nullable=False)
    exportado_em = db.Column(db.DateTime)
    assinatura = db.Column(db.String(64))  # hash do que foi enviado por último
    url = db.Column(db.String(400))
    erro_imagens = db.Column(db.Text)  # imagens que a Tray não mostrou depois dos reenvios

    produto = db.relationship("Produto", backref="vinculos")


class VariacaoLoja(ComDatas, db.Model):
    __tablename__ = "variacoes_lojas"
    __table_args__ = (
        db.UniqueConstraint("loja_id", "variacao_id"),
        db.UniqueConstraint("loja_id", "tray_id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(
        db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False
    )
    variacao_id = db.Column(
        db.Integer, db.ForeignKey("variacoes.id", ondelete="CASCADE"), nullable=False
    )
    tray_id = db.Column(db.String(30), nullable=False)
    assinatura = db.Column(db.String(64))

    variacao = db.relationship("Variacao", backref="vinculos")


class CategoriaLoja(db.Model):
    """Categoria do ERP já criada (ou encontrada) na loja virtual."""

    __tablename__ = "categorias_lojas"
    __table_args__ = (db.UniqueConstraint("loja_id", "categoria_id"),)

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(
        db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False
    )
    categoria_id = db.Column(
        db.Integer, db.ForeignKey("categorias.id", ondelete="CASCADE"), nullable=False
    )
    tray_id = db.Column(db.String(30), nullable=False)
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)


class ImagemEnviada(db.Model):
    """Imagem mandada a um produto (ou variação) da loja: `alvo` "p:<produto_id>" ou "v:<variacao_id>",
    `posicao` o picture_source_N. Só é "confirmada" quando a Tray a mostra no produto (ela baixa depois e recusa
    em silêncio); até lá, é reenviada algumas vezes (`tentativas`)."""

    __tablename__ = "imagens_enviadas"
    __table_args__ = (db.UniqueConstraint("loja_id", "alvo", "sha256"),)

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(
        db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False
    )
    sha256 = db.Column(db.String(64), nullable=False)
    produto_id = db.Column(db.Integer, db.ForeignKey("produtos.id", ondelete="SET NULL"))
    variacao_id = db.Column(db.Integer, db.ForeignKey("variacoes.id", ondelete="SET NULL"))
    posicao = db.Column(db.Integer, nullable=False, default=1)
    enviada_em = db.Column(db.DateTime, nullable=False, default=agora)
    alvo = db.Column(db.String(30), nullable=False)
    confirmada_em = db.Column(db.DateTime)
    tentativas = db.Column(db.Integer, nullable=False, default=1, server_default="1")


class EstoquePendente(db.Model):
    """Estoque a enviar a uma loja; gravado na mesma transação do movimento, apagado após o envio.

    `chave` é "<produto_id>" ou "<produto_id>:<variacao_id>" (uma linha por item e loja, para que
    muitos movimentos do mesmo item virem um único envio). `versao` cresce a cada movimento: o
    trabalhador só apaga a linha se ela não mudou durante o envio.
    """

    __tablename__ = "estoque_pendente"
    __table_args__ = (db.UniqueConstraint("loja_id", "chave"),)

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(
        db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False
    )
    chave = db.Column(db.String(40), nullable=False)
    produto_id = db.Column(
        db.Integer, db.ForeignKey("produtos.id", ondelete="CASCADE"), nullable=False
    )
    variacao_id = db.Column(db.Integer, db.ForeignKey("variacoes.id", ondelete="CASCADE"))
    versao = db.Column(db.Integer, nullable=False, default=1)
    tentativas = db.Column(db.Integer, nullable=False, default=0)
    proxima_tentativa_em = db.Column(db.DateTime, nullable=False, default=agora, index=True)
    ultimo_erro = db.Column(db.Text)
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)


# Categorias na raiz (pai nulo) também têm nome único; a restrição (pai_id, nome) não cobre NULL.
db.Index(
    "uq_categorias_raiz_nome",
    Categoria.nome,
    unique=True,
    sqlite_where=Categoria.pai_id.is_(None),
    postgresql_where=Categoria.pai_id.is_(None),
)


class ExportacaoEmCurso(db.Model):
    """A exportação de produtos em curso numa loja: uma linha por loja (a restrição única), para que duas
    exportações nunca rodem juntas (poderiam duplicar produtos na Tray). Sai quando a tarefa termina."""

    __tablename__ = "exportacoes_em_curso"
    __table_args__ = (db.UniqueConstraint("loja_id"),)

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(
        db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False
    )
    tarefa_id = db.Column(
        db.Integer, db.ForeignKey("tarefas.id", ondelete="CASCADE"), nullable=False, index=True
    )
    criado_em = db.Column(db.DateTime, nullable=False, default=agora)

    tarefa = db.relationship("Tarefa")


class DiferencaEstoque(db.Model):
    """Um item cujo estoque na loja Tray difere do ERP, achado por uma notificação de estoque/produto da Tray ou
    pela comparação periódica. Uma linha por item e loja (`chave` como em EstoquePendente), atualizada a cada
    conferência; "aberta" até o usuário escolher o que fazer (ou até os números voltarem a bater)."""

    __tablename__ = "diferencas_estoque"
    __table_args__ = (db.UniqueConstraint("loja_id", "chave", name="uq_diferencas_estoque_loja_chave"),)

    id = db.Column(db.Integer, primary_key=True)
    loja_id = db.Column(db.Integer, db.ForeignKey("lojas_virtuais.id", ondelete="CASCADE"), nullable=False)
    chave = db.Column(db.String(40), nullable=False)
    produto_id = db.Column(db.Integer, db.ForeignKey("produtos.id", ondelete="CASCADE"), nullable=False)
    variacao_id = db.Column(db.Integer, db.ForeignKey("variacoes.id", ondelete="CASCADE"))
    tray_id = db.Column(db.String(30), nullable=False)  # id do produto (ou da variação) na Tray
    estoque_erp = db.Column(db.Integer, nullable=False)
    estoque_tray = db.Column(db.Integer, nullable=False)
    origem = db.Column(db.String(20), nullable=False)  # notificacao | comparacao
    situacao = db.Column(db.String(20), nullable=False, default="aberta", index=True)  # aberta | resolvida
    resolucao = db.Column(db.String(300))
    detectada_em = db.Column(db.DateTime, nullable=False, default=agora)
    resolvida_em = db.Column(db.DateTime)

    produto = db.relationship("Produto")
    variacao = db.relationship("Variacao")
    loja = db.relationship("LojaVirtual")
