"""Vazão da importação de pedidos contra o limite de requisições da Tray.

    .venv/bin/python bench/importacao.py --n 200

Sobe o simulador da Tray neste processo com N pedidos gerados, um banco SQLite temporário migrado e a
loja conectada pelo cliente de verdade; importa todos os pedidos como a tarefa "todos do filtro" (lista
paginada de 50 em 50 + um GET /orders/{id}/complete por pedido) e compara com o teto que o limite impõe.

Para a rodada ser curta sem falsear a conta, o limite e a janela deslizante encolhem juntos: com
`--limite 600 --janela 5` são 50 requisições a cada 5 s no simulador e no limitador do cliente, os mesmos
600 por minuto. Com janela deslizante, as primeiras requisições de uma rodada saem de uma vez (a janela
está vazia); medir o tempo total daria um número acima do teto. Por isso a vazão é medida em janelas
inteiras: pedidos concluídos até o fim da última janela inteira ÷ a duração dessas janelas.

Última linha: `pedidos/min: X; teto pelo limite da Tray: Y; razão: Z%; requisições falhas: F`, com
teto = limite por minuto ÷ requisições por pedido (contando as páginas da lista) e F = respostas da Tray
com erro (429, 5xx...) ou conexões perdidas.
"""
import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))
VENV = RAIZ / ".venv"
if (VENV / "bin" / "python").exists() and Path(sys.prefix).resolve() != VENV.resolve():
    # Chamado com outro python (ex.: `python bench/importacao.py`): roda no ambiente do projeto.
    os.execv(str(VENV / "bin" / "python"), [str(VENV / "bin" / "python"), *sys.argv])

import requests  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402


def argumentos():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="pedidos a importar (mínimo 4)")
    parser.add_argument("--limite", type=int, default=600, help="requisições por minuto (Tray: 180)")
    parser.add_argument("--janela", type=float, default=5.0, help="janela deslizante em segundos (Tray: 60)")
    parser.add_argument("--paralelo", type=int, default=4, help="leituras simultâneas na Tray")
    return parser.parse_args()


def simulador(n: int, por_janela: int, janela: float):
    from erp.sandbox.tray import iniciar_em_thread, semente_minima
    from erp.sandbox.tray import limites as limites_simulador

    limites_simulador.JANELA_S = janela  # a janela da "Tray" encolhe junto com o limite por janela
    semente = semente_minima(pedidos_extras=max(0, n - 4), rate_limit_per_minute=por_janela,
                             rate_limit_per_day=10_000_000)
    return iniciar_em_thread(semente)


def aplicacao(pasta: Path, sim, por_janela: int, janela: float, paralelo: int):
    from erp import create_app

    return create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{pasta / 'bancada.sqlite3'}",
        "HUEY_ARQUIVO": str(pasta / "fila.sqlite3"),
        "UPLOADS": str(pasta / "uploads"),
        "ERP_CHAVE_SEGREDOS": Fernet.generate_key().decode(),
        "TRAY_CONSUMER_KEY": sim.consumer_key,
        "TRAY_CONSUMER_SECRET": sim.consumer_secret,
        "TRAY_LIMITE_MINUTO": por_janela,  # por janela de TRAY_JANELA_S segundos
        "TRAY_JANELA_S": janela,
        "ESTOQUE_ATRASO_S": 3600,
    })


def importar(app, sim, paralelo: int):
    from flask_migrate import upgrade

    from erp.lojas_virtuais.services import conectar_loja
    from erp.vendas import importacao, lote
    from erp.vendas.filtros import Filtros

    with app.app_context():
        upgrade(revision="heads")
        loja = conectar_loja(sim.store_id, sim.url_api, sim.code, nome="Loja da bancada")
        requests.delete(f"{sim.url_base}/_sandbox/requests", timeout=5)
        concluidos: list[float] = []
        inicio = time.monotonic()
        resultados = lote.importar_do_filtro(loja, Filtros(), "cli", paralelo=paralelo,
                                             ao_item=lambda _: concluidos.append(time.monotonic() - inicio))
        duracao = time.monotonic() - inicio
        return resultados, concluidos, duracao, importacao.resumo(resultados)


def main() -> None:
    args = argumentos()
    n = max(4, args.n)
    por_janela = max(1, round(args.limite * args.janela / 60))
    limite_minuto = por_janela * 60 / args.janela
    sim = simulador(n, por_janela, args.janela)
    try:
        with tempfile.TemporaryDirectory(prefix="bancada-importacao-") as pasta:
            app = aplicacao(Path(pasta), sim, por_janela, args.janela, args.paralelo)
            resultados, concluidos, duracao, contagem = importar(app, sim, args.paralelo)
        registro = requests.get(f"{sim.url_base}/_sandbox/requests", timeout=5).json()["requests"]
    finally:
        sim.parar()
    falhas = [r for r in registro if r["status"] is None or r["status"] >= 400]
    paginas = sum(1 for r in registro if r["path"].removesuffix("/") == "/web_api/orders")
    por_pedido = len(registro) / n
    teto = limite_minuto / por_pedido
    janelas = math.floor(duracao / args.janela)
    if janelas >= 1:
        medida = janelas * args.janela
        feitos = sum(1 for t in concluidos if t <= medida)
    else:  # rodada menor que uma janela: não há como medir o ritmo sustentado
        medida, feitos = duracao, len(concluidos)
    vazao = feitos * 60 / medida
    print(f"pedidos: {n}; resultados: {contagem}")
    print(f"requisições: {len(registro)} ({paginas} página(s) da lista + {len(registro) - paginas} pedido(s) "
          f"completo(s)); {por_pedido:.3f} por pedido")
    print(f"limite: {por_janela} por {args.janela:g} s = {limite_minuto:g}/min; duração: {duracao:.1f} s; "
          f"medido em {janelas} janela(s) inteira(s): {feitos} pedido(s) em {medida:.1f} s")
    if falhas:
        print("falhas: " + ", ".join(f"{r['method']} {r['path']} → {r['status']}" for r in falhas[:10]))
    if contagem["importado"] != n:
        print(f"ATENÇÃO: {n - contagem['importado']} pedido(s) não importado(s)")
    print(f"pedidos/min: {vazao:.1f}; teto pelo limite da Tray: {teto:.1f}; razão: {vazao / teto * 100:.1f}%; "
          f"requisições falhas: {len(falhas)}")


if __name__ == "__main__":
    main()
