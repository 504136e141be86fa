"""Dias de Brasília. O banco guarda instantes em UTC sem fuso; quem usa o ERP pensa em dias de Brasília: "hoje",
"de 01/12 até 04/12", o dia de uma venda no gráfico, a data de envio de um rastreio. Uma venda às 22:30 de 04/12
é gravada como 01:30 de 05/12 (UTC) e continua sendo de 04/12 em toda tela, filtro e relatório.
"""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

FUSO = ZoneInfo("America/Sao_Paulo")
# Sem horário de verão desde 2019 (Decreto 9.772/2019): Brasília é UTC−3 o ano todo. Só o SQL usa o número fixo.
DESLOCAMENTO_HORAS = 3


def hoje() -> date:
    """O dia de hoje em Brasília (o do servidor, em UTC, vira às 21:00 de Brasília)."""
    return datetime.now(FUSO).date()


def em_brasilia(momento: datetime) -> datetime:
    """Um instante do banco (UTC sem fuso) ou com fuso, no horário de Brasília."""
    if momento.tzinfo is None:
        momento = momento.replace(tzinfo=timezone.utc)
    return momento.astimezone(FUSO)


def inicio_do_dia(dia: date) -> datetime:
    """A meia-noite de Brasília do dia, em UTC sem fuso (como o banco guarda): o limite dos filtros por data."""
    return datetime.combine(dia, time(), FUSO).astimezone(timezone.utc).replace(tzinfo=None)


def fim_do_dia(dia: date) -> datetime:
    """A meia-noite seguinte (exclusiva): `coluna < fim_do_dia(ate)`."""
    return inicio_do_dia(dia + timedelta(days=1))
