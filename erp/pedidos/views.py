"""Telas de pedidos — lojas (/pedidos/), pedidos com falha na importação (/pedidos/?situacao=falhou), Importar
Pedidos (/lojas/<id>/pedidos) e a configuração da importação — e o endereço das notificações da Tray
(/webhooks/tray/<segredo>)."""
import logging
from collections.abc import Mapping

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import func

from erp.comum.paginacao import paginar
from erp.extensions import csrf, db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.pedidos import consultas_tray, listagem, lote, webhooks
from erp.pedidos.configuracao import (JUROS_COMO, ConfiguracaoInvalida, configuracao_da_loja, formas_de_pagamento,
                                      formas_pagamento_da_loja, salvar_configuracao, salvar_formas_pagamento,
                                      status_padrao)
from erp.pedidos.pagamentos import MEIOS_PAGAMENTO, chave_forma, codigo_tpag
from erp.pedidos.filtros import LIMITES, SITUACOES, Filtros
from erp.pedidos.mapeamento import status_aguarda_pagamento, status_cancelado
from erp.pedidos.models import DesfechoImportacao, ImportacaoPedido
from erp.tarefas import services as tarefas
from erp.comum.texto import ordenar_por_nome

log = logging.getLogger(__name__)
bp = Blueprint("pedidos", __name__, static_folder="static", static_url_path="/pedidos/static")
webhooks_bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")
BLUEPRINTS = (bp, webhooks_bp)


def _loja(loja_id: int) -> LojaVirtual:
    return db.session.get(LojaVirtual, loja_id) or abort(404)


def _falhas():
    return db.session.query(ImportacaoPedido).filter(ImportacaoPedido.resultado == DesfechoImportacao.FALHOU.value)


@bp.get("/pedidos/")
@login_required
def lojas():
    todas = ordenar_por_nome(db.session.query(LojaVirtual).all())
    if request.args.get("situacao") == DesfechoImportacao.FALHOU:
        consulta = _falhas().order_by(ImportacaoPedido.atualizado_em.desc(), ImportacaoPedido.id.desc())
        pagina = paginar(consulta, request.args.get("pagina"), current_app.config.get("ITENS_POR_PAGINA", 30))
        return render_template("pedidos/falhas.html", pagina=pagina, lojas={loja.id: loja for loja in todas})
    falhas = dict(_falhas().with_entities(ImportacaoPedido.loja_id, func.count()).group_by(ImportacaoPedido.loja_id))
    return render_template("pedidos/lojas.html", lojas=todas, falhas=falhas,
                           configuracoes={loja.id: configuracao_da_loja(loja) for loja in todas})


def _itens_da_tarefa(tarefa) -> tuple[list[dict], dict[str, int]]:
    """Os resultados da importação com as falhas na frente (depois os ignorados), e a contagem por desfecho."""
    ordem = {DesfechoImportacao.FALHOU.value: 0, DesfechoImportacao.IGNORADO.value: 1}
    itens = [{"chave": item.chave, "nome": item.resultado, "sucesso": item.sucesso,
              **{"resultado": "", "motivo": item.mensagem, "acao": None, "venda": item.referencia_id},
              **(item.dados if isinstance(item.dados, dict) else {})} for item in tarefa.itens]
    itens.sort(key=lambda item: ordem.get(item["resultado"], 2))
    contagem = {d.value: 0 for d in DesfechoImportacao}
    for item in itens:
        contagem[item["resultado"]] = contagem.get(item["resultado"], 0) + 1
    return itens, contagem


@bp.get("/lojas/<int:loja_id>/pedidos")
@login_required
def importar_pedidos(loja_id: int):
    loja = _loja(loja_id)
    filtros = Filtros.de_dict(request.args)
    tela = listagem.tela_de_pedidos(loja, filtros)
    tarefa_id = request.args.get("tarefa", "")
    tarefa = tarefas.obter(int(tarefa_id)) if tarefa_id.isdigit() else None
    if tarefa is not None and tarefa.loja_id != loja.id:
        tarefa = None
    itens, contagem = _itens_da_tarefa(tarefa) if tarefa is not None and tarefa.terminada else ([], {})
    return render_template("pedidos/importar.html", loja=loja, filtros=filtros, status=tela.status,
                           pagina=tela.pagina, erro=tela.erro, aviso=tela.aviso, tarefa=tarefa, itens=itens,
                           contagem=contagem, limites=LIMITES, situacoes=SITUACOES)


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


