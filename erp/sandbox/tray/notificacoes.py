"""Notificações (webhooks) da loja simulada: POST form-encoded em segundo plano, com novas tentativas.

Cada mudança gera uma entrega; com `duplicado` cada uma é entregue duas vezes. Resposta diferente de 200
(ou erro de conexão) reagenda a entrega com intervalos crescentes (`intervalos_s`; depois do último, repete
o último) até `max_tentativas`.
"""
import heapq
import itertools
import threading
import time
from datetime import datetime

import requests

INTERVALOS_PADRAO = (60.0, 300.0, 1800.0, 3600.0, 7200.0)


class Notificador:
    def __init__(self, store_id: str, app_code: str, url: str | None = None, duplicado: bool = False,
                 intervalos_s=None, max_tentativas: int = 10, timeout_s: float = 5.0):
        self.store_id = store_id
        self.app_code = app_code
        self.url = url
        self.duplicado = duplicado
        self.intervalos_s = tuple(float(i) for i in (intervalos_s or INTERVALOS_PADRAO))
        self.max_tentativas = int(max_tentativas)
        self.timeout_s = timeout_s
        self._fila: list = []
        self._sequencia = itertools.count(1)
        self._cond = threading.Condition()
        self._log: list[dict] = []
        self._pendentes = 0
        self._parado = False
        self._thread: threading.Thread | None = None

    def configurar(self, url=None, duplicado=None) -> None:
        with self._cond:
            if url is not None:
                self.url = url or None
            if duplicado is not None:
                self.duplicado = bool(duplicado)

    def notificar(self, escopo: str, ident: str, acao: str) -> None:
        with self._cond:
            if not self.url or self._parado:
                return
            for _ in range(2 if self.duplicado else 1):
                entrega = {"entrega": next(self._sequencia), "scope_name": escopo, "scope_id": str(ident),
                           "act": acao, "url": self.url, "tentativa": 0}
                heapq.heappush(self._fila, (time.monotonic(), entrega["entrega"], entrega))
                self._pendentes += 1
            self._iniciar()
            self._cond.notify_all()

    def _iniciar(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._laco, name="tray-sim-webhooks", daemon=True)
            self._thread.start()

    def _laco(self) -> None:
        while True:
            with self._cond:
                while not self._parado and (not self._fila or self._fila[0][0] > time.monotonic()):
                    espera = self._fila[0][0] - time.monotonic() if self._fila else None
                    self._cond.wait(espera)
                if self._parado:
                    return
                _, _, entrega = heapq.heappop(self._fila)
            self._entregar(entrega)

    def _entregar(self, entrega: dict) -> None:
        entrega["tentativa"] += 1
        corpo = {"seller_id": self.store_id, "scope_id": entrega["scope_id"], "scope_name": entrega["scope_name"],
                 "act": entrega["act"], "app_code": self.app_code, "url_notification": entrega["url"]}
        status, erro = None, ""
        try:
            resposta = requests.post(entrega["url"], data=corpo, timeout=self.timeout_s)
            status = resposta.status_code
        except requests.RequestException as excecao:
            erro = excecao.__class__.__name__
        entregue = status == 200
        registro = {k: entrega[k] for k in ("entrega", "scope_name", "scope_id", "act", "tentativa", "url")}
        registro.update(status=status, erro=erro, entregue=entregue, hora=datetime.now().isoformat())
        with self._cond:
            self._log.append(registro)
            if entregue or entrega["tentativa"] >= self.max_tentativas or self._parado:
                self._pendentes -= 1
            else:
                indice = min(entrega["tentativa"] - 1, len(self.intervalos_s) - 1)
                quando = time.monotonic() + self.intervalos_s[indice]
                heapq.heappush(self._fila, (quando, entrega["entrega"], entrega))
            self._cond.notify_all()

    def log(self) -> list[dict]:
        with self._cond:
            return [dict(r) for r in self._log]

    def pendentes(self) -> int:
        with self._cond:
            return self._pendentes

    def aguardar(self, timeout_s: float = 5.0) -> bool:
        """Espera até não haver entregas pendentes (útil em testes)."""
        limite = time.monotonic() + timeout_s
        with self._cond:
            while self._pendentes and time.monotonic() < limite:
                self._cond.wait(max(0.0, limite - time.monotonic()))
            return self._pendentes == 0

    def parar(self) -> None:
        with self._cond:
            self._parado = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=self.timeout_s + 1)
