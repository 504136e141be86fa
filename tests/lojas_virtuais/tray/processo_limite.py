"""Um processo que fala com a loja do simulador até um prazo, como a tela ou um trabalhador da fila.

    python -m tests.lojas_virtuais.tray.processo_limite CONFIG_JSON LOJA_ID PAPEL

PAPEL: "web" (consultas interativas: status e pedidos), "importacao" (leitura dos pedidos completos, em lote) ou
"exportacao" (atualização do estoque dos produtos, em lote). Pronto para começar, imprime "pronto" e lê da entrada
"INICIO FIM" (epoch): espera até INICIO, para começar junto com os outros, e para em FIM. Depois imprime uma linha
JSON por requisição: {"enviada": epoch, "status": código}.
"""
import json
import logging
import sys
import time
from contextlib import nullcontext

import requests

from erp import create_app
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import api, erros
from erp.lojas_virtuais.tray.client import cliente_da_loja
from erp.lojas_virtuais.tray.limitador import em_lote


def main() -> None:
    config = json.loads(sys.argv[1])
    loja_id, papel = int(sys.argv[2]), sys.argv[3]
    registros = []
    original = requests.Session.request

    def enviar(self, metodo, url, *args, **kwargs):  # a requisição sai daqui, já com a vaga do limite
        enviada = time.time()
        resposta = original(self, metodo, url, *args, **kwargs)
        registros.append({"enviada": enviada, "status": resposta.status_code})
        return resposta

    requests.Session.request = enviar
    logging.disable(logging.INFO)
    app = create_app(config)
    with app.app_context():
        loja = db.session.get(LojaVirtual, loja_id)
        pedidos = [p["id"] for p in api.pagina_de_pedidos(loja, {})[0]]
        produtos = [p["id"] for p in cliente_da_loja(loja).listar_pagina("/products", "Product")[0]]
        print("pronto", flush=True)
        inicio, fim = (float(x) for x in sys.stdin.readline().split())
        time.sleep(max(0.0, inicio - time.time()))
        registros.clear()  # só conta o que começou junto
        n = 0
        with nullcontext() if papel == "web" else em_lote():
            while time.time() < fim:
                n += 1
                try:
                    if papel == "web":
                        api.status_de_pedido(loja) if n % 2 else api.pedido(loja, pedidos[n % len(pedidos)])
                    elif papel == "importacao":
                        api.pedido_completo(loja, pedidos[n % len(pedidos)])
                    else:
                        produto = produtos[n % len(produtos)]
                        api.definir_estoque_do_produto(loja, produto, n % 50)
                except erros.LimiteExcedido:
                    pass  # o 429 já está nos registros
    for registro in registros:
        print(json.dumps(registro), flush=True)


if __name__ == "__main__":
    main()
