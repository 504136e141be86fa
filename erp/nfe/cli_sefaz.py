"""Comandos da comunicação com a SEFAZ: `flask nfe transmitir|consultar|cancelar|cce|inutilizar|danfe|
status-servico` e `flask sandbox sefaz` (o simulador)."""
import sys
from pathlib import Path

import click

from erp.nfe.cli import ecoar_json, ecoar_lote, ids_escolhidos, nfe_cli, saindo_com_erro
from erp.nfe.sefaz.erros import ErroSefaz
from erp.nfe.services import consulta, danfe, eventos, inutilizacao, protocolos, transmissao



@nfe_cli.command("transmitir")
@click.option("--pendentes", is_flag=True, help="Todas as NF-e assinadas (e confere as em processamento).")
@click.option("--notas", help="Números internos das NF-e (como na tela Notas), ex.: 1,2,3.")
@click.option("--json", "como_json", is_flag=True, help="Uma lista JSON com um objeto por NF-e.")
def transmitir(pendentes: bool, notas: str | None, como_json: bool) -> None:
    """Transmite as NF-e assinadas à SEFAZ (uma síncrona; várias em lote assíncrono)."""
    ids = ids_escolhidos(pendentes, notas, "notas", "NF-e", transmissao.notas_pendentes)
    with saindo_com_erro(protocolos.SefazImpossivel):
        resultados = transmissao.transmitir(ids)
    ecoar_lote(resultados, como_json, _linha_transmitida, transmissao.resumo)


def _linha_transmitida(r: transmissao.ResultadoTransmissao) -> str:
    detalhe = f" — {r.motivo}" if r.motivo else ""
    return f"NF-e nº {r.numero} (venda {r.venda}): {r.resultado.replace('_', ' ')}{detalhe}"


@nfe_cli.command("consultar")
@click.option("--nota", "nota_id", required=True, type=int, help="Número interno da NF-e.")
@click.option("--json", "como_json", is_flag=True)
def consultar(nota_id: int, como_json: bool) -> None:
    """Consulta a situação da NF-e na SEFAZ (e resolve a nota em processamento)."""
    with saindo_com_erro(protocolos.SefazImpossivel, ErroSefaz):
        dados = consulta.consultar(nota_id)
    if como_json:
        ecoar_json(dados)
    else:
        click.echo(f"NF-e nº {dados['numero']}: {dados['situacao_nome']} — SEFAZ {dados['cstat']}: {dados['motivo']}")


def _comando_de_evento(nome: str, funcao, opcao: str, ajuda: str, descricao: str):
    """`flask nfe <nome> --nota N --<opcao> TEXTO [--json]`: registra o evento `funcao(nota_id, texto)`."""
    @nfe_cli.command(nome, help=descricao)
    @click.option("--nota", "nota_id", required=True, type=int)
    @click.option(f"--{opcao}", "texto", required=True, help=ajuda)
    @click.option("--json", "como_json", is_flag=True)
    def comando(nota_id: int, texto: str, como_json: bool) -> None:
        with saindo_com_erro(eventos.EventoRecusado, protocolos.SefazImpossivel):
            resultado = funcao(nota_id, texto)
        if como_json:
            ecoar_json(resultado.como_dict())
        else:
            click.echo(resultado.mensagem)
    return comando


cancelar = _comando_de_evento("cancelar", eventos.cancelar, "justificativa", "De 15 a 255 caracteres.",
                              "Cancela a NF-e autorizada (até 24 horas depois da autorização).")
cce = _comando_de_evento("cce", eventos.carta_correcao, "correcao",
                         "O texto completo da correção (15 a 1000 caracteres).",
                         "Registra uma carta de correção (substitui as anteriores).")


@nfe_cli.command("inutilizar")
@click.option("--json", "como_json", is_flag=True)
def inutilizar(como_json: bool) -> None:
    """Inutiliza na SEFAZ os números pendentes (notas descartadas ou rejeitadas)."""
    with saindo_com_erro(protocolos.SefazImpossivel):
        resultados = inutilizacao.inutilizar_pendentes()
    if como_json:
        ecoar_json([r.como_dict() for r in resultados])
        return
    if not resultados:
        click.echo("Nenhum número pendente de inutilização.")
    for r in resultados:
        click.echo(f"Série {r.serie}, nº {r.faixa}: {r.resultado}" + (f" — {r.motivo}" if r.motivo else ""))


@nfe_cli.command("danfe")
@click.option("--nota", "nota_id", required=True, type=int)
@click.option("--saida", required=True, type=click.Path(dir_okay=False), help="Arquivo PDF a gravar.")
def gerar_danfe(nota_id: int, saida: str) -> None:
    """Gera o DANFE (PDF) da NF-e autorizada."""
    with saindo_com_erro(danfe.DanfeIndisponivel):
        pdf = danfe.gerar_pdf(nota_id)
    destino = Path(saida)
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_bytes(pdf)
    click.echo(f"DANFE gravado em {saida} ({len(pdf)} bytes).")


@nfe_cli.command("status-servico")
def status_servico() -> None:
    """Pergunta à SEFAZ da UF da empresa se o serviço de NF-e está em operação."""
    with saindo_com_erro(protocolos.SefazImpossivel, ErroSefaz), protocolos.cliente_sem_certificado() as sefaz:
        retorno = sefaz.status()
        endereco = sefaz.url("NFeStatusServico4")
    click.echo(f"SEFAZ {retorno.cstat}: {retorno.motivo}" + (f" — {retorno.observacao}" if retorno.observacao else ""))
    click.echo(f"Endereço: {endereco}")
    if not retorno.em_operacao:
        sys.exit(2)


@nfe_cli.command("enderecos")
@click.option("--uf", help="Só esta UF (sigla).")
@click.option("--ambiente", type=click.Choice(["homologacao", "producao"]), help="Só este ambiente.")
@click.option("--contingencia", is_flag=True, help="Os endereços da SVC (SVC-AN ou SVC-RS) de cada UF.")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def enderecos(uf: str | None, ambiente: str | None, contingencia: bool, como_json: bool) -> None:
    """Endereços dos web services da NF-e 4.00 (modelo 55) por UF, ambiente e serviço."""
    import json

    from erp.nfe.sefaz import autorizadores

    try:
        linhas = autorizadores.enderecos(uf=uf, ambiente=ambiente, contingencia=contingencia)
    except autorizadores.ErroEndereco as erro:
        raise click.ClickException(str(erro)) from None
    if como_json:
        click.echo(json.dumps(linhas, ensure_ascii=False))
        return
    for linha in linhas:
        click.echo(f"{linha['uf']}  {linha['ambiente']:<11} {linha['autorizador']:<7} {linha['servico']:<22} "
                   f"{linha['url']}")
