"""Regras fiscais como dados: UFs, alíquotas de ICMS, CFOP, CST/CSOSN, PIS/COFINS, IBS/CBS e pagamentos.

A tabela de alíquotas de ICMS é um dado que o usuário pode editar (e guardar no banco via
`tabela_para_dict`/`tabela_de_dict`); o motor recebe a tabela como argumento. Os valores de
`TABELA_ICMS_PADRAO` são referências (alíquota modal de cada UF em 2025/2026): confira com o contador.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

D = Decimal

TEXTO_HOMOLOGACAO = "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL"

CODIGOS_UF = {
    "RO": "11", "AC": "12", "AM": "13", "RR": "14", "PA": "15", "AP": "16", "TO": "17", "MA": "21",
    "PI": "22", "CE": "23", "RN": "24", "PB": "25", "PE": "26", "AL": "27", "SE": "28", "BA": "29",
    "MG": "31", "ES": "32", "RJ": "33", "SP": "35", "PR": "41", "SC": "42", "RS": "43", "MS": "50",
    "MT": "51", "GO": "52", "DF": "53",
}
UFS = frozenset(CODIGOS_UF)

# Resolução do Senado 22/1989: das regiões Sul e Sudeste (exceto ES) para N, NE, CO e ES, 7%; demais, 12%.
_SUL_SUDESTE_SEM_ES = frozenset({"MG", "PR", "RJ", "RS", "SC", "SP"})


@dataclass(frozen=True)
class AliquotaInterna:
    interna: Decimal  # alíquota modal interna de ICMS (%)
    fcp: Decimal = D("0")  # Fundo de Combate à Pobreza aplicado no DIFAL (%)
    difal_base_dupla: bool = False  # DIFAL "por dentro" (base dupla, LC 190/2022) em vez da base única
    vigencia: date | None = None  # desde quando valem estes números
    fonte: str = ""  # lei ou ato de onde vieram (docs/fiscal.md)


@dataclass(frozen=True)
class TabelaIcms:
    internas: dict = field(default_factory=dict)  # UF -> AliquotaInterna
    interestaduais: dict = field(default_factory=dict)  # (UF origem, UF destino) -> %
    aliquota_importados: Decimal = D("4")  # Resolução do Senado 13/2012
    origens_importadas: frozenset = frozenset({1, 2, 3, 8})

    def interna(self, uf: str) -> AliquotaInterna:
        try:
            return self.internas[uf]
        except KeyError:
            raise KeyError(f"A tabela de ICMS não tem a alíquota interna da UF {uf}.") from None

    def interestadual(self, uf_origem: str, uf_destino: str, origem_mercadoria: int) -> Decimal:
        if origem_mercadoria in self.origens_importadas:
            return self.aliquota_importados
        try:
            return self.interestaduais[(uf_origem, uf_destino)]
        except KeyError:
            raise KeyError(f"A tabela de ICMS não tem a alíquota de {uf_origem} para {uf_destino}.") from None


def _interestaduais_padrao() -> dict:
    tabela = {}
    for origem in CODIGOS_UF:
        for destino in CODIGOS_UF:
            if origem != destino:
                sete = origem in _SUL_SUDESTE_SEM_ES and destino not in _SUL_SUDESTE_SEM_ES
                tabela[(origem, destino)] = D("7") if sete else D("12")
    return tabela


# UF: (alíquota modal interna %, FCP % do DIFAL, base dupla, vigência, fonte). Uma linha por UF, cada uma com a
# sua data e a sua fonte; a empresa edita na tela (NF-e → Empresa → Alíquotas por UF). Base dupla: a UF calcula
# o DIFAL do não contribuinte "por dentro" (LC 87/1996 art. 13 §1º I, com a redação da LC 190/2022, aplicado
# pela lei da UF); as demais usam a base única do Convênio ICMS 236/2021, cláusula segunda. A lista e os números
# vêm das leis de ICMS das UFs citadas: confira com o contador antes de produzir (docs/fiscal.md).
_LEI = "lei do ICMS da UF (alíquota modal)"
_DUPLA = "; DIFAL por dentro (base dupla) pela lei da UF, LC 190/2022"
_INTERNAS_PADRAO = {
    "AC": ("19", "0", False, "2023-04-01", _LEI),
    "AL": ("19", "1", True, "2023-04-01", _LEI + "; FCP 1% (Lei AL 6.558/2004)" + _DUPLA),
    "AM": ("20", "0", False, "2023-03-23", _LEI),
    "AP": ("18", "0", False, "2023-01-01", _LEI),
    "BA": ("20.5", "0", True, "2024-02-20", "Lei BA 7.014/1996 art. 15 I, redação da Lei 14.629/2023" + _DUPLA),
    "CE": ("20", "0", False, "2024-01-01", _LEI),
    "DF": ("20", "0", False, "2023-04-01", _LEI),
    "ES": ("17", "0", False, "2022-01-01", _LEI),
    "GO": ("19", "0", True, "2023-04-01", _LEI + _DUPLA),
    "MA": ("23", "0", True, "2025-02-23", "Lei MA 7.799/2002 art. 23, redação da Lei 12.426/2024" + _DUPLA),
    "MG": ("18", "0", True, "2022-01-01", "Lei MG 6.763/1975 art. 12" + _DUPLA),
    "MS": ("17", "0", False, "2022-01-01", _LEI),
    "MT": ("17", "0", False, "2022-01-01", _LEI),
    "PA": ("19", "0", True, "2024-01-01", _LEI + _DUPLA),
    "PB": ("20", "0", True, "2024-01-01", _LEI + _DUPLA),
    "PE": ("20.5", "0", True, "2024-01-01", _LEI + _DUPLA),
    "PI": ("22.5", "0", True, "2025-04-01", _LEI + _DUPLA),
    "PR": ("19.5", "0", True, "2023-03-13", "Lei PR 11.580/1996 art. 14, redação da Lei 21.308/2022" + _DUPLA),
    "RJ": ("20", "2", False, "2022-01-01", "Lei RJ 2.657/1996 art. 14; FCP 2% (Lei RJ 4.056/2002)"),
    "RN": ("20", "0", False, "2025-04-01", _LEI),
    "RO": ("19.5", "0", False, "2023-04-01", _LEI),
    "RR": ("20", "0", False, "2023-04-01", _LEI),
    "RS": ("17", "0", True, "2024-01-01", _LEI + _DUPLA),
    "SC": ("17", "0", True, "2022-01-01", _LEI + _DUPLA),
    "SE": ("19", "1", True, "2023-04-01", _LEI + "; FCP 1% (Lei SE 4.731/2002)" + _DUPLA),
    "SP": ("18", "0", False, "2022-01-01", "Lei SP 6.374/1989 art. 34"),
    "TO": ("20", "0", True, "2023-04-01", _LEI + _DUPLA),
}
UFS_BASE_DUPLA = frozenset(uf for uf, linha in _INTERNAS_PADRAO.items() if linha[2])

TABELA_ICMS_PADRAO = TabelaIcms(
    internas={uf: AliquotaInterna(D(i), D(f), dupla, date.fromisoformat(v), fonte)
              for uf, (i, f, dupla, v, fonte) in _INTERNAS_PADRAO.items()},
    interestaduais=_interestaduais_padrao(),
)


def tabela_para_dict(tabela: TabelaIcms) -> dict:
    """Forma serializável em JSON (para guardar a tabela editada pelo usuário)."""
    return {
        "internas": {
            uf: {"interna": str(a.interna), "fcp": str(a.fcp), "difal_base_dupla": a.difal_base_dupla,
                 "vigencia": a.vigencia.isoformat() if a.vigencia else None, "fonte": a.fonte}
            for uf, a in sorted(tabela.internas.items())
        },
        "interestaduais": {f"{o}-{d}": str(p) for (o, d), p in sorted(tabela.interestaduais.items())},
        "aliquota_importados": str(tabela.aliquota_importados),
        "origens_importadas": sorted(tabela.origens_importadas),
    }


def tabela_de_dict(dados: dict) -> TabelaIcms:
    return TabelaIcms(
        internas={
            uf: AliquotaInterna(D(a["interna"]), D(a.get("fcp", "0")), bool(a.get("difal_base_dupla", False)),
                                date.fromisoformat(a["vigencia"]) if a.get("vigencia") else None, a.get("fonte", ""))
            for uf, a in dados["internas"].items()
        },
        interestaduais={tuple(k.split("-")): D(v) for k, v in dados["interestaduais"].items()},
        aliquota_importados=D(dados.get("aliquota_importados", "4")),
        origens_importadas=frozenset(dados.get("origens_importadas", (1, 2, 3, 8))),
    )


# CFOP de venda de mercadoria de terceiros: (interestadual, destinatário contribuinte, sujeita a ST).
CFOP_VENDA = {
    (False, True, False): "5102", (False, False, False): "5102",
    (False, True, True): "5405", (False, False, True): "5405",
    (True, True, False): "6102", (True, True, True): "6404",
    (True, False, False): "6108", (True, False, True): "6108",
}

# O emitente retém a ST (CST 10, CSOSN 201/202/203): "venda de mercadoria ... sujeita ao regime de substituição
# tributária, na condição de contribuinte substituto" (tabela de CFOP do Ajuste SINIEF 07/2001): interna, interestadual.
CFOP_ST_SUBSTITUTO = {False: "5403", True: "6403"}

# Grupo do XML de cada CST (Regime Normal) e CSOSN (Simples Nacional) que o motor sabe calcular.
GRUPO_ICMS = {
    "00": "ICMS00", "10": "ICMS10", "20": "ICMS20", "40": "ICMS40", "41": "ICMS40", "50": "ICMS40",
    "60": "ICMS60", "90": "ICMS90",
    "101": "ICMSSN101", "102": "ICMSSN102", "103": "ICMSSN102", "201": "ICMSSN201", "202": "ICMSSN202",
    "203": "ICMSSN202", "300": "ICMSSN102", "400": "ICMSSN102", "500": "ICMSSN500", "900": "ICMSSN900",
}
CST_TRIBUTADOS = frozenset({"00", "10", "20", "90"})  # destacam ICMS próprio (vBC/pICMS/vICMS)
COM_ST_CALCULADA = frozenset({"10", "201", "202", "203"})  # o emitente retém o ICMS-ST (grupo ST no item)
COM_ST_RETIDA = frozenset({"60", "500"})  # ST retida antes: vBCSTRet/pST/vICMSSTRet da última compra
ORIGENS_COM_FCI = frozenset({3, 5, 8})  # nFCI (Ajuste SINIEF 19/2012, Convênio ICMS 38/2013)
CST_SEM_DIFAL = frozenset({"40", "41", "50", "60", "103", "300", "400", "500"})
CRT_SIMPLES = frozenset({1, 4})  # usam CSOSN; CRT 2 (sublimite) e 3 usam CST

# Escolha automática (quando o produto não traz CST/CSOSN próprio).
CST_PADRAO = {"st": "60", "reducao": "20", "normal": "00"}
CSOSN_PADRAO = {"st": "500", "credito": "101", "normal": "102"}

# PIS/COFINS: regime -> (CST, % PIS, % COFINS). O Simples recolhe no DAS: CST 49 (outras saídas).
PIS_COFINS = {
    "cumulativo": ("01", D("0.65"), D("3.00")),
    "nao_cumulativo": ("01", D("1.65"), D("7.60")),
    "simples": ("49", D("0"), D("0")),
}
CST_PIS_COFINS_ALIQ = frozenset({"01", "02"})
CST_PIS_COFINS_NT = frozenset({"04", "05", "06", "07", "08", "09"})

CST_IPI_TRIBUTADO = frozenset({"00", "49", "50", "99"})
CST_IPI_NAO_TRIBUTADO = frozenset({"01", "02", "03", "04", "05", "51", "52", "53", "54", "55"})

# Reforma tributária (NT 2025.002): CST e cClassTrib da tributação integral.
CST_IBS_CBS_PADRAO = "000"
CLASSIFICACAO_IBS_CBS_PADRAO = "000001"
# Desde quando o grupo IBSCBS vale para o Regime Normal (CRT 3): LC 214/2025 art. 343 (CBS 0,9% e IBS 0,1% em
# 2026) e NT 2025.002-RTC (cronograma da v1.20: valor jurídico a partir de 01/01/2026, obrigatório nas NF-e de
# 05/01/2026 em diante). CRT 1, 2 e 4 só em 2027 (LC 214/2025 art. 348; NT 2025.002, observação do cronograma).
INICIO_IBS_CBS = date(2026, 1, 1)
CRT_SEM_IBS_CBS = frozenset({1, 4})  # Simples Nacional e MEI: nunca (recolhem pelo DAS)


@dataclass(frozen=True)
class AliquotasIbsCbs:
    inicio: date
    fim: date | None
    cbs: Decimal | None  # None: sem alíquota de referência publicada (a empresa informa a sua)
    ibs_uf: Decimal
    ibs_mun: Decimal
    fonte: str


# Alíquotas por período de validade (docs/fiscal.md, "IBS/CBS").
ALIQUOTAS_IBS_CBS = (
    AliquotasIbsCbs(date(2026, 1, 1), date(2026, 12, 31), D("0.90"), D("0.10"), D("0.00"),
                    "LC 214/2025 art. 343 (ano de teste); NT 2025.002 (alíquotas por ano nas regras de validação)"),
    AliquotasIbsCbs(date(2027, 1, 1), date(2028, 12, 31), None, D("0.05"), D("0.05"),
                    "LC 214/2025, transição de 2027-2028 (IBS 0,05% estadual + 0,05% municipal); CBS pela "
                    "alíquota de referência, a informar pela empresa"),
)


def aliquotas_ibs_cbs(dia: date) -> AliquotasIbsCbs | None:
    for linha in ALIQUOTAS_IBS_CBS:
        if linha.inicio <= dia and (linha.fim is None or dia <= linha.fim):
            return linha
    return None


# Simples Nacional: textos obrigatórios no infCpl (LC 123/2006 art. 23; Resolução CGSN 140/2018, documentos
# fiscais: antes arts. 57 e 58 da Resolução CGSN 94/2011).
TEXTO_SIMPLES = ("DOCUMENTO EMITIDO POR ME OU EPP OPTANTE PELO SIMPLES NACIONAL. "
                 "NAO GERA DIREITO A CREDITO FISCAL DE IPI.")
TEXTO_CREDITO_SN = ("PERMITE O APROVEITAMENTO DO CREDITO DE ICMS NO VALOR DE {valor}; CORRESPONDENTE A "
                    "ALIQUOTA DE {aliquota}%, NOS TERMOS DO ART. 23 DA LEI COMPLEMENTAR No 123, DE 2006.")

FORMAS_PAGAMENTO = {
    "01": "Dinheiro", "02": "Cheque", "03": "Cartão de Crédito", "04": "Cartão de Débito",
    "05": "Crédito Loja", "10": "Vale Alimentação", "11": "Vale Refeição", "12": "Vale Presente",
    "13": "Vale Combustível", "15": "Boleto Bancário", "16": "Depósito Bancário", "17": "PIX",
    "18": "Transferência bancária, Carteira Digital", "19": "Programa de fidelidade, Cashback",
    "90": "Sem pagamento", "99": "Outros",
}
PAGAMENTO_COM_CARTAO = frozenset({"03", "04"})  # exigem o grupo card
PAGAMENTO_DINHEIRO = "01"
SEM_PAGAMENTO = "90"
