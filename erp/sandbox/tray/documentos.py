"""Dígitos verificadores de documentos brasileiros (CPF, CNPJ alfanumérico, GTIN, chave NF-e).

Funções puras usadas pela validação do simulador e pelo gerador da semente de demonstração.
"""
import re

_RE_CHAVE = re.compile(r"^[0-9]{6}[0-9A-Z]{12}[0-9]{26}$")
_RE_CNPJ = re.compile(r"^[0-9A-Z]{12}[0-9]{2}$")
_PESOS_CNPJ_1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_PESOS_CNPJ_2 = (6,) + _PESOS_CNPJ_1


def so_digitos(texto: str) -> str:
    return "".join(ch for ch in str(texto) if ch.isdigit())


def _dv_mod11(valores, pesos) -> int:
    resto = sum(v * p for v, p in zip(valores, pesos)) % 11
    return 0 if resto < 2 else 11 - resto


def dvs_cpf(nove: str) -> str:
    numeros = [int(c) for c in nove]
    d1 = _dv_mod11(numeros, range(10, 1, -1))
    d2 = _dv_mod11(numeros + [d1], range(11, 1, -1))
    return f"{d1}{d2}"


def cpf_valido(cpf: str) -> bool:
    cpf = so_digitos(cpf)
    if len(cpf) != 11 or cpf == cpf[0] * 11:
        return False
    return dvs_cpf(cpf[:9]) == cpf[9:]


def limpar_cnpj(cnpj: str) -> str:
    """Remove pontuação, preservando letras (CNPJ alfanumérico)."""
    return "".join(ch for ch in str(cnpj).upper() if ch.isalnum())


def dvs_cnpj(doze: str) -> str:
    valores = [ord(c) - 48 for c in doze.upper()]
    d1 = _dv_mod11(valores, _PESOS_CNPJ_1)
    d2 = _dv_mod11(valores + [d1], _PESOS_CNPJ_2)
    return f"{d1}{d2}"


def cnpj_valido(cnpj: str) -> bool:
    cnpj = limpar_cnpj(cnpj)
    if not _RE_CNPJ.match(cnpj) or cnpj == cnpj[0] * 14:
        return False
    return dvs_cnpj(cnpj[:12]) == cnpj[12:]


def dv_gtin(sem_dv: str) -> int:
    soma = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(sem_dv)))
    return (10 - soma % 10) % 10


def gtin_valido(gtin: str) -> bool:
    gtin = str(gtin)
    if not gtin.isdigit() or len(gtin) not in (8, 12, 13, 14):
        return False
    return dv_gtin(gtin[:-1]) == int(gtin[-1])


def dv_chave(k43: str) -> int:
    """Módulo 11, pesos 2..9 da direita para a esquerda, valores ASCII−48 (nfe.md §1.2/§1.3)."""
    soma, peso = 0, 2
    for ch in reversed(k43):
        soma += (ord(ch) - 48) * peso
        peso = 2 if peso == 9 else peso + 1
    resto = soma % 11
    return 0 if resto < 2 else 11 - resto


def motivo_chave_invalida(chave: str) -> str | None:
    """None quando a chave é válida; senão o motivo, para a mensagem de erro."""
    chave = str(chave)
    if len(chave) != 44:
        return "a chave de acesso deve ter 44 caracteres"
    if not _RE_CHAVE.match(chave):
        return "a chave de acesso tem caracteres inválidos"
    if dv_chave(chave[:43]) != int(chave[43]):
        return "dígito verificador da chave de acesso inválido"
    return None


def formatar_cnpj(cnpj: str) -> str:
    c = limpar_cnpj(cnpj)
    return f"{c[:2]}.{c[2:5]}.{c[5:8]}/{c[8:12]}-{c[12:]}"
