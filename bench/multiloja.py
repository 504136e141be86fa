"""Várias lojas importando ao mesmo tempo, com dois trabalhadores da fila: cada loja no seu limite da Tray.

    .venv/bin/python bench/multiloja.py --lojas 20 --pedidos 100 [--json]

Sobe um simulador da Tray por loja (cada um com o seu limite), um banco SQLite temporário migrado, a fila no Redis
(se houver `redis-server`; senão no SQLite) e dois processos `tarefas trabalhar`; pede a importação "todos do
filtro" de todas as lojas de uma vez e mede, em cada loja, o ritmo das requisições que a Tray recebeu contra o teto
da loja. O limite e a janela encolhem juntos (`--limite 180 --janela 10`: 30 requisições a cada 10 s). Ritmo ÷ teto
de uma loja = o tempo mínimo que o limite permite para as N requisições que ela fez ((⌈N ÷ L⌉ − 1) janelas: as L
primeiras saem juntas e cada L seguintes uma janela depois) ÷ o tempo da primeira à última requisição dela.

Saída: uma linha por loja e o resumo; com `--json`, {"lojas": N, "pedidos_por_loja": P, "fila": "redis"|"sqlite",
"limite_por_janela": L, "janela_s": W, "duracao_s": D, "respostas_429": F, "razao_minima": R, "razao_media": M,
"por_loja": [{"loja": id, "requisicoes": n, "segundos": s, "razao": r}, ...]}.
Meta: razão mínima ≥ 0,90 e nenhum 429.
"""
import comum  # roda no ambiente do projeto (.venv) com a raiz no caminho de importação

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from contextlib import ExitStack  # noqa: E402
from pathlib import Path  # noqa: E402

from cryptography.fernet import Fernet  # noqa: E402


def argumentos():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--lojas", type=int, default=20, help="lojas importando ao mesmo tempo")
    p.add_argument("--pedidos", type=int, default=100, help="pedidos por loja (mínimo 4)")
    p.add_argument("--limite", type=int, default=180, help="requisições por minuto por loja (Tray: 180)")
    p.add_argument("--janela", type=float, default=10.0, help="janela deslizante em segundos (Tray: 60)")
    p.add_argument("--threads", type=int, default=0, help="threads por trabalhador (padrão: lojas ÷ 2)")
    p.add_argument("--lote", type=int, default=50, help="pedidos por vez de cada importação na fila")
    p.add_argument("--banco", help="PostgreSQL descartável (postgresql://...; o esquema public é recriado); "
                                  "padrão: SQLite temporário")
    p.add_argument("--json", action="store_true", help="saída em JSON")
    p.add_argument("--trabalhador", help=argparse.SUPPRESS)  # uso interno: roda um trabalhador com esta config
    return p.parse_args()


def trabalhador(config_json: str, threads: int) -> None:
    from erp import create_app

    app = create_app(json.loads(config_json))
    resultado = app.test_cli_runner().invoke(args=["tarefas", "trabalhar", "--trabalhadores", str(threads)])
    if resultado.exception and not isinstance(resultado.exception, SystemExit):
        raise resultado.exception


