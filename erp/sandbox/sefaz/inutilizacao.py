"""NFeInutilizacao4 (inutNFe): inutilização de uma faixa de números não usados."""
from lxml import etree

from erp.sandbox.sefaz import esquemas
from erp.sandbox.sefaz import respostas as r
from erp.sandbox.sefaz.assinatura import conferir
from erp.sandbox.sefaz.estado import EstadoSefaz
from erp.sandbox.sefaz.validacao import NS, campo

CAMPOS = ("ano", "CNPJ", "mod", "serie", "nNFIni", "nNFFin")


def inutilizar(est: EstadoSefaz, inut: etree._Element) -> etree._Element:
    inf = inut.find(NS + "infInut")
    cuf = campo(inut, "infInut/cUF")
    cuf = cuf if cuf.isdigit() and len(cuf) == 2 else "35"
    if inf is None or esquemas.erros("inutNFe", inut):
        return r.ret_inut(est, 215, cuf)
    dados = {nome: campo(inf, nome) for nome in CAMPOS}
    agora = est.agora()
    cstat = _regras(est, inut, inf, dados, agora)
    if cstat is not None:
        return r.ret_inut(est, cstat, cuf, campos=dados)
    serie, inicio, fim = int(dados["serie"]), int(dados["nNFIni"]), int(dados["nNFFin"])
    with est.trava:
        faixa = [(dados["CNPJ"], dados["mod"], serie, n, est.ambiente) for n in range(inicio, fim + 1)]
        if any(numero in est.numeros for numero in faixa):
            return r.ret_inut(est, 241, cuf, campos=dados)
        if any(numero in est.inutilizados for numero in faixa):
            return r.ret_inut(est, 256, cuf, campos=dados)
        protocolo = est.novo_protocolo(cuf)
        for numero in faixa:
            est.inutilizados[numero] = protocolo
    return r.ret_inut(est, 102, cuf, campos=dados, protocolo=protocolo)


def _regras(est: EstadoSefaz, inut, inf, dados: dict, agora) -> int | None:
    conferencia = conferir(inut, inf, agora)
    if conferencia.cstat is not None:
        return conferencia.cstat
    if conferencia.cnpj_certificado[:8] != dados["CNPJ"][:8]:
        return 213
    if int(campo(inf, "tpAmb")) != est.ambiente:
        return 252
    if int(dados["ano"]) > agora.year % 100:
        return 453
    if int(dados["nNFIni"]) > int(dados["nNFFin"]):
        return 224
    return None
