"""Telas de NF-e: Emitir (lote), Notas, download do XML e Empresa."""
import io

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import login_required

from erp.comum.paginacao import paginar
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.nfe import forms, tasks
from erp.nfe.fiscal.tabelas import CODIGOS_UF
from erp.nfe.models import AMBIENTES, REGIMES, SITUACOES_NOTA, NotaFiscal
from erp.nfe.services import aliquotas, certificado, notas
from erp.nfe.services import empresa as empresas
from erp.nfe.services.erros import CertificadoRecusado
from erp.nfe.views.blueprint import bp
from erp.tarefas import services as tarefas


def _por_pagina() -> int:
    return current_app.config.get("ITENS_POR_PAGINA", 30)


@bp.get("/")
@login_required
def inicio():
    return redirect(url_for("nfe.emitir"))


@bp.get("/emitir")
@login_required
def emitir():
    filtros = notas.FiltrosEmissao.de_dict(request.args)
    pagina = paginar(notas.vendas_para_faturar(filtros), request.args.get("pagina"), _por_pagina())
    ids = [v.id for v in pagina.items]
    tarefa = tarefas.obter(request.args.get("tarefa", type=int)) if request.args.get("tarefa") else None
    return render_template(
        "nfe/emitir.html", pagina=pagina, filtros=filtros, tarefa=tarefa,
        notas_por_venda=notas.ultima_nota_por_venda(ids), falhas=notas.ultima_falha_por_venda(ids),
        lojas=db.session.query(LojaVirtual).order_by(LojaVirtual.nome).all(), ufs=sorted(CODIGOS_UF),
        opcoes_nfe=notas.FILTROS_NFE, empresa=empresas.obter(),
        args={k: v for k, v in request.args.items() if k not in ("pagina", "tarefa") and v},
    )


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


@bp.get("/notas")
@login_required
def lista_notas():
    situacao = request.args.get("situacao", "")
    busca = request.args.get("busca", "").strip()
    pagina = paginar(notas.listar_notas(situacao, busca), request.args.get("pagina"), _por_pagina())
    return render_template("nfe/notas.html", pagina=pagina, situacao=situacao, busca=busca,
                           situacoes=SITUACOES_NOTA,
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


def _tela_empresa(valores=None, erros=None, status=200):
    empresa = empresas.obter()
    return render_template(
        "nfe/empresa.html", empresa=empresa,
        valores=valores or forms.valores_para_tela(empresas.valores_atuais(empresa)), percentual=forms.percentual,
        erros=erros or {}, situacao_certificado=certificado.situacao(empresa),
        aliquotas=aliquotas.listar(), ufs=sorted(CODIGOS_UF), ambientes=AMBIENTES, regimes=REGIMES,
        csosns=empresas.CSOSNS, csts_icms=empresas.CSTS_ICMS, csts_pis_cofins=empresas.CSTS_PIS_COFINS,
        csts_ipi=empresas.CSTS_IPI, regimes_pis_cofins=empresas.REGIMES_PIS_COFINS,
    ), status


@bp.get("/empresa")
@login_required
def empresa():
    return _tela_empresa()


@bp.post("/empresa")
@login_required
def salvar_empresa():
    dados = forms.dados_empresa(request.form)
    try:
        _, avisos = empresas.configurar(dados)
    except empresas.EmpresaInvalida as erro:
        flash("Corrija os campos destacados.", "danger")
        return _tela_empresa(dados, erro.erros, 422)
    flash("Dados da empresa salvos.", "success")
    for aviso in avisos:
        flash(aviso, "warning")
    return redirect(url_for("nfe.empresa"))


@bp.post("/empresa/certificado")
@login_required
def enviar_certificado():
    empresa = empresas.obter()
    if empresa is None:
        flash("Salve os dados da empresa antes de enviar o certificado.", "warning")
        return redirect(url_for("nfe.empresa"))
    arquivo = request.files.get("arquivo")
    try:
        certificado.salvar(empresa, arquivo.read() if arquivo else b"", request.form.get("senha", ""))
    except CertificadoRecusado as erro:
        db.session.rollback()
        flash(f"Certificado recusado: {erro}", "danger")
        return redirect(url_for("nfe.empresa"))
    flash(f"Certificado de {certificado.titular_formatado(empresa)} guardado.", "success")
    return redirect(url_for("nfe.empresa"))


@bp.post("/empresa/aliquotas")
@login_required
def salvar_aliquotas():
    try:
        aliquotas.salvar(forms.aliquotas_uf(request.form))
    except aliquotas.AliquotasInvalidas as erro:
        flash(f"Alíquotas não salvas: {erro}", "danger")
        return redirect(url_for("nfe.empresa", _anchor="aliquotas"))
    flash("Tabela de alíquotas por UF salva.", "success")
    return redirect(url_for("nfe.empresa", _anchor="aliquotas"))


