"""Formatos brasileiros para telas: R$ 1.234,56, dd/mm/aaaa, CPF/CNPJ/CEP com máscara."""
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

from erp.comum.datas import em_brasilia

LOCAL = "pt_BR"


def dinheiro(valor) -> str:
    if valor is None or valor == "":
        return ""
    try:
        numero = Decimal(str(valor))
    except InvalidOperation:
        return str(valor)
    return format_currency(numero, "BRL", locale=LOCAL).replace("\xa0", " ")


def numero(valor, casas: int = 2) -> str:
    if valor is None or valor == "":
        return ""
    formato = "#,##0" + ("." + "0" * casas if casas else "")
    return format_decimal(Decimal(str(valor)), format=formato, locale=LOCAL)


def data(valor) -> str:
    if not valor:
        return ""
    if isinstance(valor, str):
        try:
            valor = date.fromisoformat(valor[:10])
        except ValueError:
            return valor
    if isinstance(valor, datetime):  # um instante do banco (UTC): o dia dele em Brasília
        valor = em_brasilia(valor).date()
    return format_date(valor, "dd/MM/yyyy", locale=LOCAL)


def data_hora(valor) -> str:
    if not valor:
        return ""
    return format_datetime(em_brasilia(valor), "dd/MM/yyyy HH:mm", locale=LOCAL)


def somente_digitos_ou_letras(texto: str | None) -> str:
    return "".join(c for c in (texto or "").upper() if c.isalnum())


def documento(valor: str | None) -> str:
    """CPF 000.000.000-00 ou CNPJ 00.000.000/0000-00 (também o alfanumérico)."""
    d = somente_digitos_ou_letras(valor)
    if len(d) == 11:
        return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}"
    if len(d) == 14:
        return f"{d[:2]}.{d[2:5]}.{d[5:8]}/{d[8:12]}-{d[12:]}"
    return valor or ""


def cep(valor: str | None) -> str:
    d = somente_digitos_ou_letras(valor)
    return f"{d[:5]}-{d[5:]}" if len(d) == 8 else (valor or "")


FILTROS = {
    "dinheiro": dinheiro,
    "numero": numero,
    "data": data,
    "data_hora": data_hora,
    "documento": documento,
    "cep": cep,
}
