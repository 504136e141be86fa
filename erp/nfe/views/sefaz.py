"""Telas da comunicação com a SEFAZ: transmitir, consultar, DANFE, cancelamento, CC-e e inutilização."""
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import login_required

from erp.extensions import db
from erp.nfe import tasks
from erp.nfe.models import EventoNFe, InutilizacaoNFe, NotaFiscal, NumeroInutilizar
from erp.nfe.sefaz.erros import ErroSefaz
from erp.nfe.services import consulta, danfe, eventos, inutilizacao, protocolos, transmissao
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


@bp.get("/<int:nota_id>/eventos")
@login_required
def eventos_da_nota(nota_id: int):
    nota = db.get_or_404(NotaFiscal, nota_id)
    return render_template("nfe/eventos.html", nota=nota, registros=nota.eventos_sefaz,
                           proxima_cce=eventos.proxima_sequencia_cce(nota))


def _evento(funcao, nota_id: int, campo: str):
    db.get_or_404(NotaFiscal, nota_id)
    try:
        resultado = funcao(nota_id, request.form.get(campo, ""))
    except (eventos.EventoRecusado, protocolos.SefazImpossivel) as erro:
        db.session.rollback()
        flash(str(erro), "danger")
        return redirect(url_for("nfe.eventos_da_nota", nota_id=nota_id))
    flash(resultado.mensagem, {"registrado": "success", "rejeitado": "danger"}.get(resultado.resultado, "warning"))
    return redirect(url_for("nfe.eventos_da_nota", nota_id=nota_id))


@bp.post("/<int:nota_id>/cancelar")
@login_required
def cancelar(nota_id: int):
    return _evento(eventos.cancelar, nota_id, "justificativa")


@bp.post("/<int:nota_id>/cce")
@login_required
def carta_correcao(nota_id: int):
    return _evento(eventos.carta_correcao, nota_id, "correcao")


@bp.get("/eventos/<int:evento_id>/xml")
@login_required
def xml_evento(evento_id: int):
    registro = db.session.get(EventoNFe, evento_id) or abort(404)
    conteudo = registro.xml_retorno if registro.situacao == "registrado" else registro.xml_pedido
    nome = f"{registro.tipo}-{registro.nota.chave}-{registro.sequencia:02d}.xml"
    return send_file(io.BytesIO(conteudo or b""), mimetype="application/xml", as_attachment=True, download_name=nome)


@bp.get("/inutilizacao")
@login_required
def inutilizacoes():
    pendentes = (db.session.query(NumeroInutilizar).filter_by(situacao="pendente")
                 .order_by(NumeroInutilizar.serie, NumeroInutilizar.numero).all())
    historico = db.session.query(InutilizacaoNFe).order_by(InutilizacaoNFe.id.desc()).limit(50).all()
    return render_template("nfe/eventos_inutilizacao.html", pendentes=pendentes, historico=historico)


@bp.post("/inutilizacao")
@login_required
def inutilizar():
    try:
        resultados = inutilizacao.inutilizar_pendentes(request.form.get("justificativa") or None)
    except protocolos.SefazImpossivel as erro:
        flash(str(erro), "danger")
        return redirect(url_for("nfe.inutilizacoes"))
    if not resultados:
        flash("Nenhum número pendente de inutilização.", "info")
    for r in resultados:
        categoria = "success" if r.resultado == "inutilizada" else "danger"
        flash(f"Série {r.serie}, nº {r.faixa}: {r.resultado}. {r.motivo or ''}", categoria)
    return redirect(url_for("nfe.inutilizacoes"))


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
