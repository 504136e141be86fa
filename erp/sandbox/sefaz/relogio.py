"""Relógio do simulador: hora de Brasília (UTC−3), deslocável pelos testes (prazo de cancelamento)."""
from datetime import datetime

from erp.sandbox.comum.relogio import FUSO_BRASILIA, RelogioDeslocavel


class Relogio(RelogioDeslocavel):
    def agora(self) -> datetime:
        """Agora, com fuso (-03:00) e sem microssegundos, como a SEFAZ carimba."""
        return self._brasilia().replace(microsecond=0)


def formatar(momento: datetime) -> str:
    """TDateTimeUTC: AAAA-MM-DDThh:mm:ss-03:00."""
    return momento.astimezone(FUSO_BRASILIA).strftime("%Y-%m-%dT%H:%M:%S-03:00")
