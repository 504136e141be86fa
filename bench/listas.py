"""Tempo das listas com o banco do tamanho de uma loja grande.

    .venv/bin/python bench/listas.py --vendas 100000 [--json]

Enche um banco novo (SQLite num arquivo temporário, ou o PostgreSQL de DATABASE_URL — o esquema public é
apagado e migrado de novo) com N vendas (clientes, itens e o registro da importação de cada pedido), N NF-e e
N/5 produtos, gravados em lote pelos modelos; depois pede cada lista como um usuário logado (vendas, pedidos
com falha na importação, NF-e, produtos e o painel; a primeira página, uma do meio, uma filtrada e uma busca
por texto) e mostra p50/p95 em ms por página e o banco usado. `--json` imprime
`{"banco": "sqlite"|"postgresql", "paginas": {"<nome>": {"p50_ms": x, "p95_ms": y, "max_ms": z}}}`.

Cada página é pedida `--repeticoes` vezes, intercaladas com as outras (a mesma página nunca duas vezes
seguidas), depois de uma rodada de aquecimento; a primeira rodada medida encontra os totais das listas por
contar (o máximo mostra essa página fria).
"""
import comum  # noqa: F401 — roda no ambiente do projeto (.venv) com a raiz no caminho de importação

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

from cryptography.fernet import Fernet  # noqa: E402

LOTE = 5000
NOMES = ("Ana", "Bruno", "Carla", "Daniel", "Eduarda", "Felipe", "Gabriela", "Heitor", "Isabela", "João",
         "Larissa", "Marcos", "Natália", "Otávio", "Paula", "Rafael", "Sabrina", "Tiago", "Úrsula", "Vinícius")
SOBRENOMES = ("Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
              "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes",
              "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques",
              "Machado", "Mendes", "Freitas")
PALAVRAS = ("Camiseta", "Caneca", "Boné", "Mochila", "Tênis", "Meia", "Jaqueta", "Calça", "Bermuda", "Vestido",
            "Algodão", "Estampada", "Lisa", "Esportiva", "Infantil", "Premium", "Básica", "Térmica", "Azul",
            "Preta", "Branca", "Verde", "Vermelha", "Listrada")
SITUACOES_VENDA = (("faturado", 70), ("pronto_para_faturar", 20), ("cancelado", 6), ("nfe_cancelada", 3),
                   ("nfe_denegada", 1))
SITUACOES_NOTA = (("autorizada", 88), ("cancelada", 5), ("rejeitada", 3), ("assinada", 2),
                  ("em_processamento", 1), ("denegada", 1))


def argumentos():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--vendas", type=int, default=100_000, help="vendas (e NF-e) no banco; produtos = vendas/5")
    p.add_argument("--repeticoes", type=int, default=20, help="vezes que cada página é pedida")
    p.add_argument("--json", action="store_true", help="só o resultado em JSON")
    return p.parse_args()


def _escolha(sorte: random.Random, pesos):
    return sorte.choices([v for v, _ in pesos], [p for _, p in pesos])[0]


class Banco:
    """Banco novo para a rodada: SQLite temporário ou o PostgreSQL de DATABASE_URL (esquema refeito)."""

    def __init__(self):
        from erp.config import url_do_banco

        self.pasta = tempfile.TemporaryDirectory(prefix="bancada-listas-")
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(self.pasta.name) / 'listas.sqlite3'}"
        self.url = url_do_banco(url)
        self.nome = "postgresql" if self.url.startswith("postgresql") else "sqlite"

    def aplicacao(self):
        from erp import create_app

        pasta = Path(self.pasta.name)
        return create_app({
            "SQLALCHEMY_DATABASE_URI": self.url,
            "HUEY_ARQUIVO": str(pasta / "fila.sqlite3"),
            "UPLOADS": str(pasta / "uploads"),
            "SECRET_KEY": "bancada-listas",
            "ERP_CHAVE_SEGREDOS": Fernet.generate_key().decode(),
        })

    def migrar(self):
        from flask_migrate import upgrade
        from sqlalchemy import text

        from erp.extensions import db

        if self.nome == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade(revision="heads")


def _gravar(modelo, linhas) -> None:
    """INSERT em lote pelo modelo (padrões das colunas valem), em pedaços de LOTE linhas."""
    from sqlalchemy import insert

    from erp.extensions import db

    for inicio in range(0, len(linhas), LOTE):
        db.session.execute(insert(modelo), linhas[inicio:inicio + LOTE])
    db.session.commit()


