"""Os recursos da API da Tray, num só lugar: caminhos, envelopes (`{"Order": …}`) e nomes de campo.

O resto do produto fala nos seus próprios termos — `api.pedido_completo(loja, 1001)`,
`api.criar_produto(loja, campos)`, `api.enviar_nota(loja, pedido_id, nota)` — e recebe dicionários já sem o
envelope. Quem fala HTTP é o cliente (`client.py`): tokens, limite, novas tentativas e erros tipados.

Cada função aceita a loja (`LojaVirtual`) ou um cliente já aberto (`ClienteTray`), para quem faz várias
chamadas seguidas. Fontes dos caminhos: ../shared/tray-api.md e docs/tray.md.
"""
from datetime import date, timedelta
from urllib.parse import urlencode

from erp.comum.datas import hoje
from erp.lojas_virtuais.tray.client import ClienteTray, cliente_da_loja

LIMITE_LISTA = 50  # itens por página: o máximo que a Tray aceita em `limit`


def _cli(loja_ou_cliente) -> ClienteTray:
    if isinstance(loja_ou_cliente, ClienteTray):
        return loja_ou_cliente
    return cliente_da_loja(loja_ou_cliente)


def _objeto(corpo, entidade: str) -> dict | None:
    """`{"Order": {...}}` → `{...}`; None se a resposta não tem o envelope esperado."""
    valor = corpo.get(entidade) if isinstance(corpo, dict) else None
    return valor if isinstance(valor, dict) else None


def _id(resposta) -> str:
    return str(resposta["id"])


# -- loja ------------------------------------------------------------------------------------------
def _info(corpo) -> dict:
    return _objeto(corpo, "Info") or _objeto(corpo, "Store") or (corpo if isinstance(corpo, dict) else {})


def info_da_loja(loja) -> dict:
    """GET /info: dados da loja (nome, CNPJ, ...). A resposta é plana; aceita também `{"Info": …}`."""
    return _info(_cli(loja).get("/info"))


def info_com_token(transporte, access_token: str) -> dict:
    """GET /info pelo transporte cru, com o token recém-trocado: na conexão, antes de a loja existir."""
    return _info(transporte.enviar("GET", "/info", params={"access_token": access_token}))


def provar_acesso(loja) -> None:
    """Uma leitura que exige token (GET /orders?limit=1; /products é público e não prova nada)."""
    _cli(loja).get("/orders", params={"limit": 1})


# -- pedidos ---------------------------------------------------------------------------------------
INICIO_DAS_DATAS = date(2000, 1, 1)  # início explícito quando só o fim é dado


def _intervalo(de: date | None, ate: date | None) -> str:
    """"AAAA-MM-DD,AAAA-MM-DD", sempre com início e fim: o significado de uma data só (">=" ou "=") não é
    documentado (tray-api.md §2.3; docs/tray.md, "Datas nos filtros"). Sem fim, vai até amanhã (o dia de
    hoje em Brasília, mais um de folga)."""
    inicio = de or INICIO_DAS_DATAS
    fim = ate or (hoje() + timedelta(days=1))
    return f"{inicio.isoformat()},{fim.isoformat()}"


def filtros_de_pedidos(*, status: str = "", numero: str = "", de=None, ate=None, cliente_id: str = "",
                       modificado_de=None, modificado_ate=None) -> dict:
    """Os filtros de GET /orders, mais novos primeiro (tray-api.md §4.2 e §12): status pelo nome, número do
    pedido, data do pedido (`de`/`ate`), data da última alteração (`modificado_de`/`modificado_ate`) e cliente.
    As datas são `date` e vão sempre como intervalo "início,fim" (`_intervalo`)."""
    filtros = {"sort": "id_desc"}
    if status:
        filtros["status"] = status
    if numero:
        filtros["id"] = numero
    if de or ate:
        filtros["date"] = _intervalo(de, ate)
    if modificado_de or modificado_ate:
        filtros["modified"] = _intervalo(modificado_de, modificado_ate)
    if cliente_id:
        filtros["customer_id"] = cliente_id
    return filtros


def pagina_de_pedidos(loja, filtros: dict, pagina: int = 1, limite: int = LIMITE_LISTA) -> tuple[list[dict], dict]:
    """Uma página de GET /orders: (pedidos, `paging` da Tray)."""
    return _cli(loja).listar_pagina("/orders", "Order", params=filtros, pagina=pagina, limite=limite)


def todos_os_pedidos(loja, filtros: dict):
    """Todos os pedidos de GET /orders com estes filtros, página a página."""
    return _cli(loja).paginar("/orders", "Order", params=filtros, limite=LIMITE_LISTA)


