"""O que os limitadores da Tray compartilhados (banco e Redis) têm em comum: os limites, a espera com novas
tentativas, o dia de Brasília e a marca de trabalho em lote (ver `limitador.py`)."""
import contextlib
import contextvars
import random
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from erp.comum.datas import FUSO

LIMITE_PADRAO = 180
JANELA_PADRAO_S = 60.0
LIMITE_DIA_PADRAO = 10000
RESERVA_DIA_PADRAO = 1000
VOO_PADRAO_S = 35.0
SONO_MAXIMO_S = 2.0  # quem espera volta a conferir ao menos a cada 2 s (o estimado pode encurtar)

_lote: contextvars.ContextVar[bool] = contextvars.ContextVar("tray_em_lote", default=False)


@contextlib.contextmanager
def em_lote():
    """Requisições feitas aqui dentro são trabalho em lote: respeitam a reserva do dia."""
    marca = _lote.set(True)
    try:
        yield
    finally:
        _lote.reset(marca)


def e_lote() -> bool:
    return _lote.get()


def dia_de_brasilia(instante: float) -> str:
    return datetime.fromtimestamp(instante, FUSO).date().isoformat()


def ate_o_dia_seguinte(instante: float) -> float:
    """Segundos até a meia-noite de Brasília (quando a cota diária recomeça)."""
    agora = datetime.fromtimestamp(instante, FUSO)
    amanha = datetime.combine(agora.date() + timedelta(days=1), datetime.min.time(), FUSO)
    return max(0.0, (amanha - agora).total_seconds())


@dataclass(frozen=True)
class Limites:
    por_minuto: int = LIMITE_PADRAO
    janela_s: float = JANELA_PADRAO_S
    por_dia: int = LIMITE_DIA_PADRAO
    reserva_dia: int = RESERVA_DIA_PADRAO
    app_por_minuto: int = 0  # teto do aplicativo somando as lojas (0 = sem teto)
    chave_app: str = "app"
    voo_s: float = VOO_PADRAO_S  # quanto uma requisição sem resposta segura a vaga (tempo-limite da leitura)

    def dia_para(self, lote: bool) -> int:
        """Até quantas requisições no dia esta requisição pode ir."""
        return max(0, self.por_dia - (self.reserva_dia if lote else 0))

    def minuto_para(self, lote: bool, usados_dia: int) -> int:
        """Vagas da janela por minuto para esta requisição: o lote perto da reserva do dia usa a metade."""
        if lote and self.reserva_dia and usados_dia >= self.por_dia - 2 * self.reserva_dia:
            return max(1, self.por_minuto // 2)
        return self.por_minuto


class LimitadorCompartilhado:
    """Base dos limitadores compartilhados entre processos: a espera com novas tentativas fica aqui; cada
    armazenamento implementa `_tentar(lote)` → (vaga ou None, segundos até a próxima chance)."""

    compartilhado = ""

    def __init__(self, chave: str, limites: Limites):
        self.chave = chave
        self.limites = limites

    @property
    def por_minuto(self) -> int:
        return self.limites.por_minuto

    @property
    def janela_s(self) -> float:
        return self.limites.janela_s

    def configurar(self, por_minuto: int | None = None, janela_s: float | None = None, **outros) -> None:
        mudar = {n: v for n, v in dict(outros, por_minuto=por_minuto, janela_s=janela_s).items() if v is not None}
        self.limites = replace(self.limites, **mudar)

    def adquirir(self, tempo_maximo: float | None = None, interativo: bool | None = None):
        """Bloqueia até haver vaga (na janela, no dia e no teto do aplicativo); devolve a vaga para `liberar`."""
        lote = e_lote() if interativo is None else not interativo
        limite = None if tempo_maximo is None else time.monotonic() + tempo_maximo
        while True:
            vaga, espera = self._tentar(lote)
            if vaga is not None:
                return vaga
            if limite is not None:
                resta = limite - time.monotonic()
                if resta <= 0:
                    raise TimeoutError("sem vaga no limitador")
                espera = min(espera, resta)
            # Um pouco de acaso para os processos que esperam a mesma vaga não chegarem juntos.
            time.sleep(min(max(espera, 0.002), SONO_MAXIMO_S) + random.random() * 0.003)  # nosec B311

    def espera_estimada(self, interativo: bool | None = None) -> float:
        """Segundos até a próxima vaga para este tipo de requisição (0 = há vaga agora)."""
        lote = e_lote() if interativo is None else not interativo
        return self._estimar(lote)

    def ocupadas(self) -> int:
        return self.uso()["minuto_usados"]

    def _resumo(self, minuto_usados: int, dia_usados: int, lote: bool = False) -> dict:
        lim = self.limites
        return {"compartilhado": self.compartilhado, "janela_s": lim.janela_s,
                "minuto_usados": minuto_usados, "minuto_limite": lim.por_minuto,
                "dia_usados": dia_usados, "dia_limite": lim.por_dia,
                "dia_restantes": max(0, lim.por_dia - dia_usados), "reserva_dia": lim.reserva_dia,
                "espera_s": round(self._estimar(lote), 1)}

    # Implementados por cada armazenamento.
    def _tentar(self, lote: bool):  # pragma: no cover
        raise NotImplementedError

    def _estimar(self, lote: bool) -> float:  # pragma: no cover
        raise NotImplementedError

    def liberar(self, vaga) -> None:  # pragma: no cover
        raise NotImplementedError

    def segurar(self, segundos: float) -> None:  # pragma: no cover
        raise NotImplementedError

    def uso(self) -> dict:  # pragma: no cover
        raise NotImplementedError
