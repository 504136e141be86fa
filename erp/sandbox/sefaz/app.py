"""A aplicação WSGI do simulador: os seis web services por POST SOAP 1.2 e /_sandbox para os testes."""
from flask import Flask, Response, request
from lxml import etree

from erp.sandbox.sefaz import autorizacao, consultas, eventos, inutilizacao, soap, svc, wsdl
from erp.sandbox.sefaz import respostas as r
from erp.sandbox.sefaz.estado import CHAVE, EstadoSefaz
from erp.sandbox.sefaz.rotas_sandbox import bp as bp_sandbox
from erp.sandbox.sefaz.validacao import NS, campo

TRATADORES = {
    "NFeAutorizacao4": autorizacao.autorizar,
    "NFeRetAutorizacao4": autorizacao.consultar_recibo,
    "NFeConsultaProtocolo4": consultas.consultar_situacao,
    "NFeStatusServico4": consultas.status_servico,
    "NFeInutilizacao4": inutilizacao.inutilizar,
    "NFeRecepcaoEvento4": eventos.receber,
}


def _uf(mensagem: etree._Element) -> str:
    for caminho in ("NFe/infNFe/ide/cUF", "cUF", "infInut/cUF"):
        valor = campo(mensagem, caminho)
        if valor.isdigit() and len(valor) == 2:
            return valor
    for caminho in ("chNFe", "nRec", "evento/infEvento/chNFe"):
        valor = campo(mensagem, caminho)[:2]
        if valor.isdigit():
            return valor
    return "35"


def paralisado(est: EstadoSefaz, servico: str, mensagem: etree._Element, cstat: int) -> etree._Element:
    """A resposta de serviço parado (108/109), no formato de retorno de cada serviço."""
    cuf = _uf(mensagem)
    if servico == "NFeAutorizacao4":
        return r.ret_envi_nfe(est, cstat, cuf)
    if servico == "NFeRetAutorizacao4":
        recibo = campo(mensagem, "nRec")
        return r.ret_cons_reci(est, recibo if len(recibo) == 15 else "0" * 15, cstat, cuf)
    if servico == "NFeConsultaProtocolo4":
        chave = campo(mensagem, "chNFe")
        return r.ret_cons_sit(est, cstat, cuf, chave if len(chave) == 44 else "0" * 44)
    if servico == "NFeStatusServico4":
        return r.ret_cons_stat(est, cstat, cuf, consultas.OBSERVACAO_PARALISADO)
    if servico == "NFeInutilizacao4":
        return r.ret_inut(est, cstat, cuf)
    id_lote = campo(mensagem, "idLote")
    return r.ret_env_evento(est, id_lote if id_lote.isdigit() else "0", "91", cstat)


def _cstat(retorno: etree._Element) -> int | None:
    texto = retorno.findtext(NS + "cStat") or retorno.findtext(f"{NS}infInut/{NS}cStat")
    return int(texto) if texto and texto.isdigit() else None


def criar_app_simulador(**opcoes) -> Flask:
    app = Flask(__name__)
    principal = app.extensions[CHAVE] = EstadoSefaz(**opcoes)
    principal.svc = EstadoSefaz(**opcoes, contingencia=True)
    principal.svc.relogio, principal.svc.parando = principal.relogio, principal.parando  # um relógio, um desligar
    app.register_blueprint(bp_sandbox, url_prefix="/_sandbox")
    app.register_blueprint(bp_sandbox, url_prefix="/_sandbox/svc", name="sefaz_sandbox_svc")

    @app.post("/<path:caminho>")
    def servico(caminho: str):
        nome = wsdl.servico_do_caminho(caminho)
        if nome is None:
            return Response(soap.falha(f"Serviço desconhecido: /{caminho}", "soap:Sender"), status=404,
                            content_type=soap.CONTENT_TYPE)
        try:
            soap.conferir_cabecalho(nome, request.headers.get("Content-Type", ""))
            mensagem = soap.extrair(request.get_data(), nome)
        except soap.FalhaSoap as erro:
            principal.registrar_requisicao(nome, None, None, str(erro))
            return Response(soap.falha(str(erro), erro.codigo), status=erro.status, content_type=soap.CONTENT_TYPE)
        est = principal.svc if svc.para_a_svc(caminho, _uf(mensagem)) else principal
        falha = est.falhas.consumir(nome)
        tipo = falha["tipo"] if falha else None
        if tipo == "lento":
            est.esperar(falha["atraso_s"])
        if tipo == "500":
            est.registrar_requisicao(nome, None, tipo)
            return Response(soap.falha("Erro interno no servidor da SEFAZ (simulado)."), status=500,
                            content_type=soap.CONTENT_TYPE)
        parada = falha["cstat"] if tipo in ("paralisado", "rejeicao") else est.paralisacao
        if parada:
            retorno = paralisado(est, nome, mensagem, parada)
        else:
            retorno = TRATADORES[nome](est, mensagem)
        est.registrar_requisicao(nome, _cstat(retorno), tipo)
        if tipo == "timeout":
            est.esperar(falha["atraso_s"])
        return Response(soap.resposta(nome, retorno), content_type=soap.CONTENT_TYPE)

    return app
