"""Tela Empresa: o emitente, o certificado A1 e a tabela de alíquotas por UF. Tudo aqui é de administrador
(`somente_admin`: 403 para os demais, em GET e POST)."""
from flask import flash, redirect, render_template, request, url_for

from erp.extensions import db
from erp.nfe import forms
from erp.nfe.fiscal.tabelas import CODIGOS_UF
from erp.nfe.models import AMBIENTES, REGIMES
from erp.nfe.services import aliquotas, certificado, ibpt
from erp.nfe.services import empresa as empresas
from erp.nfe.services.erros import CertificadoRecusado
from erp.nfe.views.blueprint import bp
from erp.usuarios.acesso import somente_admin


def _tela_empresa(valores=None, erros=None, status=200):
    empresa = empresas.obter()
    return render_template(
        "nfe/empresa.html", empresa=empresa,
        valores=valores or forms.valores_para_tela(empresas.valores_atuais(empresa)), percentual=forms.percentual,
        erros=erros or {}, situacao_certificado=certificado.situacao(empresa),
        aliquotas=aliquotas.listar(), ufs=sorted(CODIGOS_UF), ambientes=AMBIENTES, regimes=REGIMES,
        csosns=empresas.CSOSNS, csts_icms=empresas.CSTS_ICMS, csts_pis_cofins=empresas.CSTS_PIS_COFINS,
        csts_ipi=empresas.CSTS_IPI, regimes_pis_cofins=empresas.REGIMES_PIS_COFINS,
        modos_ibs_cbs=empresas.MODOS_IBS_CBS, ibpt=ibpt.situacao(),
    ), status


@bp.get("/empresa")
@somente_admin
def empresa():
    return _tela_empresa()


@bp.post("/empresa")
@somente_admin
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
@somente_admin
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
@somente_admin
def salvar_aliquotas():
    try:
        aliquotas.salvar(forms.aliquotas_uf(request.form))
    except aliquotas.AliquotasInvalidas as erro:
        flash(f"Alíquotas não salvas: {erro}", "danger")
        return redirect(url_for("nfe.empresa", _anchor="aliquotas"))
    flash("Tabela de alíquotas por UF salva.", "success")
    return redirect(url_for("nfe.empresa", _anchor="aliquotas"))


@bp.post("/empresa/ibpt")
@somente_admin
def carregar_ibpt():
    arquivo = request.files.get("arquivo")
    empresa = empresas.obter()
    try:
        resultado = ibpt.carregar(arquivo.read() if arquivo else b"", empresa.uf if empresa else "")
    except ibpt.TabelaIbptInvalida as erro:
        db.session.rollback()
        flash(f"Tabela do IBPT recusada: {erro}", "danger")
        return redirect(url_for("nfe.empresa", _anchor="ibpt"))
    flash(f"Tabela do IBPT carregada: {resultado.linhas} linhas"
          + (f", {len(resultado.erros)} recusadas." if resultado.erros else "."), "success")
    return redirect(url_for("nfe.empresa", _anchor="ibpt"))
