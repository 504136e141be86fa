"""validar_dados: tudo o que falta (ou está errado) no cadastro, antes de montar a nota.

Devolve pendências com mensagens para o usuário ("Produto CHA-2L sem NCM"), para que ele corrija o
cadastro de uma vez, em vez de descobrir um erro por tentativa.
"""
import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

from erp.comum import documentos
from erp.nfe.fiscal import tabelas
from erp.nfe.fiscal.chave import codigo_numerico_valido
from erp.nfe.fiscal.documento import Endereco, Item, DocumentoNFe
from erp.nfe.fiscal.erros import Pendencia
from erp.nfe.fiscal.formato import dinheiro, digitos, fuso_valido, texto
from erp.nfe.fiscal.motor import indicador_ie
from erp.nfe.fiscal.tabelas import TABELA_ICMS_PADRAO, TabelaIcms

MAXIMO_ITENS = 990
cnpj_valido = lru_cache(maxsize=4096)(documentos.cnpj_valido)  # os mesmos CNPJs se repetem a cada nota
cpf_valido = lru_cache(maxsize=4096)(documentos.cpf_valido)
_IE = re.compile(r"^[0-9]{2,14}$")
_GTIN_TAMANHOS = (8, 12, 13, 14)
_CSTS_PIS_COFINS = tabelas.CST_PIS_COFINS_ALIQ | tabelas.CST_PIS_COFINS_NT | frozenset(
    {"49", "50", "51", "52", "53", "54", "55", "56", "60", "61", "62", "63", "64", "65", "66", "67",
     "70", "71", "72", "73", "74", "75", "98", "99"})


@lru_cache(maxsize=8192)
def gtin_valido(codigo: str) -> bool:
    if not codigo.isdigit() or len(codigo) not in _GTIN_TAMANHOS:
        return False
    soma = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(codigo[:-1])))
    return (10 - soma % 10) % 10 == int(codigo[-1])


def validar_dados(nota: DocumentoNFe, tabela: TabelaIcms = TABELA_ICMS_PADRAO) -> list[Pendencia]:
    p: list[Pendencia] = []
    _nota(nota, p)
    _emitente(nota, tabela, p)
    _destinatario(nota, tabela, p)
    interestadual = nota.emitente.endereco.uf != nota.destinatario.endereco.uf
    for item in nota.itens:
        _item(item, nota, interestadual, p)
    return p


def _nota(nota: DocumentoNFe, p: list) -> None:
    if not 1 <= nota.numero <= 999_999_999:
        p.append(Pendencia("numero", f"Número da nota inválido: {nota.numero} (use de 1 a 999999999)."))
    if not 0 <= nota.serie <= 999:
        p.append(Pendencia("serie", f"Série inválida: {nota.serie} (use de 0 a 999)."))
    if not fuso_valido(nota.data_emissao):
        p.append(Pendencia("data_emissao", "A data de emissão precisa de fuso horário em horas cheias (ex.: -03:00)."))
    if nota.data_saida is not None and not fuso_valido(nota.data_saida):
        p.append(Pendencia("data_saida", "A data de saída precisa de fuso horário em horas cheias."))
    if not texto(nota.natureza_operacao):
        p.append(Pendencia("natureza_operacao", "Natureza da operação não informada."))
    if nota.ambiente not in (1, 2):
        p.append(Pendencia("ambiente", "Ambiente inválido: use 1 (produção) ou 2 (homologação)."))
    if nota.tipo_emissao not in (1, 2, 3, 4, 5, 6, 7):
        p.append(Pendencia("tipo_emissao", f"Tipo de emissão {nota.tipo_emissao} não é aceito na NF-e."))
    elif nota.tipo_emissao != 1 and (
            nota.data_contingencia is None or len(texto(nota.justificativa_contingencia)) < 15):
        p.append(Pendencia("contingencia", "Emissão em contingência exige a data de entrada e uma "
                                           "justificativa de pelo menos 15 caracteres."))
    if nota.codigo_numerico and not codigo_numerico_valido(nota.codigo_numerico, nota.numero):
        p.append(Pendencia("codigo_numerico", f"Código numérico {nota.codigo_numerico} inválido: 8 algarismos, "
                                              "diferente do número da nota e sem sequência trivial."))
    if not nota.itens:
        p.append(Pendencia("itens", "A nota precisa de pelo menos um item."))
    elif len(nota.itens) > MAXIMO_ITENS:
        p.append(Pendencia("itens", f"A NF-e aceita no máximo {MAXIMO_ITENS} itens; esta tem {len(nota.itens)}."))
    for nome, rotulo in (("frete", "frete"), ("seguro", "seguro"), ("outras_despesas", "outras despesas"),
                         ("desconto", "desconto")):
        if getattr(nota, nome) < 0:
            p.append(Pendencia(nome, f"O valor de {rotulo} não pode ser negativo."))
    produtos = sum((dinheiro(i.quantidade * i.valor_unitario) - i.desconto for i in nota.itens), Decimal(0))
    if nota.desconto > produtos:
        p.append(Pendencia("desconto", "O desconto do pedido é maior que o valor dos produtos."))
    if nota.presenca not in (0, 1, 2, 3, 4, 5, 9):
        p.append(Pendencia("presenca", f"Indicador de presença inválido: {nota.presenca}."))
    if nota.intermediador is not None:
        if not cnpj_valido(nota.intermediador.cnpj):
            p.append(Pendencia("intermediador", f"CNPJ do intermediador inválido: {nota.intermediador.cnpj}."))
        if not 2 <= len(texto(nota.intermediador.identificador)) <= 60:
            p.append(Pendencia("intermediador", "Identificação do vendedor no marketplace deve ter de 2 a 60 caracteres."))
    resp = nota.responsavel_tecnico
    if resp is not None and (not cnpj_valido(resp.cnpj) or not 6 <= len(digitos(resp.fone)) <= 14
                             or not 6 <= len(texto(resp.email)) <= 60 or len(texto(resp.contato)) < 2):
        p.append(Pendencia("responsavel_tecnico", "Dados do responsável técnico incompletos (CNPJ, contato, "
                                                  "e-mail e telefone)."))
    for pag in nota.pagamentos:
        if not (len(pag.forma) == 2 and pag.forma.isdigit()):
            p.append(Pendencia("pagamentos", f"Forma de pagamento inválida: '{pag.forma}'."))
        if pag.valor < 0:
            p.append(Pendencia("pagamentos", "Valor de pagamento negativo."))


