"""Linha de comando: flask --app wsgi produtos importar | estoque | exportar."""
import json
from pathlib import Path

import click
from flask.cli import AppGroup

from erp.extensions import db

produtos_cli = AppGroup("produtos", help="Catálogo de produtos: planilha, estoque e exportação para a Tray.")


@produtos_cli.command("importar")
@click.option("--arquivo", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV UTF-8 com cabeçalho.")
@click.option("--imagens", "pasta_imagens", default=None,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Pasta das imagens da coluna imagens (além da pasta da planilha).")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def importar(arquivo: Path, pasta_imagens: Path | None, como_json: bool) -> None:
    """Carrega (ou recarrega) o catálogo de uma planilha CSV.

    Imagens em arquivo só de dentro da pasta da planilha ou da pasta de --imagens."""
    from erp.produtos.planilha import ErroPlanilha, importar_planilha

    try:
        resultado = importar_planilha(arquivo.read_bytes(), pasta_base=arquivo.resolve().parent,
                                      pasta_imagens=pasta_imagens.resolve() if pasta_imagens else None)
    except ErroPlanilha as erro:
        if como_json:
            click.echo(json.dumps({"criados": 0, "atualizados": 0,
                                   "erros": [{"linha": 1, "referencia": "", "motivo": str(erro)}]},
                                  ensure_ascii=False))
        else:
            click.echo(f"Planilha recusada: {erro}", err=True)
        raise SystemExit(1)
    if como_json:
        click.echo(json.dumps(resultado.como_dict(), ensure_ascii=False))
        return
    click.echo(f"Planilha carregada: {resultado.criados} criado(s), {resultado.atualizados} atualizado(s), "
               f"{len(resultado.erros)} linha(s) com erro.")
    for erro in resultado.erros:
        click.echo(f"  linha {erro['linha']} ({erro['referencia'] or 'sem referência'}): {erro['motivo']}")


@produtos_cli.command("estoque")
@click.option("--referencia", required=True, help="Referência (SKU) do produto ou da variação.")
@click.option("--quantidade", required=True, type=int, help="Novo estoque (valor absoluto).")
def estoque(referencia: str, quantidade: int) -> None:
    """Define o estoque de um produto ou variação (registra o movimento e avisa as lojas)."""
    from erp.produtos.estoque import definir_estoque
    from erp.produtos.services import por_referencia

    produto, variacao = por_referencia(referencia.strip())
    if produto is None:
        raise click.ClickException(f"Nenhum produto ou variação com a referência {referencia}")
    if variacao is None and produto.variacoes:
        raise click.ClickException(f"{referencia} tem variações: informe a referência de uma variação")
    movimento = definir_estoque(produto, variacao, quantidade, "ajuste", referencia="linha de comando")
    db.session.commit()
    click.echo(f"Estoque de {referencia}: {movimento.anterior} → {movimento.novo}")


@produtos_cli.command("exportar")
@click.option("--loja", "loja_id", required=True, type=int, help="Id da loja virtual.")
@click.option("--todos", is_flag=True, help="Exporta todos os produtos do catálogo.")
@click.option("--referencias", default="", help="Referências separadas por vírgula (A,B).")
@click.option("--json", "como_json", is_flag=True, help="Um objeto JSON por produto.")
def exportar(loja_id: int, todos: bool, referencias: str, como_json: bool) -> None:
    """Exporta produtos para a loja Tray (cria ou atualiza, com variações, imagens e estoque)."""
    from erp.lojas_virtuais.models import LojaVirtual
    from erp.produtos.exportacao.lote import criar_tarefa, executar_exportacao, ids_do_filtro, resumo
    from erp.produtos.models import Produto

    loja = db.session.get(LojaVirtual, loja_id)
    if loja is None:
        raise click.ClickException(f"Loja {loja_id} não encontrada")
    refs = [r.strip() for r in referencias.split(",") if r.strip()]
    if todos == bool(refs):
        raise click.ClickException("Use --todos ou --referencias A,B (um dos dois)")
    if todos:
        ids = ids_do_filtro(loja.id)
    else:
        achados = {p.referencia: p.id for p in db.session.query(Produto).filter(Produto.referencia.in_(refs))}
        faltando = [r for r in refs if r not in achados]
        if faltando:
            raise click.ClickException(f"Referência(s) não encontrada(s): {', '.join(faltando)}")
        ids = [achados[r] for r in refs]
    tarefa = criar_tarefa(loja, ids)
    resultados = executar_exportacao(tarefa.id)
    if como_json:
        for r in resultados:
            click.echo(json.dumps(r.como_dict(), ensure_ascii=False))
        return
    for r in resultados:
        extra = f" — {r.motivo}" if r.motivo else ""
        click.echo(f"{r.referencia}: {r.rotulo}{' (Tray ' + r.produto_tray + ')' if r.produto_tray else ''}{extra}")
    click.echo(resumo(resultados))
    if any(not r.sucesso for r in resultados):
        raise SystemExit(1)


@produtos_cli.command("estoque-tray")
@click.option("--loja", "loja_id", type=int, help="Só esta loja (id no ERP).")
@click.option("--comparar", is_flag=True, help="Compara agora com a Tray antes de listar (só leituras).")
@click.option("--mestre", type=click.Choice(["erp", "tray"]), help="Quem manda no estoque da loja (com --loja).")
@click.option("--resolver", "diferenca_id", type=int, help="Id da diferença a resolver (com --acao).")
@click.option("--acao", type=click.Choice(["enviar_erp", "adotar_tray", "ignorar"]), help="Decisão da diferença.")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def estoque_tray_cmd(loja_id: int | None, comparar: bool, mestre: str | None, diferenca_id: int | None,
                     acao: str | None, como_json: bool) -> None:
    """Diferenças abertas entre o estoque do ERP e o das lojas Tray. Só --resolver escreve (no ERP, ou na loja com
    --acao enviar_erp); --comparar só lê a Tray."""
    from erp.lojas_virtuais.models import LojaVirtual
    from erp.produtos import estoque_tray

    if mestre:
        loja = db.session.get(LojaVirtual, loja_id) if loja_id else None
        if loja is None:
            raise click.UsageError("--mestre pede --loja com o id de uma loja cadastrada.")
        estoque_tray.definir_mestre(loja, mestre)
    if diferenca_id is not None:
        if not acao:
            raise click.UsageError("--resolver pede --acao enviar_erp, adotar_tray ou ignorar.")
        try:
            estoque_tray.resolver(diferenca_id, acao)
        except estoque_tray.DecisaoInvalida as erro:
            click.echo(json.dumps({"erro": str(erro)}, ensure_ascii=False) if como_json else str(erro))
            return
    resumos = []
    if comparar:
        resumos = [estoque_tray.comparar_loja(loja_id)] if loja_id else estoque_tray.comparar_todas()
    diferencas = [estoque_tray.diferenca_como_dict(d)
                  for d in db.session.scalars(estoque_tray.consulta_diferencas(loja_id))]
    if como_json:
        saida = {"diferencas": diferencas}
        if comparar:
            saida["comparacao"] = resumos[0].como_dict() if loja_id else [r.como_dict() for r in resumos]
        click.echo(json.dumps(saida, ensure_ascii=False))
        return
    for r in resumos:
        click.echo(f"Loja {r.loja}: {r.conferidos} conferido(s), {r.diferentes} diferente(s).")
    for d in diferencas:
        click.echo(f"{d['referencia']}: ERP {d['estoque_erp']} · Tray {d['estoque_tray']} "
                   f"(proposta: {d['acao_proposta']})")
    if not diferencas:
        click.echo("Nenhuma diferença aberta.")
