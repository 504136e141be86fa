"""Montagem das respostas (retEnviNFe, protNFe, retConsSitNFe...) na ordem dos esquemas."""
from datetime import datetime

from lxml import etree

from erp.sandbox.sefaz.estado import VERSAO_APLICACAO, EstadoSefaz
from erp.sandbox.sefaz.relogio import formatar
from erp.sandbox.sefaz.textos import motivo

NS = "http://www.portalfiscal.inf.br/nfe"
P = "{%s}" % NS


def elemento(tag: str, *filhos, **atributos) -> etree._Element:
    """elemento("retEnviNFe", ("tpAmb", "2"), outro_elemento, versao="4.00"); filhos None são omitidos."""
    raiz = etree.Element(P + tag, {k: str(v) for k, v in atributos.items()}, nsmap={None: NS})
    anexar(raiz, *filhos)
    return raiz


def anexar(pai: etree._Element, *filhos) -> None:
    for filho in filhos:
        if filho is None:
            continue
        if isinstance(filho, tuple):
            nome, texto = filho
            if texto is None:
                continue
            etree.SubElement(pai, P + nome).text = str(texto)
        else:
            pai.append(filho)


def cabecalho(est: EstadoSefaz, cstat: int, texto: str | None = None, ambiente: int | None = None) -> list:
    """tpAmb, verAplic, cStat, xMotivo (a sequência que abre quase todo retorno)."""
    return [("tpAmb", ambiente or est.ambiente), ("verAplic", VERSAO_APLICACAO), ("cStat", cstat),
            ("xMotivo", texto or motivo(cstat))]


def prot_nfe(est: EstadoSefaz, chave: str, recebido: datetime, cstat: int, texto: str,
             protocolo: str | None = None, digest: str | None = None) -> etree._Element:
    inf = elemento("infProt", ("tpAmb", est.ambiente), ("verAplic", VERSAO_APLICACAO), ("chNFe", chave),
                   ("dhRecbto", formatar(recebido)), ("nProt", protocolo), ("digVal", digest),
                   ("cStat", cstat), ("xMotivo", texto))
    return elemento("protNFe", inf, versao="4.00")


def ret_envi_nfe(est: EstadoSefaz, cstat: int, cuf: str, texto: str | None = None, recibo: str | None = None,
                 protocolo: etree._Element | None = None) -> etree._Element:
    ret = elemento("retEnviNFe", *cabecalho(est, cstat, texto), ("cUF", cuf),
                   ("dhRecbto", formatar(est.agora())), versao="4.00")
    if recibo is not None:
        anexar(ret, elemento("infRec", ("nRec", recibo), ("tMed", est.tempo_medio_s)))
    anexar(ret, protocolo)
    return ret


def ret_cons_reci(est: EstadoSefaz, recibo: str, cstat: int, cuf: str, protocolos=()) -> etree._Element:
    return elemento("retConsReciNFe", ("tpAmb", est.ambiente), ("verAplic", VERSAO_APLICACAO), ("nRec", recibo),
                    ("cStat", cstat), ("xMotivo", motivo(cstat)), ("cUF", cuf),
                    ("dhRecbto", formatar(est.agora())), *protocolos, versao="4.00")


def ret_cons_sit(est: EstadoSefaz, cstat: int, cuf: str, chave: str, texto: str | None = None,
                 protocolo=None, eventos=()) -> etree._Element:
    return elemento("retConsSitNFe", *cabecalho(est, cstat, texto), ("cUF", cuf),
                    ("dhRecbto", formatar(est.agora())), ("chNFe", chave), protocolo, *eventos, versao="4.00")


def ret_cons_stat(est: EstadoSefaz, cstat: int, cuf: str, observacao: str | None = None) -> etree._Element:
    tempo = est.tempo_medio_s if cstat == 107 else None
    return elemento("retConsStatServ", *cabecalho(est, cstat), ("cUF", cuf), ("dhRecbto", formatar(est.agora())),
                    ("tMed", tempo), ("xObs", observacao), versao="4.00")


def ret_inut(est: EstadoSefaz, cstat: int, cuf: str, texto: str | None = None, campos: dict | None = None,
             protocolo: str | None = None) -> etree._Element:
    campos = campos or {}
    inf = elemento("infInut", *cabecalho(est, cstat, texto), ("cUF", cuf),
                   *[(nome, campos.get(nome)) for nome in ("ano", "CNPJ", "mod", "serie", "nNFIni", "nNFFin")],
                   ("dhRecbto", formatar(est.agora())), ("nProt", protocolo))
    return elemento("retInutNFe", inf, versao="4.00")


def ret_evento(est: EstadoSefaz, cstat: int, corgao: str, texto: str | None = None, chave: str | None = None,
               tipo: str | None = None, descricao: str | None = None, sequencia: int | None = None,
               protocolo: str | None = None, registrado=None) -> etree._Element:
    inf = elemento("infEvento", *cabecalho(est, cstat, texto)[:2], ("cOrgao", corgao), ("cStat", cstat),
                   ("xMotivo", texto or motivo(cstat)), ("chNFe", chave), ("tpEvento", tipo),
                   ("xEvento", descricao), ("nSeqEvento", sequencia),
                   ("dhRegEvento", formatar(registrado or est.agora())), ("nProt", protocolo))
    return elemento("retEvento", inf, versao="1.00")


def ret_env_evento(est: EstadoSefaz, id_lote: str, corgao: str, cstat: int, retornos=()) -> etree._Element:
    return elemento("retEnvEvento", ("idLote", id_lote), *cabecalho(est, cstat)[:2], ("cOrgao", corgao),
                    ("cStat", cstat), ("xMotivo", motivo(cstat)), *retornos, versao="1.00")
