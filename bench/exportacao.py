"""Vazão da exportação de produtos contra o limite de requisições da Tray.

    .venv/bin/python bench/exportacao.py --n 60

Sobe o simulador da Tray neste processo, um banco SQLite temporário migrado, a retaguarda servida por HTTP
(a "Tray" baixa as imagens de ERP_URL_PUBLICA, como a de verdade) e a loja conectada pelo cliente de
verdade; cadastra N produtos (cada um com uma imagem própria, todos na mesma categoria) e exporta todos
pela tarefa de exportação em lote, como o botão "Exportar todos do filtro".

Para a rodada ser curta sem falsear a conta, o limite e a janela deslizante encolhem juntos: com
`--limite 600 --janela 5` são 50 requisições a cada 5 s no simulador e no limitador do cliente, os mesmos
600 por minuto. Com janela deslizante, as primeiras requisições de uma rodada saem de uma vez (a janela
está vazia); medir o tempo total daria um número acima do teto. Por isso a vazão é medida em janelas
inteiras: produtos concluídos até o fim da última janela inteira ÷ a duração dessas janelas.

Última linha: `produtos/min: X; teto pelo limite da Tray: Y; razão: Z%; requisições falhas: F`, com
teto = limite por minuto ÷ requisições por produto (categoria incluída) e F = respostas da Tray com erro
(429, 4xx, 5xx) ou conexões perdidas.
"""
import argparse
import colorsys
import logging
import math
import os
import struct
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
_VENV = RAIZ / ".venv"
if (_VENV / "bin" / "python").exists() and Path(sys.prefix).resolve() != _VENV.resolve():
    # Chamado com outro Python (ex.: `python bench/exportacao.py`): roda no ambiente do projeto.
    os.execv(str(_VENV / "bin" / "python"), [str(_VENV / "bin" / "python"), *sys.argv])
sys.path.insert(0, str(RAIZ))

import requests  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402


def argumentos():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=60, help="produtos a exportar")
    parser.add_argument("--limite", type=int, default=600, help="requisições por minuto (Tray: 180)")
    parser.add_argument("--janela", type=float, default=5.0, help="janela deslizante em segundos (Tray: 60)")
    return parser.parse_args()


def png(n: int, lado: int = 64) -> bytes:
    """Uma imagem PNG diferente para cada produto (a Tray não aceita a mesma imagem duas vezes)."""
    r, g, b = (int(c * 255) for c in colorsys.hsv_to_rgb((n * 0.618034) % 1, 0.6, 0.9))

    def bloco(tipo: bytes, dados: bytes) -> bytes:
        return struct.pack(">I", len(dados)) + tipo + dados + struct.pack(">I", zlib.crc32(tipo + dados))

    linhas = b"".join(b"\x00" + bytes((r, g, (b + y) % 256)) * lado for y in range(lado))
    return (b"\x89PNG\r\n\x1a\n" + bloco(b"IHDR", struct.pack(">IIBBBBB", lado, lado, 8, 2, 0, 0, 0))
            + bloco(b"IDAT", zlib.compress(linhas)) + bloco(b"IEND", b""))


def simulador(por_janela: int, janela: float):
    from erp.sandbox.tray import iniciar_em_thread, semente_minima
    from erp.sandbox.tray import limites as limites_simulador

    limites_simulador.JANELA_S = janela  # a janela da "Tray" encolhe junto com o limite por janela
    semente = semente_minima(rate_limit_per_minute=por_janela, rate_limit_per_day=10_000_000)
    return iniciar_em_thread(semente, timeout_imagem_s=5.0)


