"""Tela Eventos da nota: cancelamento, carta de correção e o XML de cada evento."""
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import login_required

from erp.extensions import db
from erp.nfe.models import EventoNFe, NotaFiscal
from erp.nfe.services import eventos, protocolos
from erp.nfe.views.blueprint import bp


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
    """Primeiro a confirmação (a nota, o cliente, o valor e a justificativa, que ainda pode ser corrigida);
    só o botão da confirmação (`confirmado=sim`) vai à SEFAZ."""
    if request.form.get("confirmado") == "sim":
        return _evento(eventos.cancelar, nota_id, "justificativa")
    db.get_or_404(NotaFiscal, nota_id)
    try:
        nota, justificativa = eventos.conferir_cancelamento(nota_id, request.form.get("justificativa", ""))
    except eventos.EventoRecusado as erro:
        flash(str(erro), "danger")
        return redirect(url_for("nfe.eventos_da_nota", nota_id=nota_id))
    return render_template("nfe/cancelar_confirmacao.html", nota=nota, justificativa=justificativa)


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
