"""Tela Emitir: as vendas prontas para faturar e a geração das NF-e em lote (na fila)."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required

from erp.comum.paginacao import paginar
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.nfe import forms, tasks
from erp.nfe.fiscal.tabelas import CODIGOS_UF
from erp.nfe.services import ibpt, notas
from erp.nfe.services import empresa as empresas
from erp.nfe.views.blueprint import bp, por_pagina
from erp.tarefas import services as tarefas


@bp.get("/")
@login_required
def inicio():
    return redirect(url_for("nfe.emitir"))


@bp.get("/emitir")
@login_required
def emitir():
    filtros = notas.FiltrosEmissao.de_dict(request.args)
    pagina = paginar(notas.vendas_para_faturar(filtros), request.args.get("pagina"), por_pagina())
    ids = [v.id for v in pagina.items]
    tarefa = tarefas.obter(request.args.get("tarefa", type=int)) if request.args.get("tarefa") else None
    return render_template(
        "nfe/emitir.html", pagina=pagina, filtros=filtros, tarefa=tarefa,
        notas_por_venda=notas.ultima_nota_por_venda(ids), falhas=notas.ultima_falha_por_venda(ids),
        lojas=db.session.query(LojaVirtual).order_by(LojaVirtual.nome_ordem).all(), ufs=sorted(CODIGOS_UF),
        opcoes_nfe=notas.FILTROS_NFE, empresa=empresas.obter(), sem_nota_no_filtro=_sem_nota(filtros, pagina),
        ibpt=ibpt.situacao(),
        args={k: v for k, v in request.args.items() if k not in ("pagina", "tarefa") and v},
    )


def _sem_nota(filtros, pagina) -> int:
    """Quantas vendas do filtro podem ganhar NF-e (o número do botão "Emitir todas do filtro")."""
    if filtros.nfe == "sem_nota":
        return pagina.total
    return notas.contar_a_emitir(filtros)


@bp.post("/emitir")
@login_required
def gerar():
    ids = forms.ids_vendas(request.form)
    if not ids:
        flash("Selecione ao menos uma venda.", "warning")
        return redirect(url_for("nfe.emitir"))
    tarefa = tasks.agendar_geracao(ids)
    flash(f"Geração de {len(ids)} NF-e iniciada.", "info")
    return redirect(url_for("nfe.emitir", tarefa=tarefa.id))


@bp.post("/emitir/filtro")
@login_required
def gerar_do_filtro():
    """"Emitir todas do filtro": as vendas de todas as páginas do filtro, numa tarefa só."""
    filtros = notas.FiltrosEmissao.de_dict(request.form)
    ids = notas.ids_do_filtro(filtros)
    args = {k: v for k, v in request.form.items() if k in ("busca", "loja", "uf", "de", "ate", "nfe") and v}
    if not ids:
        flash("Nenhuma venda do filtro pode ganhar NF-e agora.", "warning")
        return redirect(url_for("nfe.emitir", **args))
    tarefa = tasks.agendar_geracao(ids)
    flash(f"Geração de {len(ids)} NF-e iniciada (todas as vendas do filtro).", "info")
    return redirect(url_for("nfe.emitir", tarefa=tarefa.id, **args))
