"""Limitador de requisições por loja, compartilhado por todos os clientes do processo.

Janela deslizante: no máximo `por_minuto` requisições em qualquer intervalo de `janela_s` segundos.
Cada vaga é marcada com o instante em que a resposta chegou (não o do envio): a Tray conta a requisição
em algum ponto entre os dois, então contar pela chegada da resposta nunca subestima a janela dela.
"""
import threading
import time
from collections import deque

LIMITE_PADRAO = 180
JANELA_PADRAO_S = 60.0


class _Vaga:
    __slots__ = ("instante", "em_voo")

    def __init__(self, instante: float):
        self.instante = instante
        self.em_voo = True


class Limitador:
    def __init__(self, por_minuto: int = LIMITE_PADRAO, janela_s: float = JANELA_PADRAO_S,
                 relogio=time.monotonic):
        self.por_minuto = max(1, int(por_minuto))
        self.janela_s = float(janela_s)
        self._relogio = relogio
        self._vagas: deque[_Vaga] = deque()
        self._cond = threading.Condition()
        self._segurar_ate = 0.0

    def configurar(self, por_minuto: int | None = None, janela_s: float | None = None) -> None:
        with self._cond:
            if por_minuto is not None:
                self.por_minuto = max(1, int(por_minuto))
            if janela_s is not None:
                self.janela_s = float(janela_s)
            self._cond.notify_all()

    def _limpar(self, agora: float) -> None:
        # As respostas chegam fora de ordem: uma vaga vencida pode estar atrás de uma em voo.
        if any(not v.em_voo and agora - v.instante >= self.janela_s for v in self._vagas):
            self._vagas = deque(
                v for v in self._vagas if v.em_voo or agora - v.instante < self.janela_s
            )

    def _espera(self, agora: float) -> float:
        """Segundos até vagar uma posição (0 = já há vaga)."""
        self._limpar(agora)
        if agora < self._segurar_ate:
            return self._segurar_ate - agora
        if len(self._vagas) < self.por_minuto:
            return 0.0
        # Libera primeiro a vaga respondida há mais tempo; as em voo ainda não têm instante final.
        respondidas = sorted(v.instante for v in self._vagas if not v.em_voo)
        excesso = len(self._vagas) - self.por_minuto
        if len(respondidas) <= excesso:
            return self.janela_s
        return max(0.0, respondidas[excesso] + self.janela_s - agora)

    def adquirir(self, tempo_maximo: float | None = None) -> _Vaga:
        """Bloqueia até haver vaga na janela; devolve a vaga para `liberar` quando a resposta chegar."""
        limite = None if tempo_maximo is None else self._relogio() + tempo_maximo
        with self._cond:
            while True:
                agora = self._relogio()
                espera = self._espera(agora)
                if espera <= 0:
                    vaga = _Vaga(agora)
                    self._vagas.append(vaga)
                    return vaga
                if limite is not None:
                    if agora >= limite:
                        raise TimeoutError("sem vaga no limitador")
                    espera = min(espera, limite - agora)
                self._cond.wait(timeout=max(espera, 0.001))

    def liberar(self, vaga: _Vaga) -> None:
        """Marca a resposta recebida: a vaga passa a contar a partir de agora."""
        with self._cond:
            vaga.instante = self._relogio()
            vaga.em_voo = False
            self._cond.notify_all()

    def segurar(self, segundos: float) -> None:
        """Após um 429: ninguém do processo manda nada para esta loja nos próximos `segundos`."""
        with self._cond:
            self._segurar_ate = max(self._segurar_ate, self._relogio() + max(0.0, segundos))
            self._cond.notify_all()

    def ocupadas(self) -> int:
        with self._cond:
            self._limpar(self._relogio())
            return len(self._vagas)


_limitadores: dict[str, Limitador] = {}
_trava = threading.Lock()


def limitador_da_loja(chave: str, por_minuto: int = LIMITE_PADRAO,
                      janela_s: float = JANELA_PADRAO_S) -> Limitador:
    """O limitador do processo para a loja `chave` (URL da API + código da loja)."""
    with _trava:
        limitador = _limitadores.get(chave)
        if limitador is None:
            limitador = _limitadores[chave] = Limitador(por_minuto, janela_s)
        elif limitador.por_minuto != int(por_minuto) or limitador.janela_s != float(janela_s):
            limitador.configurar(por_minuto, janela_s)
        return limitador


def chave_da_loja(site: str, usuario: str) -> str:
    return f"{(site or '').rstrip('/').lower()}|{usuario or ''}"
