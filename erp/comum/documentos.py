"""CPF e CNPJ: limpeza, dígitos verificadores e validação.

O CNPJ alfanumérico (em vigor desde julho de 2026) tem 12 posições de base com letras maiúsculas ou
algarismos e 2 dígitos verificadores numéricos. A regra oficial do DV vale para os dois formatos: cada
caractere vale o seu código ASCII menos 48 ("0" = 0 ... "9" = 9, "A" = 17 ... "Z" = 42); módulo 11 com
pesos de 2 a 9 da direita para a esquerda; resto 0 ou 1 dá DV 0, senão 11 − resto. Guarde sempre como texto.
"""
import re

_BASE_CNPJ = re.compile(r"^[0-9A-Z]{12}$")


class DocumentoInvalido(ValueError):
    """CPF/CNPJ ausente ou inválido; a mensagem é para o usuário."""


def limpar(valor: str | None) -> str:
    """Tira pontuação e espaços; letras em maiúsculas ("12.abc.345/01de-35" → "12ABC34501DE35")."""
    return "".join(c for c in (valor or "").upper() if c.isascii() and c.isalnum())


def _dv_mod11(valores: list[int]) -> int:
    """Um dígito verificador: pesos 2..9 da direita para a esquerda, recomeçando após o 9."""
    soma = sum(v * (2 + i % 8) for i, v in enumerate(reversed(valores)))
    resto = soma % 11
    return 0 if resto < 2 else 11 - resto


def dv_cnpj(base: str) -> str:
    """Os 2 dígitos verificadores de uma base de 12 posições (numérica ou alfanumérica)."""
    base = limpar(base)
    if not _BASE_CNPJ.match(base):
        raise DocumentoInvalido("A base do CNPJ deve ter 12 letras ou algarismos.")
    valores = [ord(c) - 48 for c in base]
    primeiro = _dv_mod11(valores)
    segundo = _dv_mod11(valores + [primeiro])
    return f"{primeiro}{segundo}"


def dv_cpf(base: str) -> str:
    """Os 2 dígitos verificadores de uma base de 9 algarismos."""
    if len(base) != 9 or not base.isdigit():
        raise DocumentoInvalido("A base do CPF deve ter 9 algarismos.")
    valores = [int(c) for c in base]
    # No CPF os pesos vão de 10 (ou 11) até 2, sem recomeçar: a soma é a mesma do mod 11 com 2..11.
    primeiro = _dv_cpf(valores)
    segundo = _dv_cpf(valores + [primeiro])
    return f"{primeiro}{segundo}"


def _dv_cpf(valores: list[int]) -> int:
    soma = sum(v * peso for v, peso in zip(valores, range(len(valores) + 1, 1, -1)))
    resto = soma % 11
    return 0 if resto < 2 else 11 - resto


def cpf_valido(valor: str | None) -> bool:
    cpf = limpar(valor)
    if len(cpf) != 11 or not cpf.isdigit() or cpf == cpf[0] * 11:
        return False
    return cpf[9:] == dv_cpf(cpf[:9])


def cnpj_valido(valor: str | None) -> bool:
    cnpj = limpar(valor)
    if len(cnpj) != 14 or not _BASE_CNPJ.match(cnpj[:12]) or not cnpj[12:].isdigit():
        return False
    if cnpj == cnpj[0] * 14:
        return False
    return cnpj[12:] == dv_cnpj(cnpj[:12])


def _validar(valor: str | None, nome: str, valido) -> str:
    limpo = limpar(valor)
    if not limpo:
        raise DocumentoInvalido(f"{nome} não informado.")
    if not valido(limpo):
        raise DocumentoInvalido(f"{nome} {valor} inválido (dígitos verificadores não conferem).")
    return limpo


def validar_cpf(valor: str | None) -> str:
    """CPF limpo (11 algarismos) ou DocumentoInvalido."""
    return _validar(valor, "CPF", cpf_valido)


def validar_cnpj(valor: str | None) -> str:
    """CNPJ limpo (14 posições, talvez alfanumérico) ou DocumentoInvalido."""
    return _validar(valor, "CNPJ", cnpj_valido)


def validar_documento(valor: str | None) -> tuple[str, str]:
    """("CPF" | "CNPJ", documento limpo) pelo tamanho; DocumentoInvalido se vazio ou inválido."""
    limpo = limpar(valor)
    if not limpo:
        raise DocumentoInvalido("CPF/CNPJ não informado.")
    if len(limpo) == 11:
        return "CPF", validar_cpf(valor)
    if len(limpo) == 14:
        return "CNPJ", validar_cnpj(valor)
    raise DocumentoInvalido(f"CPF/CNPJ {valor} inválido (deve ter 11 ou 14 posições).")


UFS = ("AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA", "PB", "PE", "PI", "PR",
       "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO")


def ie_valida(uf: str | None, ie: str | None) -> bool:
    """Inscrição estadual com os dígitos verificadores certos para a UF (regras de cada SEFAZ, pela
    erpbrasil.base, a mesma do OCA l10n-brazil). "ISENTO" é aceito; vazio não."""
    from erpbrasil.base.fiscal import ie as regras_ie

    uf = (uf or "").strip().upper()
    texto = (ie or "").strip().upper()
    if texto == "ISENTO":
        return True
    numeros = limpar(texto)
    if uf not in UFS or not numeros or not numeros.isdigit():
        return False
    return bool(regras_ie.validar(uf.lower(), numeros))
