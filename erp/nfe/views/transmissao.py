"""Tela Transmissão: enviar as notas assinadas à SEFAZ (na fila), acompanhar e ver o status do serviço."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from erp.nfe import tasks
from erp.nfe.sefaz.erros import ErroSefaz
from erp.nfe.services import protocolos, transmissao
from erp.nfe.views.blueprint import bp
from erp.tarefas import services as tarefas


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
        with protocolos.cliente_sem_certificado() as sefaz:
            retorno = sefaz.status()
    except (protocolos.SefazImpossivel, ErroSefaz) as erro:
        flash(f"SEFAZ sem resposta: {erro}", "danger")
    else:
        flash(f"SEFAZ {retorno.cstat}: {retorno.motivo}", "success" if retorno.em_operacao else "warning")
    return redirect(url_for("nfe.lista_notas"))