def _endereco(end: Endereco, quem: str, campo: str, p: list) -> None:
    faltam = [rotulo for rotulo, v in (("logradouro", end.logradouro), ("bairro", end.bairro),
                                        ("município", end.municipio)) if len(texto(v)) < 2]
    if faltam:
        p.append(Pendencia(campo, f"Endereço {quem} incompleto: falta {', '.join(faltam)}."))
    if end.uf not in tabelas.UFS:
        p.append(Pendencia(campo, f"UF {quem} inválida: '{end.uf}'."))
    municipio = end.codigo_municipio
    if not (len(municipio) == 7 and municipio.isdigit()):
        p.append(Pendencia(campo, f"Código IBGE do município {quem} inválido: '{municipio}' (7 algarismos)."))
    elif end.uf in tabelas.UFS and municipio[:2] != tabelas.CODIGOS_UF[end.uf]:
        p.append(Pendencia(campo, f"O município {municipio} não é da UF {end.uf} ({quem})."))
    if len(digitos(end.cep)) != 8:
        p.append(Pendencia(campo, f"CEP {quem} inválido: '{end.cep}' (8 algarismos)."))


def _emitente(nota: DocumentoNFe, tabela: TabelaIcms, p: list) -> None:
    emit = nota.emitente
    if len(texto(emit.razao_social)) < 2:
        p.append(Pendencia("emitente", "Razão social do emitente não informada."))
    if not cnpj_valido(emit.cnpj):
        p.append(Pendencia("emitente", f"CNPJ do emitente inválido: {emit.cnpj}."))
    ie = emit.ie.strip().upper()
    if ie != "ISENTO" and not _IE.match(digitos(ie)):
        p.append(Pendencia("emitente", "Inscrição estadual do emitente inválida ou não informada."))
    if emit.crt not in (1, 2, 3, 4):
        p.append(Pendencia("emitente", f"Regime tributário (CRT) inválido: {emit.crt}."))
    if emit.crt == 3 and emit.regime_pis_cofins not in ("cumulativo", "nao_cumulativo"):
        p.append(Pendencia("emitente", f"Regime de PIS/COFINS desconhecido: '{emit.regime_pis_cofins}'."))
    _endereco(emit.endereco, "do emitente", "emitente", p)
    if emit.endereco.uf in tabelas.UFS and emit.endereco.uf not in tabela.internas:
        p.append(Pendencia("tabela_icms", f"A tabela de ICMS não tem a UF {emit.endereco.uf}."))