def iniciar_redis(pasta: Path, pilha: ExitStack) -> str | None:
    executavel = shutil.which("redis-server")
    if executavel is None:
        return None
    import redis

    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        porta = s.getsockname()[1]
    processo = subprocess.Popen([executavel, "--port", str(porta), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no", "--dir", str(pasta)], stdout=subprocess.DEVNULL)
    pilha.callback(lambda: (processo.terminate(), processo.wait(5)))
    url = f"redis://127.0.0.1:{porta}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            return url
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("redis-server não respondeu")


def simuladores(n: int, pedidos: int, limite: comum.Limite, pilha: ExitStack):
    """Um simulador por loja, cada um com o seu limite; registra (instante, status) de cada requisição da API."""
    from flask import request

    from erp.sandbox.tray import semente_minima
    from erp.sandbox.tray.servidor import criar_simulador

    sims = []
    for i in range(n):
        sim = criar_simulador(semente_minima(id=f"{300001 + i}", pedidos_extras=max(0, pedidos - 4),
                                             rate_limit_per_minute=limite.por_janela, rate_limit_per_day=10_000_000))
        sim.estado.limitador.configurar(janela_s=limite.janela)
        registro: list[tuple[float, int]] = []
        trava = threading.Lock()

        def anotar(resposta, registro=registro, trava=trava):
            if request.path.startswith("/web_api"):
                with trava:
                    registro.append((time.monotonic(), resposta.status_code))
            return resposta

        sim.app.after_request(anotar)
        sim.registro = registro
        sim.iniciar_thread(f"tray-sim-{i}")
        pilha.callback(sim.parar)
        sims.append(sim)
    return sims


def razao_da_loja(instantes: list[float], limite: comum.Limite) -> tuple[float | None, float]:
    """(ritmo da loja ÷ teto, segundos medidos). Com janela deslizante, N requisições levam no mínimo
    (⌈N ÷ L⌉ − 1) janelas (as L primeiras saem juntas, e cada L seguintes uma janela depois): a razão é esse mínimo
    ÷ o tempo que a loja levou da primeira à última requisição. None se tudo coube numa janela só."""
    if not instantes:
        return None, 0.0
    minimo = (math.ceil(len(instantes) / limite.por_janela) - 1) * limite.janela
    medido = instantes[-1] - instantes[0]
    if minimo <= 0:
        return None, medido
    return min(1.0, minimo / medido), medido


def main() -> None:
    args = argumentos()
    if args.trabalhador:
        trabalhador(args.trabalhador, args.threads)
        return
    from erp.config import url_do_banco

    limite = comum.Limite(max(1, round(args.limite * args.janela / 60)), args.janela)
    threads = args.threads or max(1, math.ceil(args.lojas / 2))
    with ExitStack() as pilha:
        pasta = Path(pilha.enter_context(tempfile.TemporaryDirectory(prefix="bancada-multiloja-")))
        redis_url = iniciar_redis(pasta, pilha)
        sims = simuladores(args.lojas, max(4, args.pedidos), limite, pilha)
        config = {
            "SQLALCHEMY_DATABASE_URI": url_do_banco(args.banco or f"sqlite:///{pasta / 'bancada.sqlite3'}"),
            "HUEY_ARQUIVO": str(pasta / "fila.sqlite3"), "UPLOADS": str(pasta / "uploads"),
            "ERP_CHAVE_SEGREDOS": Fernet.generate_key().decode(), "SECRET_KEY": "bancada",
            "TRAY_CONSUMER_KEY": sims[0].consumer_key, "TRAY_CONSUMER_SECRET": sims[0].consumer_secret,
            "TRAY_LIMITE_MINUTO": limite.por_janela, "TRAY_JANELA_S": limite.janela,
            "ERP_PERMITIR_REDE_LOCAL": True, "ESTOQUE_ATRASO_S": 3600, "TAREFA_SEM_SINAL_S": 600,
            "PEDIDOS_LOTE_FILA": args.lote,
        }
        if redis_url:
            config["REDIS_URL"] = redis_url
        from erp import create_app
        from erp.extensions import db
        from erp.lojas_virtuais.services import conectar_loja
        from erp.pedidos import lote
        from erp.pedidos.filtros import Filtros
        from erp.tarefas.models import Tarefa

        app = create_app(config)
        with app.app_context():
            from flask_migrate import upgrade

            if args.banco:
                db.session.execute(db.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
                db.session.commit()
            upgrade(revision="heads")
            lojas = [conectar_loja(s.store_id, s.url_api, s.code, nome=f"Loja {i + 1}") for i, s in enumerate(sims)]
            db.session.commit()
            # Os tokens já foram trocados: a conta começa agora, com as janelas vazias.
            time.sleep(limite.janela)
            for sim in sims:
                sim.registro.clear()
            logs = [pilha.enter_context(open(pasta / f"trabalhador-{n}.log", "w")) for n in range(2)]
            processos = [subprocess.Popen([sys.executable, __file__, "--trabalhador", json.dumps(config),
                                           "--threads", str(threads)], stdout=log, stderr=subprocess.STDOUT)
                         for log in logs]
            pilha.callback(lambda: [p.wait(30) for p in processos])
            pilha.callback(lambda: [p.send_signal(signal.SIGTERM) for p in processos if p.poll() is None])
            inicio = time.monotonic()
            tarefas = [lote.agendar_importacao_do_filtro(loja, Filtros()).id for loja in lojas]
            while True:
                db.session.rollback()
                db.session.expire_all()
                if all(db.session.get(Tarefa, t).terminada for t in tarefas):
                    break
                if time.monotonic() - inicio > 600:
                    raise SystemExit("as importações não terminaram em 10 minutos")
                time.sleep(0.5)
            duracao = time.monotonic() - inicio
            situacoes = [db.session.get(Tarefa, t).situacao for t in tarefas]
            if situacoes.count("concluida") != len(tarefas):
                for n in range(2):
                    print((pasta / f"trabalhador-{n}.log").read_text()[-3000:], file=sys.stderr)

    por_loja, respostas_429 = [], 0
    for sim in sims:
        respostas_429 += sum(1 for _, status in sim.registro if status == 429)
        razao, medido = razao_da_loja([t for t, _ in sorted(sim.registro)], limite)
        por_loja.append({"loja": sim.store_id, "requisicoes": len(sim.registro), "segundos": round(medido, 1),
                         "razao": None if razao is None else round(razao, 3)})
    razoes = [p["razao"] for p in por_loja if p["razao"] is not None]
    resumo = {
        "lojas": args.lojas, "pedidos_por_loja": max(4, args.pedidos), "fila": "redis" if redis_url else "sqlite",
        "banco": "postgresql" if args.banco else "sqlite",
        "trabalhadores": 2, "threads_por_trabalhador": threads, "limite_por_janela": limite.por_janela,
        "janela_s": limite.janela, "duracao_s": round(duracao, 1), "tarefas_concluidas": situacoes.count("concluida"),
        "respostas_429": respostas_429, "razao_minima": min(razoes) if razoes else None,
        "razao_media": round(sum(razoes) / len(razoes), 3) if razoes else None, "por_loja": por_loja,
    }
    if args.json:
        print(json.dumps(resumo, ensure_ascii=False))
        return
    for p in por_loja:
        razao = "—" if p["razao"] is None else f"{p['razao'] * 100:.1f}%"
        print(f"loja {p['loja']}: {p['requisicoes']} requisições em {p['segundos']:g} s; ritmo/teto: {razao}")
    print(f"lojas: {args.lojas}; pedidos por loja: {resumo['pedidos_por_loja']}; fila: {resumo['fila']}; "
          f"banco: {resumo['banco']}; "
          f"2 trabalhadores × {threads} threads; limite: {limite.por_janela} por {limite.janela:g} s")
    print(f"duração: {duracao:.1f} s; tarefas concluídas: {resumo['tarefas_concluidas']} de {args.lojas}; "
          f"razão mínima: {resumo['razao_minima']}; média: {resumo['razao_media']}; respostas 429: {respostas_429}")


if __name__ == "__main__":
    main()
