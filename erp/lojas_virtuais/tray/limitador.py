"""Limite de requisições da Tray por loja: um orçamento só para todos os processos e máquinas.

A Tray aceita 180 requisições por minuto e 10.000 por dia civil de Brasília por loja (docs/tray.md). O
limitador de uma loja é o mesmo para a tela, os trabalhadores da fila e a linha de comando:

- com `REDIS_URL`, no Redis (`limite_redis.py`: um script Lua por requisição, atômico);
- sem ele, no banco (`limite_banco.py`: UPDATE ... WHERE nas vagas da janela e na cota do dia): o PostgreSQL da
  aplicação, ou, com SQLite, um arquivo ao lado do banco;
- fora de uma aplicação (testes de unidade do transporte), no processo (`Limitador`, abaixo).

Janela deslizante: no máximo `por_minuto` requisições em qualquer intervalo de `janela_s` segundos. Cada vaga é
marcada com o instante em que a resposta chegou (não o do envio): a Tray conta a requisição em algum ponto entre
os dois, então contar pela chegada da resposta nunca subestima a janela dela.

Trabalho em lote (importação e exportação da fila: `with em_lote(): ...`) deixa a reserva do dia
(`TRAY_RESERVA_DIA`) para o trabalho interativo e o Retorno à Tray: perto dela o lote passa a usar metade da
janela por minuto, e ao chegar nela espera o dia seguinte.
"""
import math
import threading
import time
from collections import deque

from erp.lojas_virtuais.tray.limite_comum import (  # noqa: F401 — quem usa o limite importa daqui
    JANELA_PADRAO_S,
    LIMITE_DIA_PADRAO,
    LIMITE_PADRAO,
    RESERVA_DIA_PADRAO,
    Limites,
    ate_o_dia_seguinte,
    dia_de_brasilia,
    e_lote,
    em_lote,
)


class _Vaga:
    __slots__ = ("instante", "em_voo")

    def __init__(self, instante: float):
        self.instante = instante
        self.em_voo = True


class Limitador:
    """O limite dentro de um processo só (sem aplicação); a janela por minuto apenas."""

    compartilhado = "processo"

    def __init__(self, por_minuto: int = LIMITE_PADRAO, janela_s: float = JANELA_PADRAO_S,
                 relogio=time.monotonic):
        self.por_minuto = max(1, int(por_minuto))
        self.janela_s = float(janela_s)
        self._relogio = relogio
        self._vagas: deque[_Vaga] = deque()
        self._cond = threading.Condition()
        self._segurar_ate = 0.0

    def configurar(self, por_minuto: int | None = None, janela_s: float | None = None, **_) -> None:
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

    def espera_estimada(self) -> float:
        """Segundos até a próxima vaga (0 = há vaga agora)."""
        with self._cond:
            return self._espera(self._relogio())

    def uso(self) -> dict:
        return {"compartilhado": self.compartilhado, "janela_s": self.janela_s,
                "minuto_usados": self.ocupadas(), "minuto_limite": self.por_minuto,
                "dia_usados": None, "dia_limite": None, "dia_restantes": None, "reserva_dia": None,
                "espera_s": self.espera_estimada()}


_limitadores: dict[tuple, object] = {}
_trava = threading.Lock()


def _config() -> dict | None:
    from flask import current_app, has_app_context

    return current_app.config if has_app_context() else None


def limites_da_config(config, por_minuto: int | None = None, janela_s: float | None = None) -> Limites:
    return Limites(
        por_minuto=max(1, int(por_minuto or config.get("TRAY_LIMITE_MINUTO", LIMITE_PADRAO))),
        janela_s=float(janela_s or config.get("TRAY_JANELA_S", JANELA_PADRAO_S)),
        por_dia=max(1, int(config.get("TRAY_LIMITE_DIA", LIMITE_DIA_PADRAO))),
        reserva_dia=max(0, int(config.get("TRAY_RESERVA_DIA", RESERVA_DIA_PADRAO))),
        app_por_minuto=max(0, int(config.get("TRAY_LIMITE_APP_MINUTO", 0) or 0)),
        chave_app=f"app|{config.get('TRAY_CONSUMER_KEY') or ''}",
        voo_s=float(config.get("TRAY_TIMEOUT_CONEXAO", 5.0)) + float(config.get("TRAY_TIMEOUT_LEITURA", 30.0)),
    )


def limitador_da_loja(chave: str, por_minuto: int | None = None, janela_s: float | None = None):
    """O limitador da loja `chave` (URL da API + código da loja): no Redis com REDIS_URL, no banco dentro de uma
    aplicação, no processo fora dela. O mesmo objeto para a mesma loja no processo."""
    config = _config()
    if config is None:
        onde, criar = ("processo",), lambda: Limitador(por_minuto or LIMITE_PADRAO, janela_s or JANELA_PADRAO_S)
        limites = None
    else:
        limites = limites_da_config(config, por_minuto, janela_s)
        if config.get("REDIS_URL"):
            from erp.lojas_virtuais.tray.limite_redis import LimitadorRedis

            url = config["REDIS_URL"]
            onde, criar = ("redis", url), lambda: LimitadorRedis(chave, limites, url)
        else:
            from erp.extensions import db
            from erp.lojas_virtuais.tray.limite_banco import LimitadorBanco, banco_do_limite

            engine = banco_do_limite(db.engine)
            if engine is None:  # SQLite em memória: um processo só
                onde, criar = ("processo",), lambda: Limitador(limites.por_minuto, limites.janela_s)
            else:
                onde, criar = ("banco", str(engine.url)), lambda: LimitadorBanco(chave, limites, engine)
    with _trava:
        limitador = _limitadores.get(onde + (chave,))
        if limitador is None:
            limitador = _limitadores[onde + (chave,)] = criar()
        elif limites is not None and getattr(limitador, "limites", limites) != limites:
            limitador.limites = limites
        elif limites is not None and isinstance(limitador, Limitador):
            limitador.configurar(limites.por_minuto, limites.janela_s)
        elif limites is None and (limitador.por_minuto != int(por_minuto or LIMITE_PADRAO)
                                  or limitador.janela_s != float(janela_s or JANELA_PADRAO_S)):
            limitador.configurar(por_minuto or LIMITE_PADRAO, janela_s or JANELA_PADRAO_S)
        return limitador


def mensagem_de_espera(segundos: float | None) -> str | None:
    """"Aguardando o limite da Tray, 23 s." (sem os segundos quando não há estimativa), para o progresso."""
    if segundos is None:
        return None
    return f"Aguardando o limite da Tray, {math.ceil(segundos)} s." if segundos > 0 else \
        "Aguardando o limite da Tray."


def chave_da_loja(site: str, usuario: str) -> str:
    return f"{(site or '').rstrip('/').lower()}|{usuario or ''}"
