"""Comandos `flask empresa ...` e `flask nfe ...`."""
import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from flask.cli import AppGroup

from erp.comum.formatos import data, documento
from erp.nfe.sefaz import autorizadores
from erp.nfe.sefaz.erros import ErroSefaz
from erp.nfe.services import (
    certificado, consulta, contingencia, danfe, emissao, eventos, ibpt, inutilizacao, notas, protocolos,
    transmissao,
)
from erp.nfe.services import empresa as empresas
from erp.nfe.services.status_servico import verificar_status
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


def _linha_gerada(r: emissao.ResultadoGeracao) -> str:
    if r.sucesso:
        return f"Venda {r.venda}: NF-e nº {r.numero} série {r.serie} assinada — chave {r.chave}"
    return f"Venda {r.venda}: falhou — {r.motivo}"


@nfe_cli.command("exportar")
@click.option("--destino", type=click.Path(file_okay=False), help="Pasta: o XML atual de cada NF-e, <chave>.xml.")
@click.option("--mes", help="Competência AAAA-MM: os XML do mês para o contador (com --zip).")
@click.option("--zip", "arquivo_zip", type=click.Path(dir_okay=False, writable=True), help="ZIP a criar (com --mes).")
@click.option("--ambiente", type=click.Choice(["homologacao", "producao"]),
              help="Com --mes: o ambiente das notas (padrão: o atual da empresa).")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON (com --mes).")
def exportar(destino: str | None, mes: str | None, arquivo_zip: str | None, ambiente: str | None,
             como_json: bool) -> None:
    """Grava o XML atual de cada NF-e em DESTINO/<chave>.xml, ou, com --mes e --zip, o ZIP do contador."""
    if destino and not (mes or arquivo_zip or ambiente):
        arquivos = notas.exportar(destino)
        click.echo(f"{len(arquivos)} XML gravado(s) em {destino}.")
        return
    if destino or not (mes and arquivo_zip):
        raise click.UsageError("Use --destino PASTA, ou --mes AAAA-MM --zip ARQUIVO.zip.")
    exportar_mes(mes, arquivo_zip, ambiente, como_json)


# -- SEFAZ: transmissão, consulta, eventos, inutilização, DANFE e endereços --------------------
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
@click.option("--json", "como_json", is_flag=True, help="Uma lista JSON com um objeto por autorizador.")
def status_servico(como_json: bool) -> None:
    """Pergunta a cada autorizador que a empresa usa (o da UF e a SVC) se o serviço de NF-e está em operação.

    Código de saída 2 quando o autorizador da UF não está em operação."""
    with saindo_com_erro(protocolos.SefazImpossivel):
        linhas = verificar_status()
    if como_json:
        ecoar_json(linhas)
    else:
        for linha in linhas:
            papel = "contingência" if linha["contingencia"] else "autorizador"
            resposta = (f"SEFAZ {linha['cstat']}: {linha['motivo']}" if linha["cstat"] is not None
                        else f"sem resposta: {linha['motivo']}")
            click.echo(f"{linha['autorizador']} ({papel}): {resposta}"
                       + (f" — {linha['observacao']}" if linha["observacao"] else ""))
            click.echo(f"  Endereço: {linha['url']}")
    if not linhas[0]["em_operacao"]:
        sys.exit(2)


@nfe_cli.group("contingencia")
def contingencia_cli() -> None:
    """Contingência SVC (SVC-AN ou SVC-RS): entrar, sair e ver a situação."""


def _ecoar_contingencia(como_json: bool) -> None:
    dados = contingencia.situacao()
    if como_json:
        ecoar_json(dados)
    elif dados["ativa"]:
        click.echo(f"Em contingência na {dados['svc']} (tpEmis {dados['tp_emis']}) desde {dados['desde']}"
                   f"{' (entrada automática)' if dados['automatica'] else ''}: {dados['justificativa']}")
    else:
        click.echo(f"Emissão normal ({dados['autorizador'] or 'sem empresa'}); "
                   f"a SVC da UF é {dados['svc'] or '—'}. "
                   f"Entrada automática {'ligada' if dados['automatica_ligada'] else 'desligada'}.")


@contingencia_cli.command("entrar")
@click.option("--justificativa", required=True, help="Motivo da entrada (xJust), de 15 a 256 caracteres.")
@click.option("--json", "como_json", is_flag=True)
def contingencia_entrar(justificativa: str, como_json: bool) -> None:
    """Passa a emitir na SVC da UF; as NF-e assinadas são refeitas (nova chave, mesmo número)."""
    with saindo_com_erro(contingencia.ContingenciaRecusada, emissao.EmissaoImpossivel):
        contingencia.entrar(justificativa)
    _ecoar_contingencia(como_json)


@contingencia_cli.command("sair")
@click.option("--json", "como_json", is_flag=True)
def contingencia_sair(como_json: bool) -> None:
    """Volta à SEFAZ autorizadora; as NF-e assinadas para a SVC e ainda não enviadas são refeitas."""
    with saindo_com_erro(contingencia.ContingenciaRecusada, emissao.EmissaoImpossivel):
        contingencia.sair()
    _ecoar_contingencia(como_json)


@contingencia_cli.command("situacao")
@click.option("--json", "como_json", is_flag=True)
def contingencia_situacao(como_json: bool) -> None:
    """Mostra se a emissão está em contingência, em qual SVC e desde quando."""
    _ecoar_contingencia(como_json)


