"""Relógio do simulador: hora de Brasília (UTC−3) real, deslocável pelos testes."""
import threading
from datetime import datetime, timedelta, timezone

FUSO_BRASILIA = timezone(timedelta(hours=-3))


class Relogio:
    def __init__(self):
        self._deslocamento = timedelta()
        self._trava = threading.Lock()

    def agora(self) -> datetime:
        """Data e hora de Brasília, sem fuso (como a Tray escreve)."""
        with self._trava:
            deslocamento = self._deslocamento
        return (datetime.now(FUSO_BRASILIA) + deslocamento).replace(tzinfo=None)

    def avancar(self, segundos: float) -> datetime:
        with self._trava:
            self._deslocamento += timedelta(seconds=float(segundos))
        return self.agora()

    @property
    def deslocamento_s(self) -> float:
        with self._trava:
            return self._deslocamento.total_seconds()
