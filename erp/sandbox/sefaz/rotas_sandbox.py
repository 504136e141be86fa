"""Rotas de inspeção e controle para testes (/_sandbox). Não existem na SEFAZ; o cliente nunca as chama."""
import json

from flask import Blueprint, Response, current_app, request

from erp.sandbox.sefaz.estado import CHAVE

bp = Blueprint("sefaz_sandbox", __name__)


def _estado():
    """O estado da SEFAZ autorizadora; nas rotas /_sandbox/svc/..., o da SVC."""
    est = current_app.extensions[CHAVE]
    return est.svc if request.blueprint == "sefaz_sandbox_svc" and est.svc is not None else est


def _json(dados, status: int = 200) -> Response:
    return Response(json.dumps(dados, ensure_ascii=False, default=str), status=status,
                    mimetype="application/json")


def _corpo() -> dict:
    dados = request.get_json(silent=True)
    return dados if isinstance(dados, dict) else {}


@bp.get("/notas")
def notas():
    return _json({"notas": _estado().resumo_notas()})


@bp.get("/notas/<chave>/nfe")
def nfe(chave: str):
    nota = _estado().notas.get(chave)
    if nota is None:
        return _json({"erro": "NF-e não consta no simulador"}, 404)
    return Response(nota.nfe, mimetype="application/xml")


@bp.get("/inutilizados")
def inutilizados():
    est = _estado()
    with est.trava:
        faixa = [{"cnpj": c, "serie": s, "numero": n, "protocolo": p} for (c, _, s, n, _), p in est.inutilizados.items()]
    return _json({"inutilizados": faixa})


@bp.route("/requisicoes", methods=["GET", "DELETE"])
def requisicoes():
    est = _estado()
    with est.trava:
        if request.method == "DELETE":
            est.requisicoes.clear()
        return _json({"requisicoes": list(est.requisicoes)})


@bp.route("/relogio", methods=["GET", "POST"])
def relogio():
    est = _estado()
    if request.method == "POST":
        try:
            est.relogio.avancar(float(_corpo().get("avancar_s", 0)))
        except (TypeError, ValueError):
            return _json({"erro": "avancar_s deve ser um número de segundos"}, 400)
    return _json({"agora": est.agora().isoformat(), "deslocamento_s": est.relogio.deslocamento_s})


@bp.route("/falhas", methods=["GET", "POST", "DELETE"])
def falhas():
    est = _estado()
    if request.method == "DELETE":
        est.falhas.limpar()
    elif request.method == "POST":
        corpo = _corpo()
        try:
            est.falhas.adicionar(corpo.get("tipo", ""), corpo.get("quantidade", 1), corpo.get("servico", ""),
                                 corpo.get("atraso_s", 2.0), corpo.get("cstat"))
        except (TypeError, ValueError) as erro:
            return _json({"erro": str(erro)}, 400)
    return _json({"falhas": est.falhas.listar()})


@bp.route("/status", methods=["GET", "POST"])
def status():
    """{"cstat": 108 | 109} para o serviço parar; {"cstat": 107} volta à operação."""
    est = _estado()
    if request.method == "POST":
        cstat = _corpo().get("cstat")
        if cstat not in (107, 108, 109):
            return _json({"erro": "cstat deve ser 107, 108 ou 109"}, 400)
        est.paralisacao = None if cstat == 107 else cstat
        if cstat == 107:
            est.receber_da_svc()  # de volta ao ar, a autorizadora passa a ter as notas autorizadas na SVC
    return _json({"cstat": est.paralisacao or 107})


@bp.route("/irregulares", methods=["GET", "POST", "DELETE"])
def irregulares():
    """{"documento": CNPJ/CPF, "cstat": 301 (emitente) | 302 (destinatário)}: a próxima NF-e é denegada."""
    est = _estado()
    with est.trava:
        if request.method == "DELETE":
            est.irregulares.clear()
        elif request.method == "POST":
            corpo = _corpo()
            if corpo.get("cstat") not in (301, 302) or not corpo.get("documento"):
                return _json({"erro": "informe documento e cstat 301 ou 302"}, 400)
            est.irregulares[str(corpo["documento"])] = corpo["cstat"]
        return _json({"irregulares": dict(est.irregulares)})
