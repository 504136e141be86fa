"""Peças comuns das bancadas que medem a vazão contra o limite de requisições da Tray.

Importar este módulo primeiro: chamado com outro Python (ex.: `python bench/importacao.py`), ele roda a
bancada de novo no ambiente do projeto (.venv) e põe a raiz do projeto no caminho de importação.

Para a rodada ser curta sem falsear a conta, o limite e a janela deslizante encolhem juntos (no simulador e no
limitador do cliente). Com janela deslizante, as primeiras requisições de uma rodada saem de uma vez (a janela
está vazia); medir o tempo total daria um número acima do teto. Por isso a vazão é medida em janelas
inteiras: itens concluídos até o fim da última janela inteira ÷ a duração dessas janelas.
"""
import argparse
import math
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
_VENV = RAIZ / ".venv"
if (_VENV / "bin" / "python").exists() and Path(sys.prefix).resolve() != _VENV.resolve():
    os.execv(str(_VENV / "bin" / "python"), [str(_VENV / "bin" / "python"), *sys.argv])
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))

import requests  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402


def parser(descricao: str, n_padrao: int, ajuda_n: str) -> argparse.ArgumentParser:
    """Os argumentos de toda bancada de vazão: --n, --limite e --janela."""
    p = argparse.ArgumentParser(description=descricao)
    p.add_argument("--n", type=int, default=n_padrao, help=ajuda_n)
    p.add_argument("--limite", type=int, default=600, help="requisições por minuto (Tray: 180)")
    p.add_argument("--janela", type=float, default=5.0, help="janela deslizante em segundos (Tray: 60)")
    return p


@dataclass(frozen=True)
class Limite:
    """O limite da Tray encolhido: `por_janela` requisições a cada `janela` segundos."""
    por_janela: int
    janela: float

    @classmethod
    def dos_argumentos(cls, args) -> "Limite":
        return cls(max(1, round(args.limite * args.janela / 60)), args.janela)

    @property
    def por_minuto(self) -> float:
        return self.por_janela * 60 / self.janela


def simulador(limite: Limite, semente: dict | None = None, **opcoes):
    """O simulador da Tray numa thread, com a janela e o limite por janela encolhidos."""
    from erp.sandbox.tray import iniciar_em_thread, semente_minima
    from erp.sandbox.tray import limites as limites_simulador

    limites_simulador.JANELA_S = limite.janela  # a janela da "Tray" encolhe junto com o limite por janela
    dados = semente_minima(**(semente or {}), rate_limit_per_minute=limite.por_janela,
                           rate_limit_per_day=10_000_000)
    return iniciar_em_thread(dados, **opcoes)


def aplicacao(pasta: Path, sim, limite: Limite):
    """A retaguarda com banco SQLite e fila na pasta temporária, ligada ao simulador."""
    from erp import create_app

    return create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{pasta / 'bancada.sqlite3'}",
        "HUEY_ARQUIVO": str(pasta / "fila.sqlite3"),
        "UPLOADS": str(pasta / "uploads"),
        "ERP_CHAVE_SEGREDOS": Fernet.generate_key().decode(),
        "TRAY_CONSUMER_KEY": sim.consumer_key,
        "TRAY_CONSUMER_SECRET": sim.consumer_secret,
        "TRAY_LIMITE_MINUTO": limite.por_janela,  # por janela de TRAY_JANELA_S segundos
        "TRAY_JANELA_S": limite.janela,
        "ESTOQUE_ATRASO_S": 3600,
    })


@contextmanager
def bancada(prefixo: str, limite: Limite, semente: dict | None = None, **opcoes_simulador):
    """(simulador, aplicação) numa pasta temporária; o simulador para ao sair."""
    sim = simulador(limite, semente, **opcoes_simulador)
    try:
        with tempfile.TemporaryDirectory(prefix=prefixo) as pasta:
            yield sim, aplicacao(Path(pasta), sim, limite)
    finally:
        sim.parar()


def migrar_e_conectar(sim):
    """Migra o banco e conecta a loja do simulador pelo cliente de verdade (dentro do contexto da app)."""
    from flask_migrate import upgrade

    from erp.lojas_virtuais.services import conectar_loja

    upgrade(revision="heads")
    return conectar_loja(sim.store_id, sim.url_api, sim.code, nome="Loja da bancada")


def limpar_requisicoes(sim) -> None:
    requests.delete(f"{sim.url_base}/_sandbox/requests", timeout=5)


def requisicoes(sim) -> list[dict]:
    """O registro de requisições que o simulador recebeu."""
    return requests.get(f"{sim.url_base}/_sandbox/requests", timeout=5).json()["requests"]


def falhas(registro: list[dict]) -> list[dict]:
    """Respostas da Tray com erro (429, 4xx, 5xx) ou conexões perdidas."""
    return [r for r in registro if r["status"] is None or r["status"] >= 400]


@dataclass
class Cronometro:
    """Marca o instante de cada item concluído desde o início da rodada."""
    inicio: float = field(default_factory=time.monotonic)
    concluidos: list[float] = field(default_factory=list)
    duracao: float = 0.0

    def item(self, _=None) -> None:
        self.concluidos.append(time.monotonic() - self.inicio)

    def parar(self) -> float:
        self.duracao = time.monotonic() - self.inicio
        return self.duracao


@dataclass(frozen=True)
class Vazao:
    janelas: int
    medida: float  # segundos medidos
    feitos: int  # itens concluídos dentro do tempo medido
    por_minuto: float


def vazao_em_janelas(concluidos: list[float], duracao: float, janela: float) -> Vazao:
    """Itens por minuto nas janelas inteiras da rodada."""
    janelas = math.floor(duracao / janela)
    if janelas >= 1:
        medida = janelas * janela
        feitos = sum(1 for t in concluidos if t <= medida)
    else:  # rodada menor que uma janela: não há como medir o ritmo sustentado
        medida, feitos = duracao, len(concluidos)
    return Vazao(janelas, medida, feitos, feitos * 60 / medida)


def linha_limite(limite: Limite, duracao: float, vazao: Vazao, unidade: str) -> str:
    return (f"limite: {limite.por_janela} por {limite.janela:g} s = {limite.por_minuto:g}/min; "
            f"duração: {duracao:.1f} s; medido em {vazao.janelas} janela(s) inteira(s): "
            f"{vazao.feitos} {unidade}(s) em {vazao.medida:.1f} s")


def linha_final(unidade: str, vazao: Vazao, teto: float, falhas_: list) -> str:
    """`<unidade>s/min: X; teto pelo limite da Tray: Y; razão: Z%; requisições falhas: F`."""
    return (f"{unidade}s/min: {vazao.por_minuto:.1f}; teto pelo limite da Tray: {teto:.1f}; "
            f"razão: {vazao.por_minuto / teto * 100:.1f}%; requisições falhas: {len(falhas_)}")