def pedido(loja, pedido_id) -> dict | None:
    """GET /orders/{id}: o pedido sem os itens; None se a resposta não tem o formato esperado."""
    return _objeto(_cli(loja).get(f"/orders/{pedido_id}"), "Order")


def pedido_completo(loja, pedido_id) -> dict | None:
    """GET /orders/{id}/complete: o pedido com produtos, cliente, pagamentos e marketplace."""
    return _objeto(_cli(loja).get(f"/orders/{pedido_id}/complete"), "Order")


def status_de_pedido(loja) -> list[dict]:
    """GET /orders/statuses: os status de pedido da loja (`id`, `status`, `type`, ...)."""
    return list(_cli(loja).paginar("/orders/statuses", "OrderStatus", limite=LIMITE_LISTA))


def mudar_status_do_pedido(loja, pedido_id, status_id) -> None:
    """PUT /orders/{id} com o novo `status_id`. Cada mudança e-mail o comprador: nunca se repete às cegas
    depois de um 5xx ou de uma resposta perdida (quem chama relê o pedido antes de tentar de novo)."""
    _cli(loja).put(f"/orders/{pedido_id}", json={"Order": {"status_id": status_id}}, idempotente=False)


# -- notas fiscais no pedido -----------------------------------------------------------------------
def notas_do_pedido(loja, pedido_id):
    """GET /orders/{id}/invoices: as notas já cadastradas no pedido."""
    return _cli(loja).paginar(f"/orders/{pedido_id}/invoices", "OrderInvoice")


def notas_com_a_chave(loja, chave: str) -> list[dict]:
    """GET /orders/invoices?key=: as notas da loja com esta chave de acesso (em qualquer pedido)."""
    itens, _ = _cli(loja).listar_pagina("/orders/invoices", "OrderInvoice", params={"key": chave})
    return itens


def enviar_nota(loja, pedido_id, nota: dict) -> str | None:
    """POST /orders/{id}/invoices com os campos da nota (`issue_date`, `number`, `serie`, `key`, `value`,
    `xml_danfe`, `ProductCfop`, ...). Devolve o id da nota na Tray, quando ela o informa."""
    resposta = _cli(loja).post(f"/orders/{pedido_id}/invoices", json=nota)
    ident = resposta.get("id") if isinstance(resposta, dict) else None
    return str(ident) if ident not in (None, "") else None


# -- clientes --------------------------------------------------------------------------------------
def cliente(loja, cliente_id) -> dict | None:
    """GET /customers/{id}: o cadastro do cliente."""
    return _objeto(_cli(loja).get(f"/customers/{cliente_id}"), "Customer")


def cnpj_como_a_tray(cnpj: str) -> str:
    """O CNPJ como a Tray o guarda e filtra: "00.000.000/0000-00" (tray-api.md §6; docs/tray.md, "Clientes").
    Um valor que não tem 14 caracteres vai como veio."""
    c = "".join(ch for ch in cnpj.upper() if ch.isascii() and ch.isalnum())  # o alfanumérico também
    if len(c) != 14:
        return cnpj
    return f"{c[:2]}.{c[2:5]}.{c[5:8]}/{c[8:12]}-{c[12:]}"


def procurar_clientes(loja, *, nome: str | None = None, cpf: str | None = None,
                      cnpj: str | None = None) -> list[dict]:
    """GET /customers filtrado por nome, CPF (só dígitos) ou CNPJ (pontuado, como a Tray guarda), 1ª página."""
    filtros = {k: v for k, v in (("name", nome), ("cpf", cpf), ("cnpj", cnpj and cnpj_como_a_tray(cnpj))) if v}
    itens, _ = _cli(loja).listar_pagina("/customers", "Customer", params=filtros, pagina=1, limite=LIMITE_LISTA)
    return itens


def pagina_de_clientes(loja, pagina: int = 1, limite: int = LIMITE_LISTA) -> list[dict]:
    """Uma página de GET /customers, os mais novos primeiro (`sort=id_desc`): muitos cadastros numa leitura."""
    itens, _ = _cli(loja).listar_pagina("/customers", "Customer", params={"sort": "id_desc"}, pagina=pagina,
                                        limite=limite)
    return itens


# -- produtos e variações --------------------------------------------------------------------------
def produto(loja, produto_id) -> dict | None:
    """GET /products/{id}."""
    return _objeto(_cli(loja).get(f"/products/{produto_id}"), "Product")


def criar_produto(loja, campos: dict) -> str:
    """POST /products; devolve o id criado."""
    return _id(_cli(loja).post("/products", json={"Product": campos}))


def atualizar_produto(loja, produto_id, campos: dict) -> None:
    """PUT /products/{id} com os campos que mudam."""
    _cli(loja).put(f"/products/{produto_id}", json={"Product": campos})


