"""Valores como a Tray os entrega: todo escalar é texto, dinheiro com duas casas, datas vazias "0000-00-00"."""
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DATA_VAZIA = "0000-00-00"
DATA_HORA_VAZIA = "0000-00-00 00:00:00"
_RE_DATA = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RE_DATA_HORA = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
CENTAVO = Decimal("0.01")


def texto(valor):
    """Converte escalares para texto, recursivamente em listas e objetos."""
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "1" if valor else "0"
    if isinstance(valor, float):
        return format(Decimal(repr(valor)), "f")
    if isinstance(valor, (int, Decimal)):
        return str(valor)
    if isinstance(valor, dict):
        return {str(k): texto(v) for k, v in valor.items()}
    if isinstance(valor, (list, tuple)):
        return [texto(v) for v in valor]
    return str(valor)


def decimal(valor) -> Decimal:
    """Decimal a partir do texto da Tray; ValueError se não for número."""
    if isinstance(valor, float):
        valor = repr(valor)
    try:
        numero = Decimal(str(valor).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"valor numérico inválido: {valor!r}") from None
    if not numero.is_finite():
        raise ValueError(f"valor numérico inválido: {valor!r}")
    return numero


def dinheiro(valor) -> str:
    """Texto com duas casas decimais ("129.90"); ValueError se não for número."""
    if valor in (None, ""):
        return "0.00"
    return str(decimal(valor).quantize(CENTAVO, rounding=ROUND_HALF_UP))


def dinheiro_decimal(valor) -> Decimal:
    return Decimal(dinheiro(valor))


def inteiro_texto(valor) -> str:
    """Inteiro como texto ("12"); ValueError se não for inteiro."""
    numero = decimal(valor if valor not in (None, "") else "0")
    if numero != numero.to_integral_value():
        raise ValueError(f"valor inteiro inválido: {valor!r}")
    return str(int(numero))


def data_valida(valor: str) -> bool:
    if not _RE_DATA.match(str(valor)):
        return False
    try:
        date.fromisoformat(str(valor))
    except ValueError:
        return False
    return True


def data_hora_valida(valor: str) -> bool:
    if not _RE_DATA_HORA.match(str(valor)):
        return False
    try:
        datetime.strptime(str(valor), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return False
    return True


def data_vazia(valor) -> bool:
    return str(valor or "").startswith(DATA_VAZIA) or str(valor or "") == ""


def formatar_data_hora(momento: datetime) -> str:
    return momento.strftime("%Y-%m-%d %H:%M:%S")


def slug(nome: str) -> str:
    import unicodedata

    sem_acento = unicodedata.normalize("NFKD", str(nome)).encode("ascii", "ignore").decode()
    partes = re.split(r"[^a-z0-9]+", sem_acento.lower())
    return "-".join(p for p in partes if p)
