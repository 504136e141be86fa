"""Tipos de coluna: decimais exatos também no SQLite (que não tem DECIMAL de verdade)."""
from decimal import Decimal

from sqlalchemy import Numeric, String
from sqlalchemy.types import TypeDecorator


class Decimal_(TypeDecorator):
    """Decimal com escala fixa: NUMERIC no PostgreSQL, texto exato no SQLite (nunca float)."""

    impl = Numeric
    cache_ok = True

    def __init__(self, precisao: int = 14, escala: int = 2, precision=None, scale=None, **_):
        precisao = precision or precisao
        escala = escala if scale is None else scale
        super().__init__(precision=precisao, scale=escala, asdecimal=True)
        self.precisao = precisao
        self.escala = escala
        self._quantum = Decimal(1).scaleb(-escala)

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(self.precisao + 2))
        return dialect.type_descriptor(Numeric(self.precisao, self.escala, asdecimal=True))

    def process_bind_param(self, valor, dialect):
        if valor is None:
            return None
        valor = Decimal(str(valor)).quantize(self._quantum)
        return str(valor) if dialect.name == "sqlite" else valor

    def process_result_value(self, valor, dialect):
        if valor is None:
            return None
        return Decimal(str(valor)).quantize(self._quantum)


def Dinheiro():
    return Decimal_(14, 2)
