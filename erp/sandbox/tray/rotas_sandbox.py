"""Rotas de inspeção e controle para testes (/_sandbox). Não existem na Tray; o cliente nunca as chama."""
import copy

from flask import Blueprint, Response, request

from erp.sandbox.tray import apresentacao as ap
from erp.sandbox.tray.contexto import estado
from erp.sandbox.tray.pedido_semente import ErroSemente, normalizar_pedido
from erp.sandbox.tray.respostas import json_resposta

bp = Blueprint("sandbox", __name__)


def _corpo() -> dict:
    dados = request.get_json(silent=True)
    return dados if isinstance(dados, dict) else {}


def _erro(mensagem: str, status: int = 400) -> Response:
    return json_resposta({"erro": mensagem}, status)


@bp.get("/info")
def info():
    est = estado()
    return json_resposta({"url_api": f"{est.url_base}/web_api", "store_id": est.loja["id"],
                          "name": est.loja.get("name", ""), "code": est.loja["code"],
                          "consumer_key": est.app["consumer_key"], "consumer_secret": est.app["consumer_secret"]})


@bp.route("/emails", methods=["GET", "DELETE"])
def emails():
    est = estado()
    with est.trava:
        if request.method == "DELETE":
            est.emails.clear()
        return json_resposta({"emails": list(est.emails)})


@bp.route("/requests", methods=["GET", "DELETE"])
def requisicoes():
    est = estado()
    with est.trava:
        if request.method == "DELETE":
            est.requisicoes.clear()
        return json_resposta({"requests": list(est.requisicoes)})


@bp.route("/clock", methods=["GET", "POST"])
def relogio():
    est = estado()
    if request.method == "POST":
        try:
            est.relogio.avancar(float(_corpo().get("advance_s", 0)))
        except (TypeError, ValueError):
            return _erro("advance_s deve ser um número de segundos")
    return json_resposta({"agora": est.agora(), "deslocamento_s": est.relogio.deslocamento_s})


@bp.route("/falhas", methods=["GET", "POST", "DELETE"])
def falhas():
    est = estado()
    if request.method == "POST":
        dados = _corpo()
        try:
            est.falhas.adicionar(dados.get("tipo", ""), dados.get("quantidade", 1), dados.get("prefixo", ""),
                                 dados.get("atraso_s", 2.0), dados.get("metodo", ""))
        except (TypeError, ValueError) as erro:
            return _erro(str(erro))
    elif request.method == "DELETE":
        est.falhas.limpar()
    return json_resposta({"falhas": est.falhas.listar()})


@bp.route("/limites", methods=["GET", "POST"])
def limites():
    est = estado()
    if request.method == "POST":
        dados = _corpo()
        try:
            est.limitador.configurar(dados.get("por_minuto"), dados.get("por_dia"), bool(dados.get("zerar")),
                                     dados.get("janela_s"))
        except (TypeError, ValueError):
            return _erro("por_minuto e por_dia devem ser inteiros (janela_s, número de segundos)")
    return json_resposta(est.limitador.situacao())


@bp.route("/webhooks", methods=["GET", "POST"])
def webhooks():
    notificador = estado().notificador
    if request.method == "POST":
        dados = _corpo()
        notificador.configurar(dados.get("url"), dados.get("duplicado"))
    return json_resposta({"url": notificador.url, "duplicado": notificador.duplicado,
                          "pendentes": notificador.pendentes(), "entregas": notificador.log()})


@bp.route("/imagens", methods=["GET", "POST"])
def fila_imagens():
    """A fila de imagens: {"modo", "pausada", "pendentes"}; POST {"pausada": true|false} segura ou solta a fila."""
    fila = estado().fila_imagens
    if request.method == "POST":
        dados = _corpo()
        if "pausada" in dados:
            fila.pausar(bool(dados["pausada"]))
    return json_resposta({"modo": "sync" if fila.sincrona else "async", "pausada": fila.pausada,
                          "pendentes": fila.pendentes()})