def _destinatario(nota: DocumentoNFe, tabela: TabelaIcms, p: list) -> None:
    dest = nota.destinatario
    if len(texto(dest.nome)) < 2:
        p.append(Pendencia("destinatario", "Nome do destinatário não informado."))
    doc = dest.cpf_cnpj
    if not ((len(doc) == 11 and cpf_valido(doc)) or (len(doc) == 14 and cnpj_valido(doc))):
        p.append(Pendencia("destinatario", f"CPF/CNPJ do destinatário inválido: '{doc}'."))
    ind = indicador_ie(dest)
    if ind not in (1, 2, 9):
        p.append(Pendencia("destinatario", f"Indicador de IE do destinatário inválido: {ind}."))
    elif ind == 1 and not _IE.match(digitos(dest.ie)):
        p.append(Pendencia("destinatario", "Destinatário contribuinte do ICMS sem inscrição estadual válida."))
    elif ind == 2 and digitos(dest.ie):
        p.append(Pendencia("destinatario", "Destinatário isento de inscrição não pode ter IE (rejeição 791)."))
    if dest.email and ("@" not in dest.email or len(texto(dest.email)) > 60):
        p.append(Pendencia("destinatario", f"E-mail do destinatário inválido: '{dest.email}'."))
    _endereco(dest.endereco, "do destinatário", "destinatario", p)
    uf = dest.endereco.uf
    if uf in tabelas.UFS and uf != nota.emitente.endereco.uf and uf not in tabela.internas:
        p.append(Pendencia("tabela_icms", f"A tabela de ICMS não tem a UF {uf}."))


def _item(item: Item, nota: DocumentoNFe, interestadual: bool, p: list) -> None:
    c = item.codigo or "(sem código)"

    def pend(campo, msg):
        p.append(Pendencia(campo, f"Produto {c} {msg}", item.codigo))

    if not texto(item.codigo):
        pend("codigo", "sem código.")
    if not texto(item.descricao):
        pend("descricao", "sem descrição.")
    if not item.ncm:
        pend("ncm", "sem NCM.")
    elif not (item.ncm.isdigit() and len(item.ncm) in (2, 8)):
        pend("ncm", f"com NCM '{item.ncm}' inválido (8 algarismos).")
    if item.cest and not (item.cest.isdigit() and len(item.cest) == 7):
        pend("cest", f"com CEST '{item.cest}' inválido (7 algarismos).")
    if item.tributacao.substituicao_tributaria and not item.cest:
        pend("cest", "sujeito a substituição tributária sem CEST.")
    if not 1 <= len(texto(item.unidade)) <= 6:
        pend("unidade", "sem unidade comercial (até 6 caracteres).")
    if item.quantidade <= 0 or -item.quantidade.as_tuple().exponent > 4:
        pend("quantidade", f"com quantidade inválida: {item.quantidade} (maior que zero, até 4 casas).")
    if item.valor_unitario < 0 or -item.valor_unitario.as_tuple().exponent > 10:
        pend("valor_unitario", f"com valor unitário inválido: {item.valor_unitario}.")
    if item.desconto < 0 or item.desconto > dinheiro(item.quantidade * item.valor_unitario):
        pend("desconto", "com desconto negativo ou maior que o valor do item.")
    if item.origem not in range(9):
        pend("origem", f"com origem da mercadoria inválida: {item.origem} (0 a 8).")
    gtin = item.gtin.strip()
    if gtin and gtin.upper() != "SEM GTIN" and not gtin_valido(gtin):
        pend("gtin", f"com GTIN/EAN '{gtin}' inválido; corrija ou deixe em branco (SEM GTIN).")
    if item.cfop:
        if not (len(item.cfop) == 4 and item.cfop.isdigit() and item.cfop[0] in "567"):
            pend("cfop", f"com CFOP de saída inválido: '{item.cfop}'.")
        elif item.cfop[0] == "6" and not interestadual:
            pend("cfop", f"com CFOP {item.cfop} (interestadual) numa venda para a mesma UF.")
        elif item.cfop[0] == "5" and interestadual:
            pend("cfop", f"com CFOP {item.cfop} (interno) numa venda para outra UF.")
    _tributacao(item, nota, pend)


