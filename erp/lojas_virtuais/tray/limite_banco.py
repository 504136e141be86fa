"""O limite da Tray no banco (sem REDIS_URL): web, trabalhadores e linha de comando de uma instalação dividem o
mesmo orçamento por loja.

No PostgreSQL, as tabelas da migração 0019 no banco da aplicação. No SQLite, as mesmas tabelas num arquivo ao lado
do banco (`erp.limite-tray.sqlite3`): lá a trava de escrita é do arquivo inteiro, e quem chama a Tray às vezes
tem escrita pendente na própria sessão; com o arquivo à parte, o limite nunca espera por ela.

- Janela por minuto: `por_minuto` linhas de `tray_limite_vagas` por chave, cada uma com o instante do seu último
  uso (`usada_em`). Tomar uma vaga é um UPDATE ... WHERE usada_em <= agora - janela (o PostgreSQL confere de novo
  a condição na linha travada; o SQLite tem um escritor por vez), então duas transações nunca tomam a mesma. Em
  voo, a vaga é marcada com o envio + o tempo-limite; a resposta a marca com o instante em que chegou.
- Cota do dia: uma linha por (chave, dia de Brasília); UPDATE usados = usados + 1 WHERE usados < limite.
- As duas, e o teto do aplicativo, na mesma transação: ou a requisição toma tudo, ou nada.

Cada tentativa usa uma conexão própria (nunca a sessão de quem chamou, que pode ter trabalho sem commit).
"""
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, event, func, select, update

from erp.lojas_virtuais.models import CotaDiariaTray, VagaLimiteTray
from erp.lojas_virtuais.tray.limite_comum import (
    Limites,
    LimitadorCompartilhado,
    ate_o_dia_seguinte,
    dia_de_brasilia,
)

V = VagaLimiteTray.__table__
D = CotaDiariaTray.__table__


def _insert(engine, tabela):
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(tabela)


_motores: dict[str, object] = {}
_trava = threading.Lock()


def banco_do_limite(engine):
    """O banco das vagas e da cota: o próprio PostgreSQL, por um motor do limite com poucas conexões, um por
    processo e URL (não o da aplicação: o limitador vive mais que ela e não pode segurar o pool dela); no SQLite, um
    arquivo ao lado (None em memória)."""
    if engine.dialect.name != "sqlite":
        url = engine.url.render_as_string(hide_password=False)
        with _trava:
            if url not in _motores:
                _motores[url] = create_engine(url, pool_size=2, max_overflow=3, pool_pre_ping=True)
            return _motores[url]
    arquivo = engine.url.database
    if not arquivo or arquivo == ":memory:" or arquivo.startswith("file:"):
        return None
    caminho = Path(arquivo)
    url = f"sqlite:///{caminho.with_name(caminho.stem + '.limite-tray.sqlite3')}"
    with _trava:
        if url not in _motores:
            motor = create_engine(url)
            # Contas de um limite, não dados do negócio: sem esperar o disco a cada commit (o WAL continua íntegro).
            event.listen(motor, "connect", lambda conexao, _: conexao.execute("PRAGMA synchronous=NORMAL"))
            V.metadata.create_all(motor, tables=[V, D])
            _motores[url] = motor
        return _motores[url]


class VagaBanco:
    __slots__ = ("dono", "vagas")

    def __init__(self, dono: str, vagas: list[tuple[str, int]]):
        self.dono = dono
        self.vagas = vagas


