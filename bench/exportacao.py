"""Vazão da exportação de produtos contra o limite de requisições da Tray.

    .venv/bin/python bench/exportacao.py --n 60

Sobe o simulador da Tray neste processo, um banco SQLite temporário migrado, a retaguarda servida por HTTP
(a "Tray" baixa as imagens de ERP_URL_PUBLICA, como a de verdade) e a loja conectada pelo cliente de
verdade; cadastra N produtos (cada um com uma imagem própria, todos na mesma categoria) e exporta todos
pela tarefa de exportação em lote, como o botão "Exportar todos do filtro".

O limite e a janela deslizante encolhem juntos (`--limite 600 --janela 5`: 50 requisições a cada 5 s no
simulador e no limitador do cliente, os mesmos 600 por minuto) e a vazão é medida em janelas inteiras, como
explica bench/comum.py.

Última linha: `produtos/min: X; teto pelo limite da Tray: Y; razão: Z%; requisições falhas: F`, com
teto = limite por minuto ÷ requisições por produto (categoria incluída) e F = respostas da Tray com erro
(429, 4xx, 5xx) ou conexões perdidas.
"""
import colorsys
import logging
import struct
import threading
import time
import zlib

import comum  # roda no ambiente do projeto (.venv) com a raiz no caminho de importação


def argumentos():
    return comum.parser(__doc__.split("\n")[0], 60, "produtos a exportar").parse_args()


def png(n: int, lado: int = 64) -> bytes:
    """Uma imagem PNG diferente para cada produto (a Tray não aceita a mesma imagem duas vezes)."""
    r, g, b = (int(c * 255) for c in colorsys.hsv_to_rgb((n * 0.618034) % 1, 0.6, 0.9))

    def bloco(tipo: bytes, dados: bytes) -> bytes:
        return struct.pack(">I", len(dados)) + tipo + dados + struct.pack(">I", zlib.crc32(tipo + dados))

    linhas = b"".join(b"\x00" + bytes((r, g, (b + y) % 256)) * lado for y in range(lado))
    return (b"\x89PNG\r\n\x1a\n" + bloco(b"IHDR", struct.pack(">IIBBBBB", lado, lado, 8, 2, 0, 0, 0))
            + bloco(b"IDAT", zlib.compress(linhas)) + bloco(b"IEND", b""))


def silenciar_logs() -> None:
    for nome in ("werkzeug", "erp.lojas_virtuais.tray", "erp.produtos"):
        logging.getLogger(nome).setLevel(logging.WARNING)


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
    from erp.produtos.exportacao.lote import criar_tarefa, executar_exportacao

    silenciar_logs()
    with app.app_context():
        loja = comum.migrar_e_conectar(sim)
        url, servidor = servir(app)
        app.config["ERP_URL_PUBLICA"] = url
        try:
            conectada = time.monotonic()
            ids = cadastrar(n)
            # A rodada começa com a janela vazia: as requisições da conexão (POST /auth) não entram na conta.
            time.sleep(max(0.0, app.config["TRAY_JANELA_S"] - (time.monotonic() - conectada)))
            comum.limpar_requisicoes(sim)
            tarefa = criar_tarefa(loja, ids)
            cronometro = comum.Cronometro()
            resultados = executar_exportacao(tarefa.id, ao_item=cronometro.item)
            cronometro.parar()
        finally:
            servidor.shutdown()
        return resultados, cronometro


def main() -> None:
    args = argumentos()
    n = max(1, args.n)
    limite = comum.Limite.dos_argumentos(args)
    with comum.bancada("bancada-exportacao-", limite, timeout_imagem_s=5.0) as (sim, app):
        resultados, cronometro = exportar(app, sim, n)
        registro = comum.requisicoes(sim)
        imagens_ok = sum(1 for p in sim.estado.imagens["product"].values() for _ in p.values())
    falhas = comum.falhas(registro)
    por_produto = len(registro) / n
    teto = limite.por_minuto / por_produto
    vazao = comum.vazao_em_janelas(cronometro.concluidos, cronometro.duracao, limite.janela)
    contagem = {}
    for r in resultados:
        contagem[r.resultado] = contagem.get(r.resultado, 0) + 1
    print(f"produtos: {n}; resultados: {contagem}; imagens recebidas pela Tray: {imagens_ok}")
    print(f"requisições: {len(registro)}; {por_produto:.3f} por produto")
    print(comum.linha_limite(limite, cronometro.duracao, vazao, "produto"))
    if contagem.get("criado", 0) != n:
        print(f"ATENÇÃO: {n - contagem.get('criado', 0)} produto(s) não exportado(s)")
    print(comum.linha_final("produto", vazao, teto, falhas))


if __name__ == "__main__":
    main()
