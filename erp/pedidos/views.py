"""Telas de pedidos — lojas (/pedidos/), Importar Pedidos (/lojas/<id>/pedidos) e a configuração da
importação — e o endereço das notificações da Tray (/webhooks/tray/<segredo>)."""
import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from erp.extensions import csrf, db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.pedidos import consultas_tray, listagem, lote, webhooks
from erp.pedidos.configuracao import JUROS_COMO, ConfiguracaoInvalida, configuracao_da_loja, salvar_configuracao
from erp.pedidos.filtros import LIMITES, SITUACOES, Filtros
from erp.tarefas import services as tarefas

log = logging.getLogger(__name__)
bp = Blueprint("pedidos", __name__, static_folder="static", static_url_path="/pedidos/static")
webhooks_bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")
BLUEPRINTS = (bp, webhooks_bp)


def _loja(loja_id: int) -> LojaVirtual:
    return db.session.get(LojaVirtual, loja_id) or abort(404)


@bp.get("/pedidos/")
@login_required
def lojas():
    todas = db.session.query(LojaVirtual).order_by(LojaVirtual.nome).all()
    return render_template("pedidos/lojas.html", lojas=todas,
                           configuracoes={loja.id: configuracao_da_loja(loja) for loja in todas})


@bp.get("/lojas/<int:loja_id>/pedidos")
@login_required
def importar_pedidos(loja_id: int):
    loja = _loja(loja_id)
    filtros = Filtros.de_dict(request.args)
    status, pagina, erro = [], None, None
    try:
        status = consultas_tray.status_da_loja(loja)
        pagina = listagem.listar_pedidos(loja, filtros)
    except erros_tray.ErroTray as falha:
        erro = str(falha)
    tarefa_id = request.args.get("tarefa", "")
    tarefa = tarefas.obter(int(tarefa_id)) if tarefa_id.isdigit() else None
    if tarefa is not None and tarefa.loja_id != loja.id:
        tarefa = None
    return render_template("pedidos/importar.html", loja=loja, filtros=filtros, status=status, pagina=pagina,
                           erro=erro, tarefa=tarefa, limites=LIMITES, situacoes=SITUACOES)


@bp.post("/lojas/<int:loja_id>/pedidos/importar")
@login_required
def importar(loja_id: int):
    loja = _loja(loja_id)
    filtros = Filtros.de_dict(request.form)
    volta = filtros.consulta()
    if request.form.get("acao") == "todos":
        tarefa = lote.agendar_importacao_do_filtro(loja, filtros)
        flash("Importação de todos os pedidos do filtro enviada para a fila.", "info")
        return redirect(url_for(".importar_pedidos", loja_id=loja.id, tarefa=tarefa.id,
                                **filtros.consulta(pagina="")))
    ids = [i.strip() for i in request.form.getlist("pedidos") if i.strip().isdigit()]
    if not ids:
        flash("Selecione ao menos um pedido.", "warning")
        return redirect(url_for(".importar_pedidos", loja_id=loja.id, **volta))
    tarefa = lote.importar_selecionados(loja, ids)
    return redirect(url_for(".importar_pedidos", loja_id=loja.id, tarefa=tarefa.id, **volta))


@bp.route("/lojas/<int:loja_id>/pedidos/configuracao", methods=["GET", "POST"])
@login_required
def configuracao(loja_id: int):
    loja = _loja(loja_id)
    status, erro = [], None
    try:
        status = consultas_tray.status_da_loja(loja, renovar=request.method == "GET")
    except erros_tray.ErroTray as falha:
        erro = f"Não foi possível ler os status da loja na Tray: {falha}"
    if request.method == "POST":
        try:
            salvar_configuracao(
                loja, request.form.getlist("status"), request.form.get("importacao_automatica") == "1",
                request.form.get("juros_como", ""), [s["nome"] for s in status] if status else None)
        except ConfiguracaoInvalida as falha:
            flash(str(falha), "danger")
        else:
            flash("Configuração da importação salva.", "success")
            return redirect(url_for(".configuracao", loja_id=loja.id))
    atual = configuracao_da_loja(loja)
    nomes = [s["nome"] for s in status]
    antigos = [s for s in atual.status_importaveis if s not in nomes]
    return render_template("pedidos/configuracao.html", loja=loja, configuracao=atual, status=status,
                           antigos=antigos, erro=erro, juros_como=JUROS_COMO)


@webhooks_bp.post("/tray/<segredo>")
@csrf.exempt
def tray(segredo: str):
    """Guarda a notificação, responde 200 já e deixa o trabalho para a fila.

    Sem o segredo certo: 404, sem ler nada. Com ele, as regras da Tray (que repete por dias qualquer resposta
    diferente de 200 e pode bloquear o endereço): 200 para toda notificação, bem ou mal formada, e a mesma
    resposta para uma loja desconhecida (os códigos das lojas não podem ser sondados)."""
    if not webhooks.segredo_confere(segredo):
        abort(404)
    dados = request.form if request.form else (request.get_json(silent=True) or {})
    try:
        webhooks.receber(dados)
    except (webhooks.NotificacaoInvalida, webhooks.LojaDesconhecida) as erro:
        log.warning("Notificação da Tray não aproveitada (%s): %s", erro, dict(dados))
    return "OK", 200, {"Content-Type": "text/plain; charset=utf-8"}
