"""Resultado do motor fiscal: os tributos de cada item e os totais da nota, já arredondados."""
from dataclasses import dataclass
from decimal import Decimal

from erp.nfe.fiscal.documento import Item, DocumentoNFe, Pagamento
from erp.nfe.fiscal.formato import ZERO


@dataclass(frozen=True, slots=True)
class Icms:
    grupo: str  # "ICMS00", "ICMSSN102"...
    origem: int
    cst: str  # CST (Regime Normal) ou CSOSN (Simples Nacional)
    base: Decimal = ZERO
    aliquota: Decimal = ZERO
    valor: Decimal = ZERO
    reducao_base: Decimal = ZERO
    aliquota_fcp: Decimal = ZERO
    valor_fcp: Decimal = ZERO
    aliquota_credito_sn: Decimal = ZERO
    valor_credito_sn: Decimal = ZERO
    st: "IcmsSt | None" = None  # ICMS-ST calculado (CST 10, CSOSN 201/202)
    st_retido: "StRetido | None" = None  # ST retida antes (CST 60, CSOSN 500)

    @property
    def simples(self) -> bool:
        return self.grupo.startswith("ICMSSN")


@dataclass(frozen=True, slots=True)
class IcmsSt:
    """ICMS devido por substituição tributária, calculado pelo emitente (modBCST 4: MVA)."""

    mva: Decimal
    reducao_base: Decimal
    base: Decimal
    aliquota: Decimal
    valor: Decimal
    aliquota_fcp: Decimal = ZERO
    valor_fcp: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class StRetido:
    """ST já retida na compra (vBCSTRet, pST, vICMSSTRet), da última compra do produto."""

    base: Decimal
    aliquota: Decimal
    valor: Decimal


@dataclass(frozen=True, slots=True)
class Ipi:
    cst: str
    enquadramento: str
    base: Decimal = ZERO
    aliquota: Decimal = ZERO
    valor: Decimal = ZERO

    @property
    def tributado(self) -> bool:
        return self.cst in ("00", "49", "50", "99")


@dataclass(frozen=True, slots=True)
class Contribuicao:
    """PIS ou COFINS de um item."""

    cst: str
    base: Decimal = ZERO
    aliquota: Decimal = ZERO
    valor: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Difal:
    """ICMS devido à UF de destino (EC 87/2015), grupo ICMSUFDest."""

    base: Decimal
    aliquota_interna: Decimal
    aliquota_interestadual: Decimal
    valor_destino: Decimal
    aliquota_fcp: Decimal = ZERO
    valor_fcp: Decimal = ZERO
    percentual_partilha: Decimal = Decimal("100")
    valor_remetente: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class IbsCbs:
    cst: str
    classificacao: str  # cClassTrib
    base: Decimal
    aliquota_ibs_uf: Decimal
    valor_ibs_uf: Decimal
    aliquota_ibs_mun: Decimal
    valor_ibs_mun: Decimal
    aliquota_cbs: Decimal
    valor_cbs: Decimal

    @property
    def valor_ibs(self) -> Decimal:
        return self.valor_ibs_uf + self.valor_ibs_mun


@dataclass(frozen=True, slots=True)
class ItemCalculado:
    numero: int  # nItem (1..990)
    item: Item
    cfop: str
    valor_produto: Decimal  # vProd = quantidade × valor unitário
    frete: Decimal
    seguro: Decimal
    desconto: Decimal  # desconto do item + rateio do desconto do pedido
    outras: Decimal
    icms: Icms
    pis: Contribuicao
    cofins: Contribuicao
    ipi: Ipi | None = None
    difal: Difal | None = None
    ibs_cbs: IbsCbs | None = None
    valor_tributos: Decimal | None = None  # vTotTrib (Lei 12.741/2012); None: sem tabela do IBPT

    @property
    def valor_operacao(self) -> Decimal:
        """vProd − vDesc + vFrete + vSeg + vOutro (sem IPI)."""
        return self.valor_produto - self.desconto + self.frete + self.seguro + self.outras


@dataclass(frozen=True, slots=True)
class Totais:
    """Grupo ICMSTot (e IBSCBSTot quando a reforma está ativa)."""

    base_icms: Decimal
    icms: Decimal
    icms_desonerado: Decimal
    fcp: Decimal
    base_st: Decimal
    st: Decimal
    fcp_st: Decimal
    fcp_st_retido: Decimal
    produtos: Decimal
    frete: Decimal
    seguro: Decimal
    desconto: Decimal
    ii: Decimal
    ipi: Decimal
    ipi_devolvido: Decimal
    pis: Decimal
    cofins: Decimal
    outras: Decimal
    nota: Decimal  # vNF
    difal_fcp: Decimal | None = None  # vFCPUFDest, vICMSUFDest, vICMSUFRemet: só com DIFAL
    difal_destino: Decimal | None = None
    difal_remetente: Decimal | None = None
    base_ibs_cbs: Decimal | None = None  # IBSCBSTot: só com a reforma ativa
    ibs_uf: Decimal | None = None
    ibs_mun: Decimal | None = None
    cbs: Decimal | None = None
    tributos: Decimal | None = None  # vTotTrib: só quando algum item tem a carga do IBPT

    @property
    def ibs(self) -> Decimal | None:
        return None if self.ibs_uf is None else self.ibs_uf + self.ibs_mun


@dataclass(frozen=True, slots=True)
class DetalhePagamento:
    pagamento: Pagamento | None  # None no detPag "90 - Sem pagamento" criado quando não há pagamentos
    forma: str
    valor: Decimal
    descricao: str = ""


@dataclass(frozen=True, slots=True)
class NotaCalculada:
    nota: DocumentoNFe
    id_destino: int  # 1 interna, 2 interestadual
    consumidor_final: int  # indFinal
    ind_ie_dest: int
    itens: tuple[ItemCalculado, ...]
    totais: Totais
    pagamentos: tuple[DetalhePagamento, ...]
    troco: Decimal | None = None  # vTroco
    textos_legais: tuple[str, ...] = ()  # vão ao infCpl depois das informações da nota (docs/fiscal.md)