class LimitadorBanco(LimitadorCompartilhado):
    compartilhado = "banco"

    def __init__(self, chave: str, limites: Limites, engine):
        super().__init__(chave, limites)
        self._engine = engine
        self._criadas: dict[str, int] = {}  # vagas já criadas por chave, neste processo
        self._dia_criado: str | None = None

    # -- linhas ---------------------------------------------------------------------------------------
    def _preparar(self, dia: str) -> None:
        """Cria (uma vez por processo, numa transação à parte) as vagas e a linha do dia que faltarem."""
        lim = self.limites
        faltam = [(c, n) for c, n in ((self.chave, lim.por_minuto), (lim.chave_app, lim.app_por_minuto))
                  if n and self._criadas.get(c, 0) < n]
        if not faltam and self._dia_criado == dia:
            return
        with self._engine.begin() as con:
            for chave, quantas in faltam:
                linhas = [{"chave": chave, "indice": i, "usada_em": 0.0} for i in range(quantas)]
                con.execute(_insert(self._engine, V).values(linhas).on_conflict_do_nothing(
                    index_elements=["chave", "indice"]))
            con.execute(_insert(self._engine, D).values(chave=self.chave, dia=dia, usados=0)
                        .on_conflict_do_nothing(index_elements=["chave", "dia"]))
        self._criadas.update(faltam)
        self._dia_criado = dia

    def _tomar_vaga(self, con, chave: str, limite: int, agora: float, dono: str) -> int | None:
        vencida = agora - self.limites.janela_s
        livre = (select(V.c.indice).where(V.c.chave == chave, V.c.indice < limite, V.c.usada_em <= vencida)
                 .order_by(V.c.usada_em).limit(1).with_for_update(skip_locked=True).scalar_subquery())
        linha = con.execute(update(V).where(V.c.chave == chave, V.c.indice == livre, V.c.usada_em <= vencida)
                            .values(usada_em=agora + self.limites.voo_s, dono=dono)
                            .returning(V.c.indice)).first()
        return None if linha is None else linha[0]

    def _proxima_livre(self, con, chave: str, limite: int, agora: float) -> float:
        """Segundos até a primeira vaga de `chave` (entre as `limite` primeiras) vagar."""
        primeira = con.execute(select(func.min(V.c.usada_em)).where(V.c.chave == chave, V.c.indice < limite)).scalar()
        if primeira is None:  # as vagas sumiram (banco limpo): cria de novo e tenta já
            self._criadas.pop(chave, None)
            return 0.0
        return max(0.0, primeira + self.limites.janela_s - agora)

    # -- tomar e devolver ----------------------------------------------------------------------------
    def _tentar(self, lote: bool):
        lim = self.limites
        agora = time.time()
        dia = dia_de_brasilia(agora)
        dono = uuid.uuid4().hex
        self._preparar(dia)
        with self._engine.connect() as con:
            usados = con.execute(update(D).where(D.c.chave == self.chave, D.c.dia == dia,
                                                 D.c.usados < lim.dia_para(lote))
                                 .values(usados=D.c.usados + 1).returning(D.c.usados)).scalar()
            if usados is None:
                existe = con.execute(select(D.c.usados).where(D.c.chave == self.chave, D.c.dia == dia)).first()
                con.rollback()
                if existe is None:  # a linha do dia sumiu (banco limpo): cria de novo e tenta já
                    self._dia_criado = None
                    return None, 0.0
                return None, ate_o_dia_seguinte(agora)
            por_minuto = lim.minuto_para(lote, usados - 1)
            tomadas = []
            indice = self._tomar_vaga(con, self.chave, por_minuto, agora, dono)
            if indice is not None:
                tomadas.append((self.chave, indice))
                if lim.app_por_minuto:
                    indice = self._tomar_vaga(con, lim.chave_app, lim.app_por_minuto, agora, dono)
                    tomadas.append((lim.chave_app, indice))
            if indice is None:
                espera = self._proxima_livre(con, self.chave, por_minuto, agora)
                if lim.app_por_minuto:
                    espera = max(espera, self._proxima_livre(con, lim.chave_app, lim.app_por_minuto, agora))
                con.rollback()
                return None, espera
            con.commit()
        return VagaBanco(dono, tomadas), 0.0

    def liberar(self, vaga: VagaBanco) -> None:
        """A resposta chegou: cada vaga tomada conta a partir de agora (volta a valer uma janela depois)."""
        with self._engine.begin() as con:
            agora = time.time()
            for chave, indice in vaga.vagas:
                con.execute(update(V).where(V.c.chave == chave, V.c.indice == indice, V.c.dono == vaga.dono)
                            .values(usada_em=agora))

    def segurar(self, segundos: float) -> None:
        """Após um 429: nenhuma vaga da loja vale antes de `segundos` (em todos os processos)."""
        ate = time.time() + max(0.0, segundos)
        self._preparar(dia_de_brasilia(ate))
        marca = ate - self.limites.janela_s  # como se cada vaga tivesse sido usada agora há pouco
        with self._engine.begin() as con:
            con.execute(update(V).where(V.c.chave == self.chave, V.c.usada_em < marca).values(usada_em=marca))

    # -- leitura -------------------------------------------------------------------------------------
    def _dia_usados(self, con, agora: float) -> int:
        return con.execute(select(D.c.usados).where(D.c.chave == self.chave,
                                                    D.c.dia == dia_de_brasilia(agora))).scalar() or 0

    def _estimar(self, lote: bool) -> float:
        lim = self.limites
        agora = time.time()
        with self._engine.connect() as con:
            usados = self._dia_usados(con, agora)
            if usados >= lim.dia_para(lote):
                return ate_o_dia_seguinte(agora)
            espera = self._proxima_livre(con, self.chave, lim.minuto_para(lote, usados), agora)
            if lim.app_por_minuto:
                espera = max(espera, self._proxima_livre(con, lim.chave_app, lim.app_por_minuto, agora))
        return espera

    def uso(self) -> dict:
        agora = time.time()
        with self._engine.connect() as con:
            usados_dia = self._dia_usados(con, agora)
            # Vagas ocupadas: em voo, ou respondidas há menos de uma janela.
            na_janela = con.execute(select(func.count()).select_from(V).where(
                V.c.chave == self.chave, V.c.indice < self.limites.por_minuto,
                V.c.usada_em > agora - self.limites.janela_s)).scalar()
        return self._resumo(int(na_janela or 0), int(usados_dia))
