"""Telas Notas e NF-e: a lista, a nota, o XML, o DANFE e a consulta à SEFAZ."""
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import login_required

from erp.comum.paginacao import paginar
from erp.extensions import db
from erp.nfe.models import SITUACOES_NOTA, NotaFiscal
from erp.nfe.sefaz.erros import ErroSefaz
from erp.nfe.services import consulta, danfe, notas, protocolos, servicos_sefaz
from erp.nfe.views.blueprint import bp, por_pagina


@bp.get("/notas")
@login_required
def lista_notas():
    situacao = request.args.get("situacao", "")
    busca = request.args.get("busca", "").strip()
    pagina = paginar(notas.listar_notas(situacao, busca), request.args.get("pagina"), por_pagina())
    return render_template("nfe/notas.html", pagina=pagina, situacao=situacao, busca=busca,
                           situacoes=SITUACOES_NOTA, sefaz=servicos_sefaz.painel(),
                           args={k: v for k, v in request.args.items() if k != "pagina" and v})


@bp.get("/<int:nota_id>")
@login_required
def nota(nota_id: int):
    return render_template("nfe/nota.html", nota=db.get_or_404(NotaFiscal, nota_id), situacoes=SITUACOES_NOTA)


@bp.get("/<int:nota_id>/xml")
@login_required
def xml(nota_id: int):
    nota = db.get_or_404(NotaFiscal, nota_id)
    if not nota.xml_atual:
        abort(404, description="Esta NF-e não tem XML assinado.")
    return send_file(io.BytesIO(nota.xml_atual), mimetype="application/xml", as_attachment=True,
                     download_name=notas.nome_arquivo(nota))


@bp.post("/<int:nota_id>/consultar")
@login_required
def consultar(nota_id: int):
    db.get_or_404(NotaFiscal, nota_id)
    try:
        dados = consulta.consultar(nota_id)
    except (protocolos.SefazImpossivel, ErroSefaz) as erro:
        db.session.rollback()
        flash(f"Consulta não realizada: {erro}", "danger")
    else:
        flash(f"SEFAZ {dados['cstat']}: {dados['motivo']} A NF-e está {dados['situacao_nome'].lower()}.", "info")
    return redirect(url_for("nfe.nota", nota_id=nota_id))


@bp.get("/<int:nota_id>/danfe")
@login_required
def baixar_danfe(nota_id: int):
    nota = db.get_or_404(NotaFiscal, nota_id)
    try:
        pdf = danfe.gerar_pdf(nota_id)
    except danfe.DanfeIndisponivel as erro:
        abort(404, description=str(erro))
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=danfe.nome_arquivo(nota),
                     as_attachment=request.args.get("baixar") == "1")
