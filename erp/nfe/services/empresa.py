"""Cadastro da empresa emitente: validação, gravação e numeração inicial."""
import re
from decimal import Decimal, InvalidOperation

from erp.comum.documentos import cnpj_valido, ie_valida, limpar
from erp.extensions import db
from erp.nfe.fiscal.formato import digitos
from erp.nfe.fiscal.tabelas import CODIGOS_UF, GRUPO_ICMS
from erp.nfe.models import AMBIENTES, Empresa
from erp.nfe.services import numeracao

CSOSNS = ("101", "102", "103", "300", "400", "500", "900")
CSTS_ICMS = tuple(c for c in GRUPO_ICMS if len(c) == 2)
CSTS_PIS_COFINS = ("01", "02", "04", "05", "06", "07", "08", "09", "49", "99")
CSTS_IPI = ("00", "49", "50", "99", "01", "02", "03", "04", "05", "51", "52", "53", "54", "55")
REGIMES_PIS_COFINS = {"cumulativo": "Cumulativo (lucro presumido)",
                      "nao_cumulativo": "Não cumulativo (lucro real)"}

# Campos do JSON de `empresa configurar` (os do cadastro básico são obrigatórios).
OBRIGATORIOS = (
    "razao_social", "cnpj", "ie", "crt", "logradouro", "numero", "bairro", "municipio",
    "municipio_ibge", "uf", "cep", "serie", "ambiente",
)
TEXTOS = (
    "razao_social", "nome_fantasia", "cnpj", "ie", "im", "cnae", "logradouro", "numero",
    "complemento", "bairro", "municipio", "municipio_ibge", "uf", "cep", "telefone", "email",
    "ambiente", "resp_cnpj", "resp_contato", "resp_email", "resp_fone", "csosn_padrao",
    "cst_icms_padrao", "regime_pis_cofins", "cst_pis", "cst_cofins", "cst_ipi", "ipi_enquadramento",
    "ibs_cbs_modo", "cst_ibs_cbs_padrao", "cclass_trib_padrao",
)
MODOS_IBS_CBS = {"automatico": "Automático (regime normal a partir de 01/01/2026)", "sempre": "Sempre informar",
                 "nunca": "Nunca informar"}
INTEIROS = ("crt", "serie", "proximo_numero")
BOOLEANOS = ("ipi_ativo", "ibs_cbs_ativo", "difal_no_simples")
ALIQUOTAS_OPCIONAIS = ("aliquota_icms", "aliquota_pis", "aliquota_cofins", "aliquota_cbs",
                       "aliquota_ibs_uf", "aliquota_ibs_mun")
ALIQUOTAS = ("aliquota_credito_sn", "aliquota_ipi")
# CSRT do responsável técnico: o identificador vai com os textos; o código é segredo (aceito na gravação, nunca
# devolvido para a tela; vazio mantém o gravado).
TEXTOS = TEXTOS + ("csrt_id",)
SEGREDOS = ("csrt",)
CAMPOS = TEXTOS + INTEIROS + BOOLEANOS + ALIQUOTAS_OPCIONAIS + ALIQUOTAS + SEGREDOS
_LIMITES = {"razao_social": 60, "nome_fantasia": 60, "logradouro": 60, "numero": 60,
            "complemento": 60, "bairro": 60, "municipio": 60, "resp_contato": 60, "resp_email": 60}


class EmpresaInvalida(Exception):
    """Dados da empresa recusados; `erros` = {campo: mensagem}."""

    def __init__(self, erros: dict):
        self.erros = erros
        super().__init__("; ".join(f"{c}: {m}" for c, m in erros.items()))


def obter() -> Empresa | None:
    return db.session.query(Empresa).order_by(Empresa.id).first()


def valores_atuais(empresa: Empresa | None) -> dict:
    """Os campos editáveis da empresa (para preencher a tela e mesclar com um JSON parcial)."""
    if empresa is None:
        return {"crt": 1, "serie": 1, "proximo_numero": 1, "ambiente": "homologacao", "ibs_cbs_modo": "automatico",
                "regime_pis_cofins": "cumulativo", "ipi_enquadramento": "999", "cst_ipi": "50"}
    dados = {c: getattr(empresa, c) for c in CAMPOS if c != "proximo_numero" and c not in SEGREDOS}
    dados["proximo_numero"] = numeracao.proximo_numero(empresa.ambiente, empresa.serie)
    return dados


