"""O limite da Tray no Redis (com REDIS_URL): um orçamento por loja para todas as máquinas.

Uma requisição é um script Lua (atômico no Redis, sem ler e depois gravar do lado de cá): confere a pausa após
um 429, a cota do dia e a janela deslizante da loja (e a do aplicativo, se houver teto), e toma tudo ou nada. A
janela é um conjunto ordenado por instante: a requisição em voo entra com o instante do tempo-limite e, quando
a resposta chega, passa a valer a partir dela. O relógio é o do Redis (TIME), o mesmo para todas as máquinas.
"""
import threading
import time
import uuid

import redis

from erp.lojas_virtuais.tray.limite_comum import (
    Limites,
    LimitadorCompartilhado,
    ate_o_dia_seguinte,
    dia_de_brasilia,
)

PREFIXO = "erp-tray:limite"

# KEYS: 1 janela da loja, 2 cota do dia, 3 pausa após 429, 4 janela do aplicativo
# ARGV: 1 janela_s, 2 vagas por minuto, 3 vagas por minuto do lote perto da reserva, 4 a partir de quantas no dia,
#       5 limite do dia para esta requisição, 6 tempo em voo (s), 7 identificador, 8 teto do aplicativo (0 = sem),
#       9 só estimar (1) ou tomar (0)
_TOMAR = """
local t = redis.call('TIME')
local agora = tonumber(t[1]) + tonumber(t[2]) / 1000000
local janela = tonumber(ARGV[1])
local pausa = redis.call('PTTL', KEYS[3])
if pausa > 0 then return {0, tostring(pausa / 1000)} end
local dia = tonumber(redis.call('GET', KEYS[2]) or '0')
if dia >= tonumber(ARGV[5]) then return {0, '-1'} end
local limite = tonumber(ARGV[2])
if dia >= tonumber(ARGV[4]) then limite = tonumber(ARGV[3]) end
local function espera(chave, vagas)
  redis.call('ZREMRANGEBYSCORE', chave, '-inf', agora - janela)
  local n = redis.call('ZCARD', chave)
  if n < vagas then return nil end
  local s = redis.call('ZRANGE', chave, n - vagas, n - vagas, 'WITHSCORES')
  return math.max(0.001, tonumber(s[2]) + janela - agora)
end
local e = espera(KEYS[1], limite)
local app = tonumber(ARGV[8])
if app > 0 then
  local e_app = espera(KEYS[4], app)
  if e_app and (not e or e_app > e) then e = e_app end
end
if e then return {0, tostring(e)} end
if ARGV[9] == '1' then return {0, '0'} end
local voo = agora + tonumber(ARGV[6])
local vida = math.ceil((janela + tonumber(ARGV[6])) * 2000)
redis.call('ZADD', KEYS[1], voo, ARGV[7])
redis.call('PEXPIRE', KEYS[1], vida)
if app > 0 then
  redis.call('ZADD', KEYS[4], voo, ARGV[7])
  redis.call('PEXPIRE', KEYS[4], vida)
end
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], 3 * 86400)
return {1, '0'}
"""

# A resposta chegou: a requisição conta a partir de agora (só se ainda está no conjunto).
_LIBERAR = """
local t = redis.call('TIME')
local agora = tonumber(t[1]) + tonumber(t[2]) / 1000000
for i, chave in ipairs(KEYS) do
  redis.call('ZADD', chave, 'XX', agora, ARGV[1])
end
return 1
"""

# ARGV: 1 janela_s, 2 vagas por minuto
_USO = """
local t = redis.call('TIME')
local agora = tonumber(t[1]) + tonumber(t[2]) / 1000000
local n = redis.call('ZCOUNT', KEYS[1], '(' .. tostring(agora - tonumber(ARGV[1])), '+inf')
return {n, tonumber(redis.call('GET', KEYS[2]) or '0')}
"""


_clientes: dict[str, redis.Redis] = {}
_trava = threading.Lock()


def _cliente(url: str) -> redis.Redis:
    """Um cliente (e um pool de conexões) por endereço do Redis, para todas as lojas do processo."""
    with _trava:
        if url not in _clientes:
            _clientes[url] = redis.Redis.from_url(url)
        return _clientes[url]


class VagaRedis:
    __slots__ = ("ident", "chaves")

    def __init__(self, ident: str, chaves: list[str]):
        self.ident = ident
        self.chaves = chaves


class LimitadorRedis(LimitadorCompartilhado):
    compartilhado = "redis"

    def __init__(self, chave: str, limites: Limites, url: str):
        super().__init__(chave, limites)
        self._redis = _cliente(url)
        self._tomar = self._redis.register_script(_TOMAR)
        self._liberar = self._redis.register_script(_LIBERAR)
        self._uso = self._redis.register_script(_USO)

    def _chaves(self, agora: float) -> list[str]:
        lim = self.limites
        return [f"{PREFIXO}:janela:{self.chave}", f"{PREFIXO}:dia:{self.chave}:{dia_de_brasilia(agora)}",
                f"{PREFIXO}:pausa:{self.chave}", f"{PREFIXO}:janela:{lim.chave_app}"]

    def _rodar(self, lote: bool, so_estimar: bool, ident: str = ""):
        lim = self.limites
        agora = time.time()
        # O lote perto da reserva do dia usa a metade da janela (Limites.minuto_para).
        limiar_lento = lim.por_dia - 2 * lim.reserva_dia if lote and lim.reserva_dia else lim.por_dia + 1
        ok, espera = self._tomar(keys=self._chaves(agora), args=[
            lim.janela_s, lim.por_minuto, lim.minuto_para(True, limiar_lento), limiar_lento,
            lim.dia_para(lote), lim.voo_s, ident, lim.app_por_minuto, "1" if so_estimar else "0"])
        espera = float(espera)
        return bool(ok), (ate_o_dia_seguinte(agora) if espera < 0 else espera)

    def _tentar(self, lote: bool):
        ident = uuid.uuid4().hex
        ok, espera = self._rodar(lote, False, ident)
        if not ok:
            return None, espera
        chaves = self._chaves(time.time())
        return VagaRedis(ident, [chaves[0]] + ([chaves[3]] if self.limites.app_por_minuto else [])), 0.0

    def _estimar(self, lote: bool) -> float:
        return self._rodar(lote, True)[1]

    def liberar(self, vaga: VagaRedis) -> None:
        self._liberar(keys=vaga.chaves, args=[vaga.ident])

    def segurar(self, segundos: float) -> None:
        if segundos > 0:
            self._redis.set(self._chaves(time.time())[2], "1", px=max(1, int(segundos * 1000)))

    def uso(self) -> dict:
        chaves = self._chaves(time.time())
        minuto, dia = self._uso(keys=chaves[:2], args=[self.limites.janela_s, self.limites.por_minuto])
        return self._resumo(int(minuto), int(dia))
