"""Tela da planilha do catálogo: carga de um CSV e o modelo para baixar."""
from flask import Response, flash, render_template, request
from flask_login import login_required

from erp.produtos.planilha import ErroPlanilha, importar_planilha, modelo_csv
from erp.produtos.views.catalogo import bp


@bp.route("/planilha", methods=["GET", "POST"])
@login_required
def planilha():
    resultado, erro = None, None
    if request.method == "POST":
        arquivo = request.files.get("arquivo")
        if not arquivo or not arquivo.filename:
            erro = "Escolha o arquivo CSV."
        else:
            try:
                resultado = importar_planilha(arquivo.read())
            except ErroPlanilha as falha:
                erro = str(falha)
        if erro:
            flash(erro, "error")
        elif resultado is not None:
            flash(f"Planilha carregada: {resultado.criados} criado(s), {resultado.atualizados} atualizado(s), "
                  f"{len(resultado.erros)} linha(s) com erro.", "warning" if resultado.erros else "success")
    return render_template("produtos/planilha.html", resultado=resultado)


@bp.get("/planilha/modelo.csv")
@login_required
def planilha_modelo():
    return Response(modelo_csv(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=produtos-modelo.csv"})