def configurar(dados: dict) -> tuple[Empresa, list[str]]:
    """Cria ou atualiza a empresa emitente. Devolve a empresa e avisos (ex.: numeração ajustada)."""
    desconhecidos = sorted(set(dados) - set(CAMPOS))
    if desconhecidos:
        raise EmpresaInvalida({c: "campo desconhecido" for c in desconhecidos})
    empresa = obter()
    limpo = _validar({**valores_atuais(empresa), **dados})
    proximo = limpo.pop("proximo_numero")
    if "proximo_numero" not in dados and "ambiente" in limpo and "serie" in limpo:
        proximo = numeracao.proximo_numero(limpo["ambiente"], limpo["serie"])
    if empresa is None:
        empresa = Empresa()
        db.session.add(empresa)
    for campo, valor in limpo.items():
        setattr(empresa, campo, valor)
    avisos = []
    usado = numeracao.maior_numero_usado(empresa.ambiente, empresa.serie)
    if proximo <= usado:
        avisos.append(f"A série {empresa.serie} já usou até o nº {usado}; "
                      f"o próximo número fica {usado + 1}.")
        proximo = max(usado + 1, numeracao.proximo_numero(empresa.ambiente, empresa.serie))
    numeracao.definir_proximo(empresa.ambiente, empresa.serie, proximo)
    db.session.commit()
    return empresa, avisos


def _validar(dados: dict) -> dict:
    erros, limpo = {}, {}
    for campo in TEXTOS:
        limpo[campo] = str(dados.get(campo) or "").strip()
    for campo in INTEIROS:
        try:
            limpo[campo] = int(str(dados.get(campo)).strip())
        except (TypeError, ValueError):
            erros[campo] = "informe um número inteiro"
    for campo in BOOLEANOS:
        limpo[campo] = _booleano(dados.get(campo))
    for campo in ALIQUOTAS_OPCIONAIS + ALIQUOTAS:
        valor = dados.get(campo)
        if valor in (None, ""):
            limpo[campo] = None if campo in ALIQUOTAS_OPCIONAIS else Decimal("0")
            continue
        try:
            limpo[campo] = Decimal(str(valor).replace(",", "."))
        except InvalidOperation:
            erros[campo] = "alíquota inválida"
            continue
        if not Decimal(0) <= limpo[campo] <= Decimal(100):
            erros[campo] = "a alíquota deve estar entre 0 e 100%"
    for campo in OBRIGATORIOS:
        if campo not in erros and limpo.get(campo) in ("", None):
            erros[campo] = "campo obrigatório"
    for campo, limite in _LIMITES.items():
        if len(limpo[campo]) > limite:
            erros[campo] = f"no máximo {limite} caracteres"
    _documentos(limpo, erros)
    _endereco(limpo, erros)
    _ie_da_uf(limpo, erros)
    _fiscal(limpo, erros)
    _csrt(dados, limpo, erros)
    if erros:
        raise EmpresaInvalida(erros)
    return limpo


def _csrt(dados: dict, limpo: dict, erros: dict) -> None:
    """idCSRT (2 algarismos) e o CSRT que a SEFAZ da UF do emitente entregou ao responsável técnico (NT 2018.005):
    vão juntos ao infRespTec, com o hashCSRT de cada nota."""
    csrt = str(dados.get("csrt") or "").strip()
    if csrt:
        limpo["csrt"] = csrt
    limpo["csrt_id"] = digitos(limpo["csrt_id"])
    if limpo["csrt_id"] and len(limpo["csrt_id"]) != 2:
        erros["csrt_id"] = "o identificador do CSRT (idCSRT) tem 2 algarismos"
    if csrt and not limpo["csrt_id"]:
        erros["csrt_id"] = "informe o identificador do CSRT (idCSRT) junto com o código"


def _booleano(valor) -> bool:
    if isinstance(valor, str):
        return valor.strip().lower() in ("1", "true", "sim", "s", "on", "yes")
    return bool(valor)


def _documentos(limpo: dict, erros: dict) -> None:
    limpo["cnpj"] = limpar(limpo["cnpj"])
    if limpo["cnpj"] and not cnpj_valido(limpo["cnpj"]):
        erros["cnpj"] = "CNPJ inválido (confira os dígitos verificadores)"
    limpo["resp_cnpj"] = limpar(limpo["resp_cnpj"])
    if limpo["resp_cnpj"] and not cnpj_valido(limpo["resp_cnpj"]):
        erros["resp_cnpj"] = "CNPJ do responsável técnico inválido"
    ie = limpo["ie"].upper()
    limpo["ie"] = "ISENTO" if ie == "ISENTO" else digitos(ie)
    if ie and limpo["ie"] != "ISENTO" and not 2 <= len(limpo["ie"]) <= 14:
        erros["ie"] = "a IE deve ter de 2 a 14 algarismos (ou ISENTO)"
    limpo["im"] = limpar(limpo["im"])
    limpo["cnae"] = digitos(limpo["cnae"])
    if limpo["cnae"] and len(limpo["cnae"]) != 7:
        erros["cnae"] = "o CNAE tem 7 algarismos"
    if limpo["cnae"] and not limpo["im"]:
        erros["im"] = "informe a inscrição municipal junto com o CNAE"
    for campo in ("telefone", "resp_fone"):
        limpo[campo] = digitos(limpo[campo])
        if limpo[campo] and not 6 <= len(limpo[campo]) <= 14:
            erros[campo] = "o telefone deve ter de 6 a 14 algarismos"
    if limpo["resp_email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", limpo["resp_email"]):
        erros["resp_email"] = "e-mail inválido"


