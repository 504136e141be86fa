"""Fuso horário de dhEmi e dhSaiEnt: o do lugar do emitente (MOC 7.0, Anexo I, campos B09/B10, tipo TDateTimeUTC,
"AAAA-MM-DDThh:mm:ssTZD", TZD = deslocamento da hora local em relação a UTC).

Horas legais do Brasil (Lei 12.876/2013, e sem horário de verão desde o Decreto 9.772/2019): AC −05:00; AM, RO, RR,
MT e MS −04:00; Fernando de Noronha −02:00; as demais UFs −03:00. O AM inteiro está em −04:00 desde a Lei
12.876/2013 (que devolveu o oeste do estado ao fuso de Manaus) e o PA inteiro em −03:00 (Lei 11.662/2008).
"""
from datetime import datetime, timedelta, timezone

FERNANDO_DE_NORONHA = "2605459"  # município do IBGE (PE)
_HORAS_POR_UF = {"AC": -5, "AM": -4, "RO": -4, "RR": -4, "MT": -4, "MS": -4}
_HORAS_PADRAO = -3
_HORAS_NORONHA = -2


def fuso_do_emitente(uf: str, codigo_municipio: str = "") -> timezone:
    """O deslocamento de UTC da hora local do emitente (horas cheias, como o leiaute exige)."""
    if codigo_municipio == FERNANDO_DE_NORONHA:
        horas = _HORAS_NORONHA
    else:
        horas = _HORAS_POR_UF.get((uf or "").upper(), _HORAS_PADRAO)
    return timezone(timedelta(hours=horas))


def hora_local(momento: datetime, uf: str, codigo_municipio: str = "") -> datetime:
    """`momento` (com fuso; sem fuso é tomado como UTC) na hora local do emitente, sem microssegundos."""
    if momento.tzinfo is None:
        momento = momento.replace(tzinfo=timezone.utc)
    return momento.astimezone(fuso_do_emitente(uf, codigo_municipio)).replace(microsecond=0)