@contingencia_cli.command("automatica")
@click.option("--ligar/--desligar", required=True, help="Entrar sozinho na SVC quando o autorizador cair.")
@click.option("--json", "como_json", is_flag=True)
def contingencia_automatica(ligar: bool, como_json: bool) -> None:
    """Liga ou desliga a entrada automática em contingência (108/109, falhas seguidas ou status parado)."""
    with saindo_com_erro(contingencia.ContingenciaRecusada):
        contingencia.ligar_automatica(ligar)
    _ecoar_contingencia(como_json)


@nfe_cli.command("enderecos")
@click.option("--uf", help="Só esta UF (sigla).")
@click.option("--ambiente", type=click.Choice(["homologacao", "producao"]), help="Só este ambiente.")
@click.option("--contingencia", is_flag=True, help="Os endereços da SVC (SVC-AN ou SVC-RS) de cada UF.")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def enderecos(uf: str | None, ambiente: str | None, contingencia: bool, como_json: bool) -> None:
    """Endereços dos web services da NF-e 4.00 (modelo 55) por UF, ambiente e serviço."""
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


# -- Tabela do IBPT (Lei 12.741/2012) ----------------------------------------------------------
ibpt_cli = AppGroup("ibpt", help="Tabela do IBPT: valor aproximado dos tributos (vTotTrib).")
nfe_cli.add_command(ibpt_cli)


@ibpt_cli.command("carregar")
@click.argument("arquivo", type=click.Path(exists=True, dir_okay=False))
@click.option("--uf", default="", help="UF da tabela (padrão: a da empresa).")
@click.option("--json", "como_json", is_flag=True, help="Resultado em JSON.")
def ibpt_carregar(arquivo: str, uf: str, como_json: bool) -> None:
    """Carrega o CSV oficial do IBPT, substituindo a tabela anterior."""
    empresa = empresas.obter()
    with saindo_com_erro(ibpt.TabelaIbptInvalida):
        resultado = ibpt.carregar(Path(arquivo).read_bytes(), uf or (empresa.uf if empresa else ""))
    if como_json:
        ecoar_json(resultado.como_dict())
        return
    click.echo(f"Tabela do IBPT {resultado.versao} carregada: {resultado.linhas} linhas.")
    for erro in resultado.erros:
        click.echo(f"Linha {erro['linha']}: {erro['motivo']}")


@ibpt_cli.command("situacao")
@click.option("--json", "como_json", is_flag=True, help="Resultado em JSON.")
def ibpt_situacao(como_json: bool) -> None:
    """Diz se há tabela do IBPT, de que versão e até quando vale."""
    situacao = ibpt.situacao()
    if como_json:
        ecoar_json(situacao)
        return
    click.echo(situacao["mensagem"])


# -- arquivo dos XML e exportação ao contador ----------------------------------------------------------
arquivo_cli = AppGroup("arquivo", help="Arquivo dos XML autorizados (pasta ou S3), com SHA-256 no banco.")
nfe_cli.add_command(arquivo_cli)


@arquivo_cli.command("verificar")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def arquivo_verificar(como_json: bool) -> None:
    """Relê e refaz o SHA-256 de cada XML arquivado: aponta o que sumiu, mudou ou falta arquivar."""
    from erp.nfe.services import arquivo

    resultado = arquivo.verificar()
    if como_json:
        ecoar_json(resultado.como_dict())
        return
    click.echo(f"Arquivo: {resultado.armazem}")
    click.echo(f"{resultado.conferidos} XML conferidos, {resultado.ok} íntegros.")
    for caminho in resultado.ausentes:
        click.echo(f"AUSENTE  {caminho}")
    for caminho in resultado.alterados:
        click.echo(f"ALTERADO {caminho}")
    for item in resultado.ilegiveis:
        click.echo(f"ILEGÍVEL {item['caminho']}: {item['erro']}")
    if resultado.nao_arquivados:
        click.echo(f"{resultado.nao_arquivados} documento(s) ainda fora do arquivo: `flask nfe arquivo completar`.")
    click.echo("Arquivo íntegro." if resultado.integro else "Arquivo com problemas.")


@arquivo_cli.command("completar")
@click.option("--json", "como_json", is_flag=True, help="Saída em JSON.")
def arquivo_completar(como_json: bool) -> None:
    """Arquiva os XML que já existem no banco e ainda não estão no arquivo (notas, eventos, inutilizações)."""
    from erp.nfe.services import arquivo

    resultado = arquivo.completar()
    if como_json:
        ecoar_json(resultado.como_dict())
        return
    for caminho in resultado.arquivados:
        click.echo(f"arquivado {caminho}")
    for falha in resultado.falhas:
        click.echo(f"FALHOU    {falha['caminho']}: {falha['erro']}")
    click.echo(f"{len(resultado.arquivados)} XML arquivado(s), {len(resultado.falhas)} falha(s).")


def exportar_mes(mes: str, destino: str, ambiente: str | None, como_json: bool) -> None:
    """Os XML de um mês para o contador (NF-e, cancelamentos, cartas de correção, inutilizações) num ZIP."""
    from erp.nfe.services import arquivo

    try:
        arquivo.validar_mes(mes)
    except ValueError as erro:
        raise click.BadParameter(str(erro), param_hint="--mes") from None
    with saindo_com_erro(OSError):
        resultado = arquivo.exportar(mes, destino, ambiente)
    if como_json:
        ecoar_json(resultado.como_dict())
        return
    rotulos = {"nfe": "NF-e", "cancelamento": "cancelamentos", "carta_correcao": "cartas de correção",
               "inutilizacao": "inutilizações"}
    partes = ", ".join(f"{n} {rotulos[t]}" for t, n in resultado.quantidades.items())
    click.echo(f"{resultado.arquivo}: {partes} ({resultado.mes}, {resultado.ambiente or 'todos os ambientes'}).")
    for aviso in resultado.avisos:
        click.echo(f"Aviso: {aviso}")
