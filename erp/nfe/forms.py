"""Leitura dos formulários das telas de NF-e (a validação fica nos serviços)."""
from decimal import Decimal

from erp.comum.formatos import cep, documento
from erp.nfe.fiscal.tabelas import CODIGOS_UF
from erp.nfe.services import empresa as empresas

CAIXAS = set(empresas.BOOLEANOS)


def dados_empresa(form) -> dict:
    """Os campos da empresa vindos do formulário (caixas desmarcadas viram False)."""
    dados = {c: form.get(c, "") for c in empresas.CAMPOS if c not in CAIXAS}
    dados.update({c: c in form for c in CAIXAS})
    return dados


def valores_para_tela(valores: dict) -> dict:
    """Os valores gravados como o usuário os lê: CNPJ e CEP com máscara, percentuais com vírgula."""
    saida = dict(valores)
    for campo in ("cnpj", "resp_cnpj"):
        saida[campo] = documento(saida.get(campo))
    saida["cep"] = cep(saida.get("cep"))
    for campo, valor in saida.items():
        if isinstance(valor, Decimal):
            saida[campo] = percentual(valor)
    return saida


def percentual(valor: Decimal | None) -> str:
    """18.00 → "18,00"; 0.6500 → "0,65" (sem zeros sobrando além de duas casas)."""
    if valor is None:
        return ""
    texto = f"{valor:f}"
    if "." in texto:
        inteiro, casas = texto.split(".")
        texto = f"{inteiro}.{casas.rstrip('0').ljust(2, '0')}"
    return texto.replace(".", ",")


def aliquotas_uf(form) -> dict:
    """{UF: {"interna", "fcp", "difal_base_dupla"}} da tabela editável."""
    return {
        uf: {"interna": form.get(f"interna_{uf}", ""), "fcp": form.get(f"fcp_{uf}", ""),
             "difal_base_dupla": f"dupla_{uf}" in form}
        for uf in sorted(CODIGOS_UF) if f"interna_{uf}" in form
    }


def ids_vendas(form) -> list[int]:
    ids = []
    for valor in form.getlist("vendas"):
        try:
            ids.append(int(valor))
        except ValueError:
            continue
    return sorted(set(ids))
