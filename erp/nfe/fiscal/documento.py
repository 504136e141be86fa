"""Dados de entrada de uma NF-e (modelo 55), em dataclasses imutáveis. Dinheiro sempre em Decimal.

Quem monta estes objetos (a partir do banco, de um pedido da loja etc.) não precisa conhecer o leiaute:
o motor (motor.py) decide CFOP, CST/CSOSN, alíquotas e totais; xml.py escreve o XML.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

ZERO = Decimal("0")

HOMOLOGACAO = 2
PRODUCAO = 1


@dataclass(frozen=True)
class Endereco:
    logradouro: str
    numero: str
    bairro: str
    codigo_municipio: str  # IBGE, 7 algarismos
    municipio: str
    uf: str
    cep: str
    complemento: str = ""


@dataclass(frozen=True)
class Emitente:
    razao_social: str
    cnpj: str  # 14 posições; as 12 primeiras podem ter letras (CNPJ alfanumérico)
    ie: str
    crt: int  # 1 Simples Nacional, 2 SN acima do sublimite, 3 Regime Normal, 4 MEI
    endereco: Endereco
    nome_fantasia: str = ""
    im: str = ""
    cnae: str = ""  # só vai ao XML junto com a IM
    fone: str = ""
    # Regime Normal: "cumulativo" (lucro presumido) ou "nao_cumulativo" (lucro real). Ignorado no Simples.
    regime_pis_cofins: str = "cumulativo"
    exclui_icms_base_pis_cofins: bool = True  # RE 574.706 ("tese do século")
    aliquota_credito_sn: Decimal = ZERO  # pCredSN: > 0 faz o motor usar o CSOSN 101 para contribuintes
    difal_no_simples: bool = False  # optante do Simples que recolhe o DIFAL (grupo ICMSUFDest)
    # Reforma tributária (grupo IBSCBS): None = automático (CRT 3 a partir de tabelas.INICIO_IBS_CBS); True/False
    # ligam ou desligam. CRT 1 e 4 nunca informam (motor.ibs_cbs_ativo, docs/fiscal.md).
    ibs_cbs_ativo: bool | None = None
    aliquota_cbs: Decimal | None = None  # None: valor de teste de 2026 em tabelas.py
    aliquota_ibs_uf: Decimal | None = None
    aliquota_ibs_mun: Decimal | None = None
    cst_ibs_cbs: str = ""  # padrão da empresa para os itens sem CST IBS/CBS próprio (vazio: "000")
    classificacao_tributaria: str = ""  # cClassTrib padrão da empresa (vazio: "000001")


@dataclass(frozen=True)
class CargaTributaria:
    """Percentuais aproximados da Lei 12.741/2012 (tabela do IBPT) para o NCM do item."""

    federal: Decimal
    estadual: Decimal
    municipal: Decimal
    fonte: str = "IBPT"


@dataclass(frozen=True)
class Destinatario:
    nome: str
    cpf_cnpj: str  # 11 posições = CPF; 14 = CNPJ (talvez alfanumérico)
    endereco: Endereco
    ie: str = ""  # algarismos, "ISENTO" ou vazio
    ind_ie_dest: int | None = None  # None: 1 com IE, 2 se "ISENTO", 9 sem IE (não contribuinte)
    email: str = ""
    fone: str = ""


@dataclass(frozen=True)
class LocalEntrega:
    """Local de entrega diferente do endereço do destinatário (grupo entrega, MOC 7.0 Anexo I, G01)."""

    endereco: Endereco
    nome: str = ""  # quem recebe
    cpf_cnpj: str = ""  # documento de quem recebe (o do destinatário, quando é ele)
    fone: str = ""


@dataclass(frozen=True)
class Tributacao:
    """Configuração tributária do produto. Campos vazios: o motor decide pelas tabelas."""

    substituicao_tributaria: bool = False  # mercadoria sujeita a ST (imposto já retido antes)
    cst_icms: str = ""  # Regime Normal: "00", "20", "40", "41", "50", "60", "90"
    csosn: str = ""  # Simples: "101", "102", "103", "300", "400", "500", "900"
    aliquota_icms: Decimal | None = None  # sobrepõe a alíquota interna da UF (operações internas)
    reducao_base_icms: Decimal = ZERO  # pRedBC em % (leva ao CST 20)
    aliquota_fcp: Decimal = ZERO  # FCP em operação interna (pFCP), quando o produto paga
    cst_pis: str = ""
    aliquota_pis: Decimal | None = None
    cst_cofins: str = ""
    aliquota_cofins: Decimal | None = None
    cst_ipi: str = ""  # vazio: sem IPI. "00","49","50","99" tributado; "01".."05","51".."55" não tributado
    aliquota_ipi: Decimal = ZERO
    enquadramento_ipi: str = "999"
    cst_ibs_cbs: str = ""  # vazio: o padrão da empresa, ou "000" (tributação integral)
    classificacao_tributaria: str = ""  # cClassTrib; vazio: o padrão da empresa, ou "000001"
    beneficio_fiscal: str = ""  # cBenef (8 ou 10 caracteres, ou "SEM CBENEF")
    # ICMS-ST calculado pelo emitente (CST 10, CSOSN 201/202): MVA, alíquota interna do destino, redução, FCP-ST.
    mva_st: Decimal = ZERO
    aliquota_st: Decimal | None = None  # pICMSST; None: a alíquota interna da UF de destino na tabela
    reducao_base_st: Decimal = ZERO
    aliquota_fcp_st: Decimal = ZERO
    aliquota_fcp_destino: Decimal | None = None  # pFCPUFDest do DIFAL; None: o da UF na tabela
    # ST já retida (CST 60 / CSOSN 500): por unidade, da última compra (vBCSTRet e vICMSSTRet) e pST.
    st_retido_base_unitaria: Decimal | None = None
    st_retido_aliquota: Decimal | None = None
    st_retido_valor_unitario: Decimal | None = None


@dataclass(frozen=True)
class Item:
    codigo: str
    descricao: str
    ncm: str
    quantidade: Decimal
    valor_unitario: Decimal
    unidade: str = "UN"
    cest: str = ""
    cfop: str = ""  # vazio: o motor escolhe
    origem: int = 0  # 0 a 8 (tabela de origem da mercadoria)
    gtin: str = ""  # vazio ou "SEM GTIN" quando não há código de barras
    desconto: Decimal = ZERO  # desconto do próprio item (além do rateio do desconto do pedido)
    tributacao: Tributacao = field(default_factory=Tributacao)
    informacoes_adicionais: str = ""  # infAdProd
    pedido: str = ""  # xPed (número do pedido do comprador)
    item_pedido: str = ""  # nItemPed
    fci: str = ""  # nFCI, para as origens 3, 5 e 8 (conteúdo de importação)
    carga_tributaria: CargaTributaria | None = None  # vTotTrib (Lei 12.741/2012); None: sem a tag


@dataclass(frozen=True)
class Cartao:
    integracao: int = 2  # tpIntegra: 1 integrado (TEF/e-commerce), 2 não integrado (POS)
    cnpj_credenciadora: str = ""
    bandeira: str = ""  # tBand, 2 algarismos (01 Visa, 02 Mastercard...)
    autorizacao: str = ""  # cAut


@dataclass(frozen=True)
class Pagamento:
    forma: str  # tPag: "01" dinheiro, "03" crédito, "04" débito, "15" boleto, "17" PIX, "99" outros...
    valor: Decimal
    a_prazo: bool | None = None  # indPag 0/1; None: não informa
    descricao: str = ""  # xPag (exigida com tPag 99)
    cartao: Cartao | None = None
    data: date | None = None  # dPag


@dataclass(frozen=True)
class Intermediador:
    """Plataforma de terceiros (marketplace) onde a venda foi feita."""

    cnpj: str
    identificador: str  # idCadIntTran: o nome/código do vendedor na plataforma


@dataclass(frozen=True)
class Transportadora:
    nome: str = ""
    cpf_cnpj: str = ""
    ie: str = ""
    endereco: str = ""
    municipio: str = ""
    uf: str = ""


@dataclass(frozen=True)
class Volume:
    quantidade: int | None = None
    especie: str = ""
    marca: str = ""
    numeracao: str = ""
    peso_liquido: Decimal | None = None  # kg, 3 casas
    peso_bruto: Decimal | None = None


@dataclass(frozen=True)
class Frete:
    """O grupo transp da NF-e: modalidade do frete, transportadora e volumes."""

    modalidade_frete: int = 9  # 0 CIF, 1 FOB, 2 terceiros, 3 próprio remetente, 4 próprio destinatário, 9 sem
    transportadora: Transportadora | None = None
    volumes: tuple[Volume, ...] = ()


@dataclass(frozen=True)
class ResponsavelTecnico:
    cnpj: str
    contato: str
    email: str
    fone: str
    id_csrt: str = ""  # quando a UF exige o CSRT
    csrt: str = ""


@dataclass(frozen=True)
class DocumentoNFe:
    emitente: Emitente
    destinatario: Destinatario
    itens: tuple[Item, ...]
    serie: int
    numero: int
    data_emissao: datetime  # com fuso horário (horas cheias)
    pagamentos: tuple[Pagamento, ...] = ()
    ambiente: int = HOMOLOGACAO  # 1 produção, 2 homologação
    natureza_operacao: str = "Venda de mercadoria"
    tipo_emissao: int = 1  # tpEmis; contingências (6 SVC-AN, 7 SVC-RS) exigem data e justificativa
    codigo_numerico: str = ""  # cNF; vazio: sorteado. Guarde a chave gerada e repita o cNF ao reenviar
    frete: Decimal = ZERO  # totais do pedido, rateados entre os itens
    seguro: Decimal = ZERO
    outras_despesas: Decimal = ZERO  # inclusive juros do parcelamento
    desconto: Decimal = ZERO
    intermediador: Intermediador | None = None
    entrega: LocalEntrega | None = None  # None: entrega no endereço do destinatário
    presenca: int = 2  # indPres: 2 = operação pela internet
    consumidor_final: bool | None = None  # None: consumidor final quando o destinatário não é contribuinte
    transporte: Frete = field(default_factory=Frete)
    responsavel_tecnico: ResponsavelTecnico | None = None
    informacoes_complementares: str = ""  # infCpl
    informacoes_fisco: str = ""  # infAdFisco
    data_saida: datetime | None = None
    finalidade: int = 1  # finNFe: 1 normal
    data_contingencia: datetime | None = None
    justificativa_contingencia: str = ""
    versao_aplicativo: str = "erp-tray 1.0"