def aplicacao(pasta: Path, sim, por_janela: int, janela: float):
    from erp import create_app

    app = create_app({
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
    for nome in ("werkzeug", "erp.lojas_virtuais.tray", "erp.produtos"):
        logging.getLogger(nome).setLevel(logging.WARNING)
    return app


def servir(app) -> tuple[str, object]:
    """A retaguarda por HTTP numa thread: é de lá que o simulador baixa as imagens."""
    from werkzeug.serving import make_server

    servidor = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=servidor.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{servidor.server_port}", servidor


def cadastrar(n: int) -> list[int]:
    from erp.extensions import db
    from erp.produtos import imagens, services

    ids = []
    for i in range(n):
        produto = services.salvar_produto({
            "referencia": f"BAN-{i:05d}", "nome": f"Produto de bancada {i}", "preco": f"{10 + i % 90},90",
            "preco_custo": "5,00", "ncm": "73239300", "categoria": "Bancada > Utilidades", "estoque": "10",
            "peso_g": "500", "comprimento_cm": "20", "largura_cm": "15", "altura_cm": "10",
            "descricao": f"<p>Produto {i} da bancada</p>",
        })
        imagens.adicionar_imagem(produto, png(i))
        ids.append(produto.id)
    db.session.commit()
    return ids


def exportar(app, sim, n: int):
    from flask_migrate import upgrade

    from erp.lojas_virtuais.services import conectar_loja
    from erp.produtos.exportacao.lote import criar_tarefa, executar_exportacao

    with app.app_context():
        upgrade(revision="heads")
        url, servidor = servir(app)
        app.config["ERP_URL_PUBLICA"] = url
        try:
            loja = conectar_loja(sim.store_id, sim.url_api, sim.code, nome="Loja da bancada")
            conectada = time.monotonic()
            ids = cadastrar(n)
            # A rodada começa com a janela vazia: as requisições da conexão (POST /auth) não entram na conta.
            time.sleep(max(0.0, app.config["TRAY_JANELA_S"] - (time.monotonic() - conectada)))
            requests.delete(f"{sim.url_base}/_sandbox/requests", timeout=5)
            tarefa = criar_tarefa(loja, ids)
            concluidos: list[float] = []
            inicio = time.monotonic()
            resultados = executar_exportacao(tarefa.id, ao_item=lambda _: concluidos.append(
                time.monotonic() - inicio))
            duracao = time.monotonic() - inicio
        finally:
            servidor.shutdown()
        return resultados, concluidos, duracao


def main() -> None:
    args = argumentos()
    n = max(1, args.n)
    por_janela = max(1, round(args.limite * args.janela / 60))
    limite_minuto = por_janela * 60 / args.janela
    sim = simulador(por_janela, args.janela)
    try:
        with tempfile.TemporaryDirectory(prefix="bancada-exportacao-") as pasta:
            app = aplicacao(Path(pasta), sim, por_janela, args.janela)
            resultados, concluidos, duracao = exportar(app, sim, n)
        registro = requests.get(f"{sim.url_base}/_sandbox/requests", timeout=5).json()["requests"]
        imagens_ok = sum(1 for p in sim.estado.imagens["product"].values() for _ in p.values())
    finally:
        sim.parar()
    falhas = [r for r in registro if r["status"] is None or r["status"] >= 400]
    por_produto = len(registro) / n
    teto = limite_minuto / por_produto
    janelas = math.floor(duracao / args.janela)
    if janelas >= 1:
        medida = janelas * args.janela
        feitos = sum(1 for t in concluidos if t <= medida)
    else:  # rodada menor que uma janela: não há como medir o ritmo sustentado
        medida, feitos = duracao, len(concluidos)
    vazao = feitos * 60 / medida
    contagem = {}
    for r in resultados:
        contagem[r.resultado] = contagem.get(r.resultado, 0) + 1
    print(f"produtos: {n}; resultados: {contagem}; imagens recebidas pela Tray: {imagens_ok}")
    print(f"requisições: {len(registro)}; {por_produto:.3f} por produto")
    print(f"limite: {por_janela} por {args.janela:g} s = {limite_minuto:g}/min; duração: {duracao:.1f} s; "
          f"medido em {janelas} janela(s) inteira(s): {feitos} produto(s) em {medida:.1f} s")
    if contagem.get("criado", 0) != n:
        print(f"ATENÇÃO: {n - contagem.get('criado', 0)} produto(s) não exportado(s)")
    print(f"produtos/min: {vazao:.1f}; teto pelo limite da Tray: {teto:.1f}; razão: {vazao / teto * 100:.1f}%; "
          f"requisições falhas: {len(falhas)}")


if __name__ == "__main__":
    main()