def produtos_com_referencia(loja, referencia: str) -> list[dict]:
    """GET /products?reference=, os mais novos primeiro."""
    itens, _ = _cli(loja).listar_pagina("/products", "Product", params={"reference": referencia, "sort": "id_desc"})
    return itens


def variacao(loja, variacao_id) -> dict | None:
    """GET /products/variants/{id} (com `VariantImage`)."""
    return _objeto(_cli(loja).get(f"/products/variants/{variacao_id}"), "Variant")


def criar_variacao(loja, campos: dict) -> str:
    """POST /products/variants (os campos levam `product_id`); devolve o id criado."""
    return _id(_cli(loja).post("/products/variants", json={"Variant": campos}))


def atualizar_variacao(loja, variacao_id, campos: dict) -> None:
    """PUT /products/variants/{id}."""
    _cli(loja).put(f"/products/variants/{variacao_id}", json={"Variant": campos})


def variacoes_com_referencia(loja, referencia: str, produto_id=None) -> list[dict]:
    """GET /products/variants?reference= (de um produto, se dado), as mais novas primeiro."""
    filtros = {"reference": referencia, "sort": "id_desc"}
    if produto_id is not None:
        filtros["product_id"] = produto_id
    itens, _ = _cli(loja).listar_pagina("/products/variants", "Variant", params=filtros)
    return itens


def definir_estoque_do_produto(loja, produto_id, quantidade: int) -> None:
    """PUT /products/{id} só com o estoque (a Tray não aceita estoque negativo)."""
    atualizar_produto(loja, produto_id, {"stock": str(max(0, int(quantidade)))})


def definir_estoque_da_variacao(loja, variacao_id, quantidade: int) -> None:
    """PUT /products/variants/{id} só com o estoque."""
    atualizar_variacao(loja, variacao_id, {"stock": str(max(0, int(quantidade)))})


# -- categorias ------------------------------------------------------------------------------------
def categorias_com_nome(loja, nome: str):
    """GET /categories?name=: as categorias com este nome (em qualquer nível)."""
    return _cli(loja).paginar("/categories", "Category", params={"name": nome})


def criar_categoria(loja, nome: str, pai_id: str | None = None) -> str:
    """POST /categories; a categoria raiz vai sem `parent_id`. Devolve o id criado."""
    campos = {"name": nome}
    if pai_id not in (None, "", "0"):
        campos["parent_id"] = pai_id
    return _id(_cli(loja).post("/categories", json={"Category": campos}))


# -- envio e cancelamento do pedido ------------------------------------------------------------------
def informar_envio(loja, pedido_id, codigo: str, data_envio, url: str = "") -> None:
    """PUT /orders/{id} com `sending_code`, `sending_date` (AAAA-MM-DD) e `tracking_url` (tray-api.md §4.5).
    Sem `status_id`: não muda o status nem e-mail o comprador, e repetir os mesmos valores não muda nada."""
    campos = {"sending_code": codigo, "sending_date": data_envio.isoformat()}
    if url:
        campos["tracking_url"] = url
    _cli(loja).put(f"/orders/{pedido_id}", json={"Order": campos})


def cancelar_pedido(loja, pedido_id) -> None:
    """PUT /orders/cancel/{id}, sem corpo (tray-api.md §4.1 e §4.5): o pedido vai ao status de cancelamento da
    loja. Muda o status (e-mail ao comprador): não se repete às cegas depois de uma resposta ambígua."""
    _cli(loja).put(f"/orders/cancel/{pedido_id}", idempotente=False)


# -- estoque na loja (comparação com o ERP) --------------------------------------------------------
def todos_os_produtos(loja, filtros: dict | None = None):
    """Todos os produtos de GET /products (com `stock`), página a página."""
    return _cli(loja).paginar("/products", "Product", params=filtros or {}, limite=LIMITE_LISTA)


def todas_as_variacoes(loja, filtros: dict | None = None):
    """Todas as variações de GET /products/variants (com `stock`), página a página."""
    return _cli(loja).paginar("/products/variants", "Variant", params=filtros or {}, limite=LIMITE_LISTA)


# -- instalação do aplicativo ----------------------------------------------------------------------
def url_de_autorizacao(endereco_da_loja: str, consumer_key: str, callback: str) -> str:
    """`{loja}/auth.php?response_type=code&consumer_key=…&callback=…` (tray-api.md §1.2, passo 2): a página da
    loja onde o lojista autoriza o aplicativo; a Tray volta ao `callback` com `code`, `api_address` e `store`."""
    consulta = urlencode({"response_type": "code", "consumer_key": consumer_key, "callback": callback})
    return f"{endereco_da_loja.rstrip('/')}/auth.php?{consulta}"
