"""Comandos `flask empresa ...` e `flask nfe ...` (a parte da SEFAZ em cli_sefaz.py)."""
import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from flask.cli import AppGroup

from erp.comum.formatos import data, documento
from erp.nfe.services import certificado, emissao, notas
from erp.nfe.services import empresa as empresas
from erp.nfe.services.erros import CertificadoRecusado

empresa_cli = AppGroup("empresa", help="Empresa emitente das NF-e.")
nfe_cli = AppGroup("nfe", help="Notas fiscais eletrônicas (NF-e modelo 55).")


def sair_com_erro(mensagem: str) -> None:
    click.echo(f"Erro: {mensagem}", err=True)
    sys.exit(1)


@contextmanager
def saindo_com_erro(*tipos):
    """Um erro de `tipos` encerra o comando com a mensagem dele (código de saída 1)."""
    try:
        yield
    except tipos as erro:
        sair_com_erro(str(erro))


def ecoar_json(dados) -> None:
    click.echo(json.dumps(dados, ensure_ascii=False))


def ids_escolhidos(pendentes: bool, lista: str | None, opcao: str, o_que: str, pendentes_de) -> list[int]:
    """Os ids de `--pendentes` (`pendentes_de()`) ou de `--<opcao> 1,2,3` — um dos dois."""
    if pendentes == bool(lista):
        raise click.UsageError(f"Use --pendentes ou --{opcao} 1,2,3 (um dos dois).")
    if pendentes:
        return pendentes_de()
    try:
        return [int(p) for p in lista.replace(" ", "").split(",") if p]
    except ValueError:
        raise click.BadParameter(f"use números de {o_que} separados por vírgula, ex.: 1,2,3",
                                 param_hint=f"--{opcao}") from None


def ecoar_lote(resultados: list, como_json: bool, linha, resumo) -> None:
    """Uma lista JSON com um objeto por resultado, ou `linha(r)` de cada um e o `resumo(resultados)`."""
    if como_json:
        ecoar_json([r.como_dict() for r in resultados])
        return
    for r in resultados:
        click.echo(linha(r))
    click.echo(resumo(resultados))


@empresa_cli.command("configurar")
@click.option("--arquivo", required=True, type=click.Path(exists=True, dir_okay=False),
              help="JSON com os dados da empresa.")
def configurar(arquivo: str) -> None:
    """Cria ou atualiza a empresa emitente a partir de um JSON."""
    try:
        dados = json.loads(Path(arquivo).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as erro:
        sair_com_erro(f"o arquivo {arquivo} não é um JSON válido ({erro}).")
    if not isinstance(dados, dict):
        sair_com_erro("o JSON deve ser um objeto com os campos da empresa.")
    try:
        empresa, avisos = empresas.configurar(dados)
    except empresas.EmpresaInvalida as erro:
        for campo, mensagem in erro.erros.items():
            click.echo(f"Erro em {campo}: {mensagem}", err=True)
        sys.exit(1)
    proximo = empresas.valores_atuais(empresa)["proximo_numero"]
    click.echo(f"Empresa {empresa.razao_social} ({documento(empresa.cnpj)}) configurada: "
               f"{empresa.regime_nome}, série {empresa.serie}, próximo número {proximo}, "
               f"ambiente de {empresa.ambiente_nome.lower()}.")
    for aviso in avisos:
        click.echo(f"Aviso: {aviso}")


@empresa_cli.command("certificado")
@click.option("--arquivo", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Certificado A1 (.pfx ou .p12).")
@click.option("--senha", required=True, help="Senha do certificado.")
def enviar_certificado(arquivo: str, senha: str) -> None:
    """Guarda o certificado A1 da empresa (cifrado), depois de conferir senha, CNPJ e validade."""
    empresa = empresas.obter()
    if empresa is None:
        sair_com_erro("configure a empresa antes (flask empresa configurar --arquivo empresa.json).")
    with saindo_com_erro(CertificadoRecusado):
        certificado.salvar(empresa, Path(arquivo).read_bytes(), senha)
    click.echo(f"Certificado de {certificado.titular_formatado(empresa)} guardado; "
               f"válido de {data(empresa.certificado_valido_de)} a {data(empresa.certificado_valido_ate)}.")
    situacao = certificado.situacao(empresa)
    if situacao and situacao.aviso:
        click.echo(f"Aviso: {situacao.aviso}")


@nfe_cli.command("gerar")
@click.option("--pendentes", is_flag=True, help="Todas as vendas prontas para faturar sem NF-e.")
@click.option("--vendas", help="Números das vendas (como em `vendas listar`), ex.: 1,2,3.")
@click.option("--json", "como_json", is_flag=True, help="Um objeto JSON por venda.")
def gerar(pendentes: bool, vendas: str | None, como_json: bool) -> None:
    """Gera, valida e assina as NF-e das vendas."""
    ids = ids_escolhidos(pendentes, vendas, "vendas", "venda", emissao.vendas_pendentes)
    with saindo_com_erro(emissao.EmissaoImpossivel):
        resultados = emissao.gerar(ids)
    ecoar_lote(resultados, como_json, _linha_gerada, emissao.resumo)


def _linha_gerada(r: emissao.Resultado) -> str:
    if r.sucesso:
        return f"Venda {r.venda}: NF-e nº {r.numero} série {r.serie} assinada — chave {r.chave}"
    return f"Venda {r.venda}: falhou — {r.motivo}"


@nfe_cli.command("exportar")
@click.option("--destino", required=True, type=click.Path(file_okay=False), help="Pasta de destino.")
def exportar(destino: str) -> None:
    """Grava o XML atual de cada NF-e em DESTINO/<chave>.xml."""
    arquivos = notas.exportar(destino)
    click.echo(f"{len(arquivos)} XML gravado(s) em {destino}.")