def _ie_da_uf(limpo: dict, erros: dict) -> None:
    """A IE com os dígitos verificadores da UF da empresa (a SEFAZ rejeita a nota com 209 se não tiver)."""
    if "ie" in erros or "uf" in erros or not limpo.get("ie") or not limpo.get("uf"):
        return
    if not ie_valida(limpo["uf"], limpo["ie"]):
        erros["ie"] = (f"inscrição estadual inválida para {limpo['uf']} (confira os dígitos verificadores "
                       "ou a UF)")


def _endereco(limpo: dict, erros: dict) -> None:
    limpo["uf"] = limpo["uf"].upper()
    if limpo["uf"] and limpo["uf"] not in CODIGOS_UF:
        erros["uf"] = "UF inválida"
    limpo["municipio_ibge"] = digitos(limpo["municipio_ibge"])
    ibge = limpo["municipio_ibge"]
    if ibge and len(ibge) != 7:
        erros["municipio_ibge"] = "o código IBGE do município tem 7 algarismos"
    elif ibge and limpo["uf"] in CODIGOS_UF and ibge[:2] != CODIGOS_UF[limpo["uf"]]:
        erros["municipio_ibge"] = f"o código {ibge} não é de um município de {limpo['uf']}"
    limpo["cep"] = digitos(limpo["cep"])
    if limpo["cep"] and len(limpo["cep"]) != 8:
        erros["cep"] = "o CEP tem 8 algarismos"


def _fiscal(limpo: dict, erros: dict) -> None:
    if "crt" in limpo and limpo["crt"] not in (1, 2, 3):
        erros["crt"] = "CRT deve ser 1 (Simples Nacional), 2 (Simples, excesso) ou 3 (regime normal)"
    if limpo["ambiente"] and limpo["ambiente"] not in AMBIENTES:
        erros["ambiente"] = "use “homologacao” ou “producao”"
    if "serie" in limpo and not 0 <= limpo["serie"] <= 889:
        erros["serie"] = "a série vai de 0 a 889"
    if "proximo_numero" in limpo and not 1 <= limpo["proximo_numero"] <= 999_999_999:
        erros["proximo_numero"] = "o número vai de 1 a 999.999.999"
    escolhas = {"csosn_padrao": CSOSNS, "cst_icms_padrao": CSTS_ICMS, "cst_pis": CSTS_PIS_COFINS,
                "cst_cofins": CSTS_PIS_COFINS, "cst_ipi": CSTS_IPI,
                "regime_pis_cofins": tuple(REGIMES_PIS_COFINS)}
    for campo, validos in escolhas.items():
        if limpo[campo] and limpo[campo] not in validos:
            erros[campo] = f"valor não aceito: {limpo[campo]}"
    limpo["ipi_enquadramento"] = limpo["ipi_enquadramento"] or "999"
    if not re.fullmatch(r"[0-9]{3}", limpo["ipi_enquadramento"]):
        erros["ipi_enquadramento"] = "o código de enquadramento do IPI tem 3 algarismos"
    limpo["cst_ipi"] = limpo["cst_ipi"] or "50"
    limpo["ibs_cbs_modo"] = limpo["ibs_cbs_modo"] or "automatico"
    if limpo["ibs_cbs_modo"] not in MODOS_IBS_CBS:
        erros["ibs_cbs_modo"] = "use automatico, sempre ou nunca"
    if limpo["cst_ibs_cbs_padrao"] and not re.fullmatch(r"[0-9]{3}", limpo["cst_ibs_cbs_padrao"]):
        erros["cst_ibs_cbs_padrao"] = "o CST do IBS/CBS tem 3 algarismos"
    if limpo["cclass_trib_padrao"] and not re.fullmatch(r"[0-9]{6}", limpo["cclass_trib_padrao"]):
        erros["cclass_trib_padrao"] = "o cClassTrib tem 6 algarismos"
