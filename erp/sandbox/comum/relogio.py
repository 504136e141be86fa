"""Relógio de simulador: hora de Brasília (UTC−3) real, deslocável pelos testes."""
import threading
from datetime import datetime, timedelta, timezone

FUSO_BRASILIA = timezone(timedelta(hours=-3))


class RelogioDeslocavel:
    """Cada simulador diz em `agora()` como carimba a hora; o deslocamento é comum."""

    def __init__(self):
        self._deslocamento = timedelta()
        self._trava = threading.Lock()

    def _brasilia(self) -> datetime:
        """Agora em Brasília (com fuso), somado o deslocamento."""
        with self._trava:
            deslocamento = self._deslocamento
        return datetime.now(FUSO_BRASILIA) + deslocamento

    def agora(self) -> datetime:
        return self._brasilia()

    def avancar(self, segundos: float) -> datetime:
        with self._trava:
            self._deslocamento += timedelta(seconds=float(segundos))
        return self.agora()

    @property
    def deslocamento_s(self) -> float:
        with self._trava:
            return self._deslocamento.total_seconds()
