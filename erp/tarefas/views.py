from flask import Blueprint, abort, jsonify, render_template
from flask_login import login_required

from erp.tarefas import services

bp = Blueprint("tarefas", __name__, url_prefix="/tarefas")


@bp.get("/<int:tarefa_id>")
@login_required
def detalhe(tarefa_id: int):
    tarefa = services.obter(tarefa_id) or abort(404)
    return render_template("tarefas/detalhe.html", tarefa=tarefa)


@bp.get("/<int:tarefa_id>/progresso")
@login_required
def progresso(tarefa_id: int):
    """Trecho HTML que a página recarrega (htmx) enquanto a tarefa roda."""
    tarefa = services.obter(tarefa_id) or abort(404)
    return render_template("tarefas/_progresso.html", tarefa=tarefa)


@bp.get("/<int:tarefa_id>.json")
@login_required
def como_json(tarefa_id: int):
    tarefa = services.obter(tarefa_id) or abort(404)
    return jsonify(
        id=tarefa.id,
        situacao=tarefa.situacao,
        total=tarefa.total,
        processados=tarefa.processados,
        sucessos=tarefa.sucessos,
        falhas=tarefa.falhas,
        percentual=tarefa.percentual,
        mensagem=tarefa.mensagem,
        itens=[
            dict(chave=i.chave, resultado=i.resultado, sucesso=i.sucesso, mensagem=i.mensagem)
            for i in tarefa.itens
        ],
    )
