"""Relógio do simulador: hora de Brasília (UTC−3) real, deslocável pelos testes."""
from datetime import datetime

from erp.sandbox.comum.relogio import RelogioDeslocavel


class Relogio(RelogioDeslocavel):
    def agora(self) -> datetime:
        """Data e hora de Brasília, sem fuso (como a Tray escreve)."""
        return self._brasilia().replace(tzinfo=None)
