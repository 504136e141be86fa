"""Fila do processamento das imagens: a Tray responde ao POST/PUT e baixa as imagens depois.

Cada trabalho é uma função sem argumentos, de um produto; uma thread os executa em ordem de chegada.
`sincrona` executa na hora, antes da resposta (o comportamento antigo do simulador). Os testes podem
pausar a fila, para ver o produto antes do download, e esperar que ela esvazie.
"""
import logging
import threading
import time
from collections import Counter, deque

log = logging.getLogger(__name__)


class FilaDeImagens:
    def __init__(self, sincrona: bool = False):
        self.sincrona = sincrona
        self._fila: deque = deque()
        self._pendentes: Counter = Counter()
        self._descricoes: dict[str, list[dict]] = {}
        self._cond = threading.Condition()
        self._pausada = False
        self._parada = False
        self._thread: threading.Thread | None = None

    def enfileirar(self, produto_id: str, trabalho, descricao: list[dict]) -> None:
        """`trabalho()` roda depois (ou já, se a fila é síncrona); `descricao` aparece como pendente até lá."""
        if self.sincrona:
            trabalho()
            return
        with self._cond:
            if self._parada:
                return
            item = (produto_id, trabalho, descricao)
            self._fila.append(item)
            self._pendentes[produto_id] += 1
            self._descricoes.setdefault(produto_id, []).extend(descricao)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._laco, name="tray-sim-imagens", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def _laco(self) -> None:
        while True:
            with self._cond:
                while not self._parada and (self._pausada or not self._fila):
                    self._cond.wait()
                if self._parada:
                    return
                produto_id, trabalho, descricao = self._fila.popleft()
            try:
                trabalho()
            except Exception:  # um trabalho com erro não pode parar a fila
                log.exception("falha ao processar as imagens do produto %s", produto_id)
            with self._cond:
                self._pendentes[produto_id] -= 1
                restantes = self._descricoes.get(produto_id, [])
                del restantes[:len(descricao)]
                if self._pendentes[produto_id] <= 0:
                    self._pendentes.pop(produto_id, None)
                    self._descricoes.pop(produto_id, None)
                self._cond.notify_all()

    def pendentes(self, produto_id: str | None = None) -> list[dict]:
        with self._cond:
            if produto_id is not None:
                return [dict(d) for d in self._descricoes.get(produto_id, [])]
            return [dict(d) for lista in self._descricoes.values() for d in lista]

    def pausar(self, pausada: bool) -> None:
        with self._cond:
            self._pausada = bool(pausada)
            self._cond.notify_all()

    @property
    def pausada(self) -> bool:
        with self._cond:
            return self._pausada

    def aguardar(self, produto_id: str | None = None, timeout_s: float = 5.0) -> bool:
        """Espera a fila (ou os trabalhos de um produto) esvaziar; False se o tempo acabou antes."""
        limite = time.monotonic() + timeout_s
        with self._cond:
            while (self._pendentes.get(produto_id) if produto_id is not None else self._fila or
                   any(self._pendentes.values())):
                restante = limite - time.monotonic()
                if restante <= 0:
                    return False
                self._cond.wait(restante)
            return True

    def parar(self) -> None:
        with self._cond:
            self._parada = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
