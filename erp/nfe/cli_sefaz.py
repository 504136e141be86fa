"""Comandos da comunicação com a SEFAZ: `flask nfe transmitir|consultar|cancelar|cce|inutilizar|danfe|
status-servico` e `flask sandbox sefaz` (o simulador)."""
import json
import socket
import sys
from pathlib import Path

import click

from erp.nfe.cli import nfe_cli
from erp.nfe.sefaz.erros import ErroSefaz
from erp.nfe.services import consulta, danfe, eventos, inutilizacao, protocolos, transmissao
from erp.sandbox.cli import sandbox_cli

PORTA_SIMULADOR = 5056


def _sair_com_erro(mensagem: str) -> None:
    click.echo(f"Erro: {mensagem}", err=True)
    sys.exit(1)


def _json(dados) -> None:
    click.echo(json.dumps(dados, ensure_ascii=False))


def _ids(texto: str) -> list[int]:
    try:
        return [int(p) for p in texto.replace(" ", "").split(",") if p]
    except ValueError:
        raise click.BadParameter("use números de NF-e separados por vírgula, ex.: 1,2,3",
                                 param_hint="--notas") from None


@nfe_cli.command("transmitir")
@click.option("--pendentes", is_flag=True, help="Todas as NF-e assinadas (e confere as em processamento).")
@click.option("--notas", help="Números internos das NF-e (como na tela Notas), ex.: 1,2,3.")
@click.option("--json", "como_json", is_flag=True, help="Uma lista JSON com um objeto por NF-e.")
def transmitir(pendentes: bool, notas: str | None, como_json: bool) -> None:
    """Transmite as NF-e assinadas à SEFAZ (uma síncrona; várias em lote assíncrono)."""
    if pendentes == bool(notas):
        raise click.UsageError("Use --pendentes ou --notas 1,2,3 (um dos dois).")
    ids = transmissao.notas_pendentes() if pendentes else _ids(notas)
    try:
        resultados = transmissao.transmitir(ids)
    except protocolos.SefazImpossivel as erro:
        _sair_com_erro(str(erro))
    if como_json:
        _json([r.como_dict() for r in resultados])
        return
    for r in resultados:
        detalhe = f" — {r.motivo}" if r.motivo else ""
        click.echo(f"NF-e nº {r.numero} (venda {r.venda}): {r.resultado.replace('_', ' ')}{detalhe}")
    autorizadas = sum(1 for r in resultados if r.sucesso)
    click.echo(f"{autorizadas} NF-e autorizada(s), {len(resultados) - autorizadas} não autorizada(s).")


@nfe_cli.command("consultar")
@click.option("--nota", "nota_id", required=True, type=int, help="Número interno da NF-e.")
@click.option("--json", "como_json", is_flag=True)
def consultar(nota_id: int, como_json: bool) -> None:
    """Consulta a situação da NF-e na SEFAZ (e resolve a nota em processamento)."""
    try:
        dados = consulta.consultar(nota_id)
    except (protocolos.SefazImpossivel, ErroSefaz) as erro:
        _sair_com_erro(str(erro))
    if como_json:
        _json(dados)
    else:
        click.echo(f"NF-e nº {dados['numero']}: {dados['situacao_nome']} — SEFAZ {dados['cstat']}: {dados['motivo']}")


def _evento(funcao, nota_id: int, texto: str, como_json: bool) -> None:
    try:
        resultado = funcao(nota_id, texto)
    except (eventos.EventoRecusado, protocolos.SefazImpossivel) as erro:
        _sair_com_erro(str(erro))
    if como_json:
        _json(resultado.como_dict())
        return
    if resultado.resultado == "registrado":
        click.echo(f"{resultado.titulo} na SEFAZ: protocolo {resultado.protocolo}.")
    elif resultado.resultado == "rejeitado":
        click.echo(f"{resultado.titulo}: {resultado.motivo}")
    else:
        click.echo(f"{resultado.como_dict()['evento']} sem resposta da SEFAZ: {resultado.motivo}")


@nfe_cli.command("cancelar")
@click.option("--nota", "nota_id", required=True, type=int)
@click.option("--justificativa", required=True, help="De 15 a 255 caracteres.")
@click.option("--json", "como_json", is_flag=True)
def cancelar(nota_id: int, justificativa: str, como_json: bool) -> None:
    """Cancela a NF-e autorizada (até 24 horas depois da autorização)."""
    _evento(eventos.cancelar, nota_id, justificativa, como_json)


