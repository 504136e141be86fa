"""Leitura dos valores da Tray, que chegam quase sempre como texto (tray-api.md §2.4)."""
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENTAVOS = Decimal("0.01")
# A Tray escreve datas no horário de Brasília, sem fuso (UTC−3, sem horário de verão desde 2019).
DESLOCAMENTO_BRASILIA = timedelta(hours=3)


def texto(valor) -> str:
    """None e "" viram ""; o resto vira texto sem espaços nas pontas."""
    if valor is None:
        return ""
    return str(valor).strip()


def decimal(valor, padrao: Decimal | None = Decimal("0")) -> Decimal | None:
    """"12.3" → Decimal("12.3"); vazio ou inválido → `padrao`. Aceita vírgula decimal ("12,30")."""
    if isinstance(valor, Decimal):
        return valor
    if isinstance(valor, bool) or valor is None:
        return padrao
    if isinstance(valor, float):
        valor = repr(valor)
    bruto = texto(valor)
    if not bruto:
        return padrao
    if "," in bruto and "." not in bruto:
        bruto = bruto.replace(",", ".")
    try:
        numero = Decimal(bruto)
    except InvalidOperation:
        return padrao
    return numero if numero.is_finite() else padrao


def dinheiro(valor) -> Decimal:
    """Valor em reais com 2 casas: "12.30" → Decimal("12.30"); vazio → Decimal("0.00")."""
    return decimal(valor).quantize(CENTAVOS, rounding=ROUND_HALF_UP)


def inteiro(valor, padrao: int | None = 0) -> int | None:
    """"15" → 15; "15.0" → 15; vazio ou inválido → `padrao`."""
    numero = decimal(valor, None)
    if numero is None or numero != numero.to_integral_value():
        return padrao
    return int(numero)


def booleano(valor) -> bool:
    """"1"/"true"/"sim" → True; "0"/""/None → False."""
    if isinstance(valor, bool):
        return valor
    return texto(valor).lower() in {"1", "true", "t", "s", "sim", "y", "yes"}


def data(valor) -> date | None:
    """"2026-11-20" (ou com hora) → date; "0000-00-00" e vazio → None."""
    if isinstance(valor, datetime):
        return valor.date()
    if isinstance(valor, date):
        return valor
    bruto = texto(valor)[:10]
    if not bruto or bruto.startswith("0000"):
        return None
    try:
        return date.fromisoformat(bruto)
    except ValueError:
        return None


def data_hora(valor) -> datetime | None:
    """"2026-11-20 14:05:09" → datetime sem fuso (como veio); "0000-00-00 00:00:00" e vazio → None."""
    if isinstance(valor, datetime):
        return valor
    bruto = texto(valor)
    if not bruto or bruto.startswith("0000"):
        return None
    try:
        return datetime.fromisoformat(bruto.replace("T", " ")[:19])
    except ValueError:
        dia = data(bruto)
        return datetime(dia.year, dia.month, dia.day) if dia else None


def data_hora_utc(valor) -> datetime | None:
    """Data e hora de Brasília da Tray → datetime UTC sem fuso (como o banco guarda)."""
    momento = data_hora(valor)
    return None if momento is None else momento + DESLOCAMENTO_BRASILIA
