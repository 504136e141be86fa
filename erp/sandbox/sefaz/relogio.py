"""Relógio do simulador: hora de Brasília (UTC−3), deslocável pelos testes (prazo de cancelamento)."""
import threading
from datetime import datetime, timedelta, timezone

FUSO_BRASILIA = timezone(timedelta(hours=-3))


class Relogio:
    def __init__(self):
        self._deslocamento = timedelta()
        self._trava = threading.Lock()

    def agora(self) -> datetime:
        """Agora, com fuso (-03:00) e sem microssegundos, como a SEFAZ carimba."""
        with self._trava:
            deslocamento = self._deslocamento
        return (datetime.now(FUSO_BRASILIA) + deslocamento).replace(microsecond=0)

    def avancar(self, segundos: float) -> datetime:
        with self._trava:
            self._deslocamento += timedelta(seconds=float(segundos))
        return self.agora()

    @property
    def deslocamento_s(self) -> float:
        with self._trava:
            return self._deslocamento.total_seconds()


def formatar(momento: datetime) -> str:
    """TDateTimeUTC: AAAA-MM-DDThh:mm:ss-03:00."""
    return momento.astimezone(FUSO_BRASILIA).strftime("%Y-%m-%dT%H:%M:%S-03:00")