@bp.get("/imagens/<ident>")
def imagens(ident: str):
    """Imagens do produto e das variações, registro de cada download (ok, recusada, ...) e as pendentes.

    `?aguardar=S` espera até S segundos que as imagens pendentes do produto sejam processadas.
    """
    est = estado()
    try:
        aguardar = float(request.args.get("aguardar") or 0)
    except ValueError:
        return _erro("aguardar deve ser um número de segundos")
    if aguardar > 0:
        est.fila_imagens.aguardar(ident, timeout_s=min(aguardar, 30.0))
    with est.trava:
        atuais = [{"alvo": "product", "id": ident, **img} for _, img in sorted(est.imagens["product"][ident].items())]
        for variacao in est.variacoes.values():
            if variacao["product_id"] == ident:
                atuais += [{"alvo": "variant", "id": variacao["id"], **img}
                           for _, img in sorted(est.imagens["variant"][variacao["id"]].items())]
        return json_resposta({"product_id": ident, "imagens": atuais, "registros": list(est.log_imagens[ident]),
                              "pendentes": est.fila_imagens.pendentes(ident)})


@bp.get("/arquivos/<nome>")
def arquivo(nome: str):
    conteudo = estado().arquivos.get(nome.split(".", 1)[0])
    if conteudo is None:
        return _erro("arquivo não encontrado", 404)
    return Response(conteudo[0], mimetype=conteudo[1])


@bp.post("/orders")
def criar_pedido():
    est = estado()
    dados = _corpo()
    bruto = dados.get("Order", dados)
    if not isinstance(bruto, dict):
        return _erro("envie o pedido como objeto JSON ({\"Order\": {...}})")
    with est.trava:
        if str(bruto.get("id", "")) in est.pedidos:
            return _erro(f"Pedido {bruto['id']}: id já existe")
        try:
            pedido = normalizar_pedido({k: v for k, v in bruto.items() if k != "validar"}, est.referencias(),
                                       validar_valores=dados.get("validar", True) is not False)
        except ErroSemente as erro:
            return _erro(str(erro))
        if pedido.get("modified", "").startswith("0000") or not pedido.get("modified"):
            pedido["modified"] = est.agora()
        est.guardar_pedido(pedido)
    est.notificador.notificar("order", pedido["id"], "insert")
    return json_resposta({"id": pedido["id"]}, 201)


@bp.put("/orders/<ident>")
def alterar_pedido(ident: str):
    est = estado()
    dados = _corpo()
    bruto = dados.get("Order", dados)
    if not isinstance(bruto, dict):
        return _erro("envie as alterações como objeto JSON ({\"Order\": {...}})")
    mudancas = {k: v for k, v in bruto.items() if k not in ("validar", "id", "OrderInvoice")}
    with est.trava:
        atual = est.pedidos.get(ident)
        if atual is None:
            return _erro(f"Pedido {ident} não encontrado", 404)
        base = {k: copy.deepcopy(v) for k, v in atual.items() if not k.startswith("_") and k != "status"}
        base["OrderStatus"] = {"id": atual["_status_id"]}
        if any(c in mudancas for c in ("status", "status_id", "OrderStatus")):
            base.pop("OrderStatus")
        base.update(mudancas)
        base["modified"] = mudancas.get("modified") or est.agora()
        try:
            novo = normalizar_pedido(base, est.referencias(), validar_valores=dados.get("validar", True) is not False)
        except ErroSemente as erro:
            return _erro(str(erro))
        notas = atual["_notas"]
        est.guardar_pedido(novo)
        novo["_notas"] = notas
        if notas:
            novo["has_invoice"] = "1"
        novo["status"] = est.status[novo["_status_id"]]["status"]
        resumo = ap.pedido_resumo(est, novo)
    est.notificador.notificar("order", ident, "update")
    return json_resposta({"Order": resumo})