_CBENEF = re.compile(r"[!-ÿ]{8}|[!-ÿ]{10}|SEM CBENEF")
# UFs do emitente que exigem o código de benefício fiscal (cBenef) do regime normal, desde quando (regra N12-85 da
# NT 2019.001, rejeição 930; fontes em docs/fiscal.md), e os CST de ICMS que indicam benefício (redução de base,
# isenção, não incidência, suspensão, diferimento): sem o cBenef a SEFAZ da UF rejeita a nota.
UFS_CBENEF = {"PR": date(2019, 2, 1), "RJ": date(2019, 7, 1), "RS": date(2019, 8, 6), "DF": date(2019, 6, 1),
              "GO": date(2023, 7, 1)}
CST_COM_BENEFICIO = {"20", "30", "40", "41", "50", "51", "70"}


def cbenef_exigido(uf: str, crt: int, cst: str | None, dia: date) -> bool:
    """A UF do emitente exige cBenef para este CST (regime normal) nesta data?"""
    desde = UFS_CBENEF.get((uf or "").upper())
    return bool(desde and dia >= desde and crt not in tabelas.CRT_SIMPLES and cst in CST_COM_BENEFICIO)
_FCI = re.compile(r"[A-F0-9]{8}-[A-F0-9]{4}-[A-F0-9]{4}-[A-F0-9]{4}-[A-F0-9]{12}")


def _tributacao(item: Item, nota: DocumentoNFe, pend) -> None:
    t = item.tributacao
    simples = nota.emitente.crt in tabelas.CRT_SIMPLES
    if t.cst_icms and (simples or t.cst_icms not in tabelas.GRUPO_ICMS or len(t.cst_icms) != 2):
        pend("cst_icms", f"com CST de ICMS '{t.cst_icms}' não suportado para o regime do emitente.")
    if t.csosn and (not simples or t.csosn not in tabelas.GRUPO_ICMS or len(t.csosn) != 3):
        pend("csosn", f"com CSOSN '{t.csosn}' não suportado para o regime do emitente.")
    for campo, cst in (("cst_pis", t.cst_pis), ("cst_cofins", t.cst_cofins)):
        if cst and cst not in _CSTS_PIS_COFINS:
            pend(campo, f"com CST de PIS/COFINS '{cst}' não suportado.")
    if t.cst_ipi and t.cst_ipi not in tabelas.CST_IPI_TRIBUTADO | tabelas.CST_IPI_NAO_TRIBUTADO:
        pend("cst_ipi", f"com CST de IPI '{t.cst_ipi}' inválido.")
    negativas = [n for n in ("aliquota_icms", "aliquota_pis", "aliquota_cofins", "aliquota_ipi",
                             "reducao_base_icms", "aliquota_fcp", "mva_st", "aliquota_st", "reducao_base_st",
                             "aliquota_fcp_st", "aliquota_fcp_destino", "st_retido_base_unitaria",
                             "st_retido_aliquota", "st_retido_valor_unitario")
                 if getattr(t, n) is not None and getattr(t, n) < 0]
    if negativas or t.reducao_base_icms >= 100 or t.reducao_base_st >= 100:
        pend("tributacao", "com alíquota ou redução de base inválida.")
    uf_emitente = nota.emitente.endereco.uf
    if not t.beneficio_fiscal and cbenef_exigido(uf_emitente, nota.emitente.crt, t.cst_icms,
                                                 nota.data_emissao.date()):
        pend("beneficio_fiscal", f"sem o código de benefício fiscal (cBenef), que {uf_emitente} exige para o "
                                 f"CST {t.cst_icms} (rejeição 930): informe-o no cadastro do produto.")
    if t.beneficio_fiscal and not _CBENEF.fullmatch(t.beneficio_fiscal):
        pend("beneficio_fiscal", f"com cBenef '{t.beneficio_fiscal}' inválido (8 ou 10 caracteres, ou SEM CBENEF).")
    if item.fci and not _FCI.fullmatch(item.fci.upper()):
        pend("fci", f"com nFCI '{item.fci}' inválido (GUID como B01F70AF-10BF-4B1F-848C-65FF57F616FE).")
    if t.cst_ibs_cbs and not (t.cst_ibs_cbs.isdigit() and len(t.cst_ibs_cbs) == 3):
        pend("cst_ibs_cbs", f"com CST de IBS/CBS '{t.cst_ibs_cbs}' inválido (3 algarismos).")
    if t.classificacao_tributaria and not (t.classificacao_tributaria.isdigit()
                                           and len(t.classificacao_tributaria) == 6):
        pend("classificacao_tributaria", "com classificação tributária (cClassTrib) inválida (6 algarismos).")