@nfe_cli.command("cce")
@click.option("--nota", "nota_id", required=True, type=int)
@click.option("--correcao", required=True, help="O texto completo da correção (15 a 1000 caracteres).")
@click.option("--json", "como_json", is_flag=True)
def cce(nota_id: int, correcao: str, como_json: bool) -> None:
    """Registra uma carta de correção (substitui as anteriores)."""
    _evento(eventos.carta_correcao, nota_id, correcao, como_json)


@nfe_cli.command("inutilizar")
@click.option("--json", "como_json", is_flag=True)
def inutilizar(como_json: bool) -> None:
    """Inutiliza na SEFAZ os números pendentes (notas descartadas ou rejeitadas)."""
    try:
        resultados = inutilizacao.inutilizar_pendentes()
    except protocolos.SefazImpossivel as erro:
        _sair_com_erro(str(erro))
    if como_json:
        _json([r.como_dict() for r in resultados])
        return
    if not resultados:
        click.echo("Nenhum número pendente de inutilização.")
    for r in resultados:
        faixa = f"{r.inicio}" if r.inicio == r.fim else f"{r.inicio} a {r.fim}"
        click.echo(f"Série {r.serie}, nº {faixa}: {r.resultado}" + (f" — {r.motivo}" if r.motivo else ""))


@nfe_cli.command("danfe")
@click.option("--nota", "nota_id", required=True, type=int)
@click.option("--saida", required=True, type=click.Path(dir_okay=False), help="Arquivo PDF a gravar.")
def gerar_danfe(nota_id: int, saida: str) -> None:
    """Gera o DANFE (PDF) da NF-e autorizada."""
    try:
        pdf = danfe.gerar_pdf(nota_id)
    except danfe.DanfeIndisponivel as erro:
        _sair_com_erro(str(erro))
    destino = Path(saida)
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_bytes(pdf)
    click.echo(f"DANFE gravado em {saida} ({len(pdf)} bytes).")


@nfe_cli.command("status-servico")
def status_servico() -> None:
    """Pergunta à SEFAZ da UF da empresa se o serviço de NF-e está em operação."""
    try:
        with protocolos.cliente_sem_certificado() as sefaz:
            retorno = sefaz.status()
            endereco = sefaz.url("NFeStatusServico4")
    except (protocolos.SefazImpossivel, ErroSefaz) as erro:
        _sair_com_erro(str(erro))
    click.echo(f"SEFAZ {retorno.cstat}: {retorno.motivo}" + (f" — {retorno.observacao}" if retorno.observacao else ""))
    click.echo(f"Endereço: {endereco}")
    if not retorno.em_operacao:
        sys.exit(2)


@sandbox_cli.command("sefaz", with_appcontext=False)
@click.option("--porta", type=int, default=PORTA_SIMULADOR, show_default=True, help="Porta em 127.0.0.1.")
@click.option("--consultas-em-processamento", type=int, default=1, show_default=True,
              help="Quantas consultas de recibo respondem 105 antes do lote sair processado.")
@click.option("--producao", is_flag=True, help="Simula o ambiente de produção (tpAmb=1).")
def sefaz(porta: int, consultas_em_processamento: int, producao: bool) -> None:
    """Sobe a SEFAZ simulada (NF-e 4.00, SOAP 1.2) em primeiro plano (Ctrl+C encerra)."""
    from erp.sandbox.sefaz.servidor import HOST, criar_simulador

    try:
        with socket.socket() as teste:  # o werkzeug encerraria o processo sem dizer o motivo em português
            teste.bind((HOST, porta))
        simulador = criar_simulador(porta, registrar_acessos=True, ambiente=1 if producao else 2,
                                    consultas_em_processamento=consultas_em_processamento)
    except OSError as erro:
        raise click.ClickException(f"Não foi possível abrir a porta {porta}: {erro}") from None
    click.echo("SEFAZ simulada no ar.")
    click.echo(f"  SEFAZ_URL:  {simulador.url}")
    click.echo(f"  Ambiente:   {'produção' if producao else 'homologação'}")
    click.echo(f"  Inspeção:   {simulador.url}/_sandbox/notas, /_sandbox/requisicoes, /_sandbox/falhas, ...")
    try:
        simulador.servidor.serve_forever()
    except KeyboardInterrupt:
        click.echo("Encerrando.")
    finally:
        simulador.estado.parando.set()
        simulador.servidor.server_close()
