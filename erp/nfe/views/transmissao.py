"""Tela Transmissão: enviar as notas assinadas à SEFAZ (na fila), acompanhar, ver o status dos serviços e a
contingência SVC (entrar, sair; a entrada automática é do administrador)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from erp.extensions import db

from erp.nfe import tasks
from erp.nfe.services import contingencia, emissao, protocolos, transmissao
from erp.nfe.services.status_servico import verificar_status
from erp.nfe.views.blueprint import bp
from erp.tarefas import services as tarefas
from erp.usuarios.acesso import somente_admin


def _ids(valores) -> list[int]:
    return [int(v) for v in valores if str(v).isdigit()]


@bp.post("/transmitir")
@login_required
def transmitir():
    ids = _ids(request.form.getlist("notas")) or (transmissao.notas_pendentes() if request.form.get("pendentes")
                                                    else [])
    if not ids:
        flash("Não há NF-e assinada para transmitir.", "warning")
        return redirect(url_for("nfe.lista_notas"))
    tarefa = tasks.agendar_transmissao(ids)
    flash(f"Transmissão de {len(ids)} NF-e à SEFAZ iniciada.", "info")
    return redirect(url_for("nfe.progresso_transmissao", tarefa_id=tarefa.id))


@bp.get("/transmissao/<int:tarefa_id>")
@login_required
def progresso_transmissao(tarefa_id: int):
    tarefa = tarefas.obter(tarefa_id) or abort(404)
    return render_template("nfe/transmissao.html", tarefa=tarefa)


@bp.post("/sefaz/status")
@login_required
def status_servico():
    try:
        linhas = verificar_status()
    except protocolos.SefazImpossivel as erro:
        flash(f"Status não consultado: {erro}", "danger")
    else:
        for linha in linhas:
            resposta = f"SEFAZ {linha['cstat']}: {linha['motivo']}" if linha["cstat"] is not None else linha["motivo"]
            flash(f"{linha['autorizador']}: {resposta}", "success" if linha["em_operacao"] else "warning")
    return redirect(url_for("nfe.lista_notas"))


@bp.post("/contingencia/entrar")
@login_required
def entrar_contingencia():
    try:
        registro = contingencia.entrar(request.form.get("justificativa", ""))
    except (contingencia.ContingenciaRecusada, emissao.EmissaoImpossivel) as erro:
        db.session.rollback()
        flash(f"Contingência não iniciada: {erro}", "danger")
    else:
        flash(f"Emissão em contingência na {registro.svc} (tpEmis {registro.tp_emis}). As NF-e assinadas foram "
              "refeitas para a SVC.", "warning")
    return redirect(url_for("nfe.lista_notas"))


@bp.post("/contingencia/sair")
@login_required
def sair_contingencia():
    try:
        contingencia.sair()
    except (contingencia.ContingenciaRecusada, emissao.EmissaoImpossivel) as erro:
        db.session.rollback()
        flash(f"{erro}", "danger")
    else:
        flash("Emissão normal de novo: as NF-e vão à SEFAZ autorizadora.", "success")
    return redirect(url_for("nfe.lista_notas"))


@bp.post("/contingencia/automatica")
@somente_admin
def contingencia_automatica():
    try:
        contingencia.ligar_automatica(request.form.get("ligar") == "1")
    except contingencia.ContingenciaRecusada as erro:
        flash(str(erro), "danger")
    return redirect(url_for("nfe.lista_notas"))
