"""Limites de requisições por loja: janela deslizante de 60 s e cota do dia civil de Brasília."""
import threading
import time
from collections import deque

from erp.sandbox.tray.relogio import Relogio

JANELA_S = 60.0


class LimitadorRequisicoes:
    """A janela de um minuto usa o tempo monotônico real; o dia segue o relógio deslocável."""

    def __init__(self, relogio: Relogio, por_minuto: int = 180, por_dia: int = 10000):
        self._relogio = relogio
        self.por_minuto = int(por_minuto)
        self.por_dia = int(por_dia)
        self._janela: deque[float] = deque()
        self._dia: str = ""
        self._usados_dia = 0
        self.janela_s: float | None = None  # None: JANELA_S (60 s, como na Tray); testes e bancadas encurtam
        self._trava = threading.Lock()

    def _limpar(self, agora: float) -> None:
        janela = self.janela_s or JANELA_S
        while self._janela and agora - self._janela[0] >= janela:
            self._janela.popleft()
        hoje = self._relogio.agora().date().isoformat()
        if hoje != self._dia:
            self._dia, self._usados_dia = hoje, 0

    def registrar(self) -> str | None:
        """Conta a requisição; devolve None, ou "minuto"/"dia" quando passou do limite (e não conta)."""
        with self._trava:
            agora = time.monotonic()
            self._limpar(agora)
            if len(self._janela) >= self.por_minuto:
                return "minuto"
            if self._usados_dia >= self.por_dia:
                return "dia"
            self._janela.append(agora)
            self._usados_dia += 1
            return None

    def configurar(self, por_minuto=None, por_dia=None, zerar: bool = False, janela_s=None) -> None:
        with self._trava:
            if janela_s is not None:
                self.janela_s = float(janela_s) if float(janela_s) > 0 else None
            if por_minuto is not None:
                self.por_minuto = int(por_minuto)
            if por_dia is not None:
                self.por_dia = int(por_dia)
            if zerar:
                self._janela.clear()
                self._usados_dia = 0

    def situacao(self) -> dict:
        with self._trava:
            self._limpar(time.monotonic())
            return {
                "por_minuto": self.por_minuto,
                "por_dia": self.por_dia,
                "janela_s": self.janela_s or JANELA_S,
                "usados_ultimo_minuto": len(self._janela),
                "usados_hoje": self._usados_dia,
                "dia": self._dia,
            }