def encher(n_vendas: int, semente: int = 16) -> dict:
    """Grava lojas, produtos, clientes, vendas com itens, registros de importação e NF-e. Devolve contagens."""
    from erp.extensions import db
    from erp.lojas_virtuais.models import LojaVirtual
    from erp.nfe.models import NotaFiscal
    from erp.pedidos.models import ImportacaoPedido
    from erp.produtos.models import Categoria, Produto, ProdutoLoja
    from erp.usuarios.services import criar_usuario
    from erp.vendas.models import Cliente, Venda, VendaItem

    sorte = random.Random(semente)
    criar_usuario("bancada@erp.local", "bancada-listas-2026", admin=True, nome="Bancada")
    lojas = [LojaVirtual(nome=f"Loja {n}", usuario=str(1000 + n), site=f"https://loja{n}.example/web_api")
             for n in range(1, 4)]
    categorias = [Categoria(nome=p) for p in PALAVRAS[:8]]
    db.session.add_all(lojas + categorias)
    db.session.commit()
    loja_ids, categoria_ids = [l.id for l in lojas], [c.id for c in categorias]

    n_produtos = max(1, n_vendas // 5)
    _gravar(Produto, [{
        "id": i, "referencia": f"SKU-{i:06d}", "nome": " ".join(sorte.sample(PALAVRAS, 3)) + f" {i}",
        "preco": Decimal(sorte.randint(990, 49990)) / 100, "estoque": sorte.randint(-2, 200),
        "ativo": sorte.random() < 0.9, "categoria_id": sorte.choice(categoria_ids + [None]), "ncm": "61091000",
        "pendencias": [],
    } for i in range(1, n_produtos + 1)])
    _gravar(ProdutoLoja, [{"loja_id": loja_ids[0], "produto_id": i, "tray_id": str(50000 + i)}
                          for i in range(1, n_produtos + 1, 2)])

    n_clientes = max(1, n_vendas // 2)
    _gravar(Cliente, [{
        "id": i, "nome": f"{sorte.choice(NOMES)} {sorte.choice(SOBRENOMES)} {sorte.choice(SOBRENOMES)}",
        "cpf_cnpj": f"{i:011d}", "uf": sorte.choice(("SP", "RJ", "MG", "PR", "RS", "BA")),
        "municipio_ibge": "3550308", "email": f"cliente{i}@example.com",
    } for i in range(1, n_clientes + 1)])

    inicio = datetime(2026, 12, 4) - timedelta(days=365)
    vendas, itens, registros, notas = [], [], [], []
    for i in range(1, n_vendas + 1):
        loja_id = loja_ids[i % len(loja_ids)]
        data = inicio + timedelta(seconds=int(365 * 86400 * i / n_vendas))
        situacao = _escolha(sorte, SITUACOES_VENDA)
        total = Decimal(0)
        for _ in range(sorte.randint(1, 3)):
            quantidade, preco = sorte.randint(1, 3), Decimal(sorte.randint(990, 19990)) / 100
            total += quantidade * preco
            itens.append({"venda_id": i, "produto_id": sorte.randint(1, n_produtos), "descricao": "Produto",
                          "quantidade": quantidade, "valor_unitario": preco})
        vendas.append({"id": i, "loja_id": loja_id, "pedido_tray_id": str(100000 + i), "status_tray": "A ENVIAR",
                       "cliente_id": sorte.randint(1, n_clientes), "data_pedido": data, "situacao": situacao,
                       "total_produtos": total, "total": total, "criado_em": data, "atualizado_em": data})
        registros.append({"loja_id": loja_id, "pedido_tray_id": str(100000 + i), "resultado": "importado",
                          "venda_id": i, "origem": "webhook", "criado_em": data, "atualizado_em": data})
        nota_situacao = _escolha(sorte, SITUACOES_NOTA)
        notas.append({"id": i, "venda_id": i, "ambiente": "homologacao", "serie": 1, "numero": i,
                      "chave": f"3526121234567800019955001{i:09d}1{i % 100000000:08d}"[:43] + "0",
                      "situacao": nota_situacao, "valor_total": total, "emitida_em": data,
                      "protocolo": f"1352600{i:08d}" if nota_situacao == "autorizada" else None,
                      "motivo": "Rejeição: bancada" if nota_situacao == "rejeitada" else None,
                      "criado_em": data, "atualizado_em": data})
    falhas = max(1, n_vendas // 20)
    for i in range(1, falhas + 1):  # pedidos que não viraram venda: a lista "com falha na importação"
        data = inicio + timedelta(seconds=int(365 * 86400 * i / falhas))
        registros.append({"loja_id": loja_ids[i % len(loja_ids)], "pedido_tray_id": str(900000 + i),
                          "resultado": "falhou", "motivo": "Produto sem cadastro no ERP", "origem": "webhook",
                          "tentativas": sorte.randint(1, 4), "criado_em": data, "atualizado_em": data})
    _gravar(Venda, vendas)
    _gravar(VendaItem, itens)
    _gravar(ImportacaoPedido, registros)
    _gravar(NotaFiscal, notas)
    if db.engine.dialect.name == "postgresql":  # ids explícitos: as sequências seguem dali; estatísticas novas
        from sqlalchemy import text

        for tabela in ("produtos", "clientes", "vendas", "notas_fiscais"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{tabela}', 'id'), "
                                    f"(SELECT max(id) FROM {tabela}))"))
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conexao:
            conexao.execute(text("VACUUM ANALYZE"))
    else:
        from sqlalchemy import text

        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return {"vendas": n_vendas, "itens": len(itens), "clientes": n_clientes, "registros": len(registros),
            "notas": len(notas), "produtos": n_produtos}


def paginas(n_vendas: int) -> dict[str, str]:
    """Nome → URL de cada página medida. O meio é a página do meio de cada lista sem filtro."""
    por = 30
    meio = lambda total: max(1, total // por // 2)  # noqa: E731
    falhas = max(1, n_vendas // 20)
    return {
        "vendas": "/vendas/",
        "vendas_meio": f"/vendas/?pagina={meio(n_vendas)}",
        "vendas_filtro": "/vendas/?situacao=pronto_para_faturar&loja=2",
        "vendas_busca": "/vendas/?cliente=Natália Souza",
        "pedidos_falhas": "/pedidos/?situacao=falhou",
        "pedidos_falhas_meio": f"/pedidos/?situacao=falhou&pagina={meio(falhas)}",
        "nfe_notas": "/nfe/notas",
        "nfe_notas_meio": f"/nfe/notas?pagina={meio(n_vendas)}",
        "nfe_notas_filtro": "/nfe/notas?situacao=rejeitada",
        "nfe_notas_busca": "/nfe/notas?busca=Natália Souza",
        "produtos": "/produtos/",
        "produtos_meio": f"/produtos/?pagina={meio(max(1, n_vendas // 5))}",
        "produtos_filtro": "/produtos/?situacao=inativo",
        "produtos_busca": "/produtos/?q=Mochila Azul",
        "painel": "/",
    }


def entrar(cliente) -> None:
    html = cliente.get("/entrar").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html)
    resposta = cliente.post("/entrar", data={"email": "bancada@erp.local", "senha": "bancada-listas-2026",
                                             "csrf_token": token.group(1)})
    if resposta.status_code != 302:
        sys.exit(f"não foi possível entrar (HTTP {resposta.status_code})")


def medir(app, urls: dict[str, str], repeticoes: int) -> dict[str, list[float]]:
    """Tempo (ms) de cada GET, intercalando as páginas; falha se alguma não responder 200. Uma rodada de
    aquecimento (modelos de tela compilados, conexões abertas) fica de fora, e os totais guardados que ela
    deixou são esquecidos: a primeira rodada medida conta as linhas de novo."""
    from erp.comum.paginacao import esquecer_totais

    cliente = app.test_client()
    entrar(cliente)
    for url in urls.values():
        cliente.get(url).get_data()
    esquecer_totais()
    tempos: dict[str, list[float]] = {nome: [] for nome in urls}
    for _ in range(repeticoes):
        for nome, url in urls.items():
            comeco = time.perf_counter()
            resposta = cliente.get(url)
            resposta.get_data()
            tempos[nome].append((time.perf_counter() - comeco) * 1000)
            if resposta.status_code != 200:
                sys.exit(f"{nome}: HTTP {resposta.status_code} em {url}")
    return tempos


def percentil(valores: list[float], p: float) -> float:
    ordenados = sorted(valores)
    posicao = (len(ordenados) - 1) * p
    baixo = int(posicao)
    alto = min(baixo + 1, len(ordenados) - 1)
    return ordenados[baixo] + (ordenados[alto] - ordenados[baixo]) * (posicao - baixo)


def main() -> None:
    args = argumentos()
    banco = Banco()
    app = banco.aplicacao()
    with app.app_context():
        banco.migrar()
        comeco = time.perf_counter()
        contagem = encher(args.vendas)
        gravacao = time.perf_counter() - comeco
    tempos = medir(app, paginas(args.vendas), args.repeticoes)
    resultado = {"banco": banco.nome, "paginas": {
        nome: {"p50_ms": round(statistics.median(t), 1), "p95_ms": round(percentil(t, 0.95), 1),
               "max_ms": round(max(t), 1)}
        for nome, t in tempos.items()}}
    if args.json:
        print(json.dumps(resultado))
    else:
        print(f"banco: {banco.nome}; gravado em {gravacao:.0f} s: " + ", ".join(f"{v} {k}" for k, v in contagem.items()))
        print(f"{'página':<22}{'p50 ms':>9}{'p95 ms':>9}{'máx ms':>9}")
        for nome, medida in resultado["paginas"].items():
            print(f"{nome:<22}{medida['p50_ms']:>9.1f}{medida['p95_ms']:>9.1f}{medida['max_ms']:>9.1f}")
        pior = max(resultado["paginas"].items(), key=lambda item: item[1]["p95_ms"])
        print(f"pior p95: {pior[0]} {pior[1]['p95_ms']:.1f} ms (meta: abaixo de 150 ms)")
    banco.pasta.cleanup()


if __name__ == "__main__":
    main()
