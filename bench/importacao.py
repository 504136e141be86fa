"""Vazão da importação de pedidos contra o limite de requisições da Tray.

    .venv/bin/python bench/importacao.py --n 200

Sobe o simulador da Tray neste processo com N pedidos gerados, um banco SQLite temporário migrado e a
loja conectada pelo cliente de verdade; importa todos os pedidos como a tarefa "todos do filtro" (lista
paginada de 50 em 50 + um GET /orders/{id}/complete por pedido) e compara com o teto que o limite impõe.

O limite e a janela deslizante encolhem juntos (`--limite 600 --janela 5`: 50 requisições a cada 5 s no
simulador e no limitador do cliente, os mesmos 600 por minuto) e a vazão é medida em janelas inteiras, como
explica bench/comum.py.

Última linha: `pedidos/min: X; teto pelo limite da Tray: Y; razão: Z%; requisições falhas: F`, com
teto = limite por minuto ÷ requisições por pedido (contando as páginas da lista) e F = respostas da Tray
com erro (429, 5xx...) ou conexões perdidas.
"""
import comum  # roda no ambiente do projeto (.venv) com a raiz no caminho de importação


def argumentos():
    parser = comum.parser(__doc__.split("\n")[0], 200, "pedidos a importar (mínimo 4)")
    parser.add_argument("--paralelo", type=int, default=4, help="leituras simultâneas na Tray")
    return parser.parse_args()


def importar(app, sim, paralelo: int):
    from erp.pedidos import importacao, lote
    from erp.pedidos.filtros import Filtros

    with app.app_context():
        loja = comum.migrar_e_conectar(sim)
        comum.limpar_requisicoes(sim)
        cronometro = comum.Cronometro()
        resultados = lote.importar_do_filtro(loja, Filtros(), "cli", paralelo=paralelo, ao_item=cronometro.item)
        cronometro.parar()
        return cronometro, importacao.resumo(resultados)


def main() -> None:
    args = argumentos()
    n = max(4, args.n)
    limite = comum.Limite.dos_argumentos(args)
    with comum.bancada("bancada-importacao-", limite, {"pedidos_extras": max(0, n - 4)}) as (sim, app):
        cronometro, contagem = importar(app, sim, args.paralelo)
        registro = comum.requisicoes(sim)
    falhas = comum.falhas(registro)
    paginas = sum(1 for r in registro if r["path"].removesuffix("/") == "/web_api/orders")
    por_pedido = len(registro) / n
    teto = limite.por_minuto / por_pedido
    vazao = comum.vazao_em_janelas(cronometro.concluidos, cronometro.duracao, limite.janela)
    print(f"pedidos: {n}; resultados: {contagem}")
    print(f"requisições: {len(registro)} ({paginas} página(s) da lista + {len(registro) - paginas} pedido(s) "
          f"completo(s)); {por_pedido:.3f} por pedido")
    print(comum.linha_limite(limite, cronometro.duracao, vazao, "pedido"))
    if falhas:
        print("falhas: " + ", ".join(f"{r['method']} {r['path']} → {r['status']}" for r in falhas[:10]))
    if contagem["importado"] != n:
        print(f"ATENÇÃO: {n - contagem['importado']} pedido(s) não importado(s)")
    print(comum.linha_final("pedido", vazao, teto, falhas))


if __name__ == "__main__":
    main()
