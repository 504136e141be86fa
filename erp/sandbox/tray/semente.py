"""Semente do simulador (tray-api.md §13): leitura, validação e normalização.

`carregar_semente` devolve a semente (formato do §13) já validada; `normalizar_semente` devolve a forma
interna que o estado do simulador usa (filhos desembrulhados, escalares em texto).
"""
import json
from pathlib import Path

from erp.sandbox.tray.construtor import semente_minima  # noqa: F401  (reexportado)
from erp.sandbox.tray.modelos import desembrulhar
from erp.sandbox.tray.pedido_semente import ErroSemente, Referencias, normalizar_pedido
from erp.sandbox.tray.valores import texto

PADROES_LOJA = {
    "rate_limit_per_minute": 180,
    "rate_limit_per_day": 10000,
    "access_token_ttl_s": 10800,
    "refresh_token_ttl_s": 2592000,
    "max_image_slots": 15,
    "image_max_bytes": 350 * 1024,
    "image_max_px": 2000,
}
PROCESSAMENTO_IMAGENS = ("async", "sync")
DEMO = Path(__file__).resolve().parent.parent / "dados" / "demo.json"

__all__ = ["ErroSemente", "carregar_semente", "normalizar_semente", "semente_minima", "DEMO"]


def carregar_semente(origem=None) -> dict:
    """Lê um caminho (ou usa o dicionário dado; None = semente de demonstração) e valida."""
    if origem is None:
        origem = DEMO
    if isinstance(origem, (str, Path)):
        try:
            semente = json.loads(Path(origem).read_text(encoding="utf-8"))
        except (OSError, ValueError) as erro:
            raise ErroSemente(f"Semente {origem}: não foi possível ler ({erro})") from None
    elif isinstance(origem, dict):
        semente = origem
    else:
        raise ErroSemente("Semente: informe um caminho ou um dicionário")
    normalizar_semente(semente)
    return semente


def _unicos(itens: list[dict], entidade: str) -> dict:
    vistos = {}
    for item in itens:
        ident = item.get("id", "")
        if not ident:
            raise ErroSemente(f"{entidade}: registro sem id ({item.get('name') or item.get('status') or '?'})")
        if ident in vistos:
            raise ErroSemente(f"{entidade} {ident}: id repetido")
        vistos[ident] = item
    return vistos


def _loja(semente: dict) -> tuple[dict, dict]:
    app, loja = semente.get("app") or {}, semente.get("store") or {}
    for campo in ("consumer_key", "consumer_secret"):
        if not app.get(campo):
            raise ErroSemente(f"Semente: app.{campo} ausente")
    for campo in ("id", "code"):
        if not loja.get(campo):
            raise ErroSemente(f"Semente: store.{campo} ausente")
    loja_norm = {**PADROES_LOJA, **loja}
    for campo in PADROES_LOJA:
        try:
            loja_norm[campo] = int(loja_norm[campo])
        except (TypeError, ValueError):
            raise ErroSemente(f"Semente: store.{campo} deve ser inteiro") from None
    for campo in ("max_image_slots", "image_max_bytes", "image_max_px"):
        if loja_norm[campo] < 1:
            raise ErroSemente(f"Semente: store.{campo} deve ser maior que zero")
    loja_norm["image_processing"] = str(loja.get("image_processing", "async"))
    if loja_norm["image_processing"] not in PROCESSAMENTO_IMAGENS:
        raise ErroSemente("Semente: store.image_processing deve ser async ou sync")
    loja_norm["id"], loja_norm["code"] = str(loja["id"]), str(loja["code"])
    loja_norm.setdefault("name", "Loja")
    app_norm = {"consumer_key": str(app["consumer_key"]), "consumer_secret": str(app["consumer_secret"]),
                "app_code": str(app.get("app_code", "1"))}
    return app_norm, loja_norm


def _catalogo(semente: dict) -> dict:
    status = _unicos(desembrulhar(texto(semente.get("statuses") or []), "OrderStatus"), "Status")
    nomes = set()
    for ident, item in status.items():
        if not item.get("status"):
            raise ErroSemente(f"Status {ident}: sem nome")
        if item["status"] in nomes:
            raise ErroSemente(f"Status {ident}: nome '{item['status']}' repetido")
        nomes.add(item["status"])
    categorias = _unicos(desembrulhar(texto(semente.get("categories") or []), "Category"), "Categoria")
    for ident, cat in categorias.items():
        pai = cat.get("parent_id") or "0"
        if pai != "0" and pai not in categorias:
            raise ErroSemente(f"Categoria {ident}: categoria pai {pai} não existe")
        cat["parent_id"] = pai
    return {"statuses": list(status.values()), "categories": list(categorias.values()),
            "_categorias": categorias}


def _clientes(semente: dict) -> tuple[list, list]:
    clientes = _unicos(desembrulhar(texto(semente.get("customers") or []), "Customer"), "Cliente")
    enderecos = []
    for ident, cliente in clientes.items():
        for end in desembrulhar(cliente.pop("CustomerAddresses", None), "CustomerAddress"):
            end["customer_id"] = ident
            enderecos.append(end)
        cliente.pop("CustomerAddress", None)
    _unicos(enderecos, "Endereço")
    return list(clientes.values()), enderecos


def _produtos(semente: dict, categorias: dict) -> tuple[list, list]:
    produtos = _unicos(desembrulhar(texto(semente.get("products") or []), "Product"), "Produto")
    variacoes = _unicos(desembrulhar(texto(semente.get("variants") or []), "Variant"), "Variação")
    for ident, var in variacoes.items():
        if var.get("product_id") not in produtos:
            raise ErroSemente(f"Variação {ident}: produto {var.get('product_id') or '(vazio)'} não existe")
        sku = desembrulhar(var.get("Sku"), "Sku")
        if not sku and var.get("type_1"):
            sku = [{"type": var.get(f"type_{n}", ""), "value": var.get(f"value_{n}", "")}
                   for n in (1, 2) if var.get(f"type_{n}")]
        var["Sku"] = [{"type": s.get("type", ""), "value": s.get("value", "")} for s in sku]
    for ident, prod in produtos.items():
        cat = prod.get("category_id") or "0"
        if cat != "0" and cat not in categorias:
            raise ErroSemente(f"Produto {ident}: categoria {cat} não existe")
        for stub in desembrulhar(prod.pop("Variant", None), "Variant"):
            vid = stub.get("id", "")
            if vid not in variacoes or variacoes[vid]["product_id"] != ident:
                raise ErroSemente(f"Produto {ident}: variação {vid or '(vazio)'} não existe")
        prod.pop("ProductImage", None)
    return list(produtos.values()), list(variacoes.values())


def normalizar_semente(semente: dict) -> dict:
    if not isinstance(semente, dict):
        raise ErroSemente("Semente: deve ser um objeto JSON")
    app, loja = _loja(semente)
    catalogo = _catalogo(semente)
    clientes, enderecos = _clientes(semente)
    produtos, variacoes = _produtos(semente, catalogo.pop("_categorias"))
    ref = Referencias(
        clientes={c["id"] for c in clientes},
        produtos={p["id"] for p in produtos},
        variacoes={v["id"]: v["product_id"] for v in variacoes},
        status_por_id={s["id"]: s["status"] for s in catalogo["statuses"]},
    )
    pedidos = [normalizar_pedido(bruto, ref) for bruto in semente.get("orders") or []]
    _unicos(pedidos, "Pedido")
    return {"app": app, "store": loja, **catalogo, "customers": clientes, "addresses": enderecos,
            "products": produtos, "variants": variacoes, "orders": pedidos}