def _minutos(valor) -> int | None:
    """O campo de minutos da sondagem: vazio mantém; texto que não é número vira -1 (recusado com a mensagem)."""
    texto = (valor or "").strip()
    if not texto:
        return None
    return int(texto) if texto.isdigit() else -1


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
                request.form.get("juros_como", ""), [s["nome"] for s in status] if status else None,
                sondagem_min=_minutos(request.form.get("sondagem_min")))
        except ConfiguracaoInvalida as falha:
            flash(str(falha), "danger")
        else:
            flash("Configuração da importação salva.", "success")
            return redirect(url_for(".configuracao", loja_id=loja.id))
    atual = configuracao_da_loja(loja)
    nomes = [s["nome"] for s in status]
    antigos = [s for s in atual.status_importaveis if s not in nomes]
    return render_template(
        "pedidos/configuracao.html", loja=loja, configuracao=atual, status=status, antigos=antigos, erro=erro,
        juros_como=JUROS_COMO, padrao=status_padrao(status),
        cancelados={s["nome"] for s in status if status_cancelado(s["nome"], s["tipo"])},
        nao_pagos={s["nome"] for s in status if status_aguarda_pagamento(s["nome"], s.get("descricao", ""))})


@bp.route("/lojas/<int:loja_id>/pedidos/formas-de-pagamento", methods=["GET", "POST"])
@login_required
def formas_pagamento(loja_id: int):
    """Cada forma de pagamento da Tray que a loja usa → meio de pagamento da NF-e (tPag), editável."""
    loja = _loja(loja_id)
    if request.method == "POST":
        escolhas = dict(zip(request.form.getlist("forma"), request.form.getlist("tpag")))
        novo = request.form.get("nova_forma", "").strip()
        if novo:
            escolhas[novo] = request.form.get("novo_tpag", "")
        try:
            salvar_formas_pagamento(loja.id, escolhas)
        except ConfiguracaoInvalida as falha:
            flash(str(falha), "danger")
        else:
            flash("Formas de pagamento salvas.", "success")
            return redirect(url_for(".formas_pagamento", loja_id=loja.id))
    mapa = formas_pagamento_da_loja(loja.id)
    linhas = [{"nome": nome, "escolhido": mapa.get(chave_forma(nome), ""), "automatico": codigo_tpag(nome)}
              for nome in formas_de_pagamento(loja.id)]
    return render_template("pedidos/formas_pagamento.html", loja=loja, linhas=linhas, meios=MEIOS_PAGAMENTO)


@webhooks_bp.post("/tray/<segredo>")
@csrf.exempt
def tray(segredo: str):
    """Guarda a notificação, responde 200 já e deixa o trabalho para a fila.

    Sem o segredo certo: 404, sem ler nada. Com ele, as regras da Tray (que repete por dias qualquer resposta
    diferente de 200 e pode bloquear o endereço): 200 para toda notificação, bem ou mal formada, e a mesma
    resposta para uma loja desconhecida (os códigos das lojas não podem ser sondados)."""
    if not webhooks.segredo_confere(segredo):
        abort(404)
    dados = request.form if request.form else request.get_json(silent=True)
    if not isinstance(dados, Mapping):
        dados = {}
    try:
        webhooks.receber(dados)
    except (webhooks.NotificacaoInvalida, webhooks.LojaDesconhecida) as erro:
        log.warning("Notificação da Tray não aproveitada (%s): %s", erro, dict(dados))
    return "OK", 200, {"Content-Type": "text/plain; charset=utf-8"}
