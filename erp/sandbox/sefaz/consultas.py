"""NFeConsultaProtocolo4 (consSitNFe) e NFeStatusServico4 (consStatServ)."""
from lxml import etree

from erp.sandbox.sefaz.xmldsig import digito_verificador
from erp.sandbox.sefaz import esquemas
from erp.sandbox.sefaz import respostas as r
from erp.sandbox.sefaz.estado import EstadoSefaz
from erp.sandbox.sefaz.textos import motivo
from erp.sandbox.sefaz.validacao import campo

SITUACAO_CSTAT = {"autorizada": None, "cancelada": 101}  # None: o cStat da autorização (100 ou 150)
OBSERVACAO_PARALISADO = "Serviço paralisado para manutenção programada."


def consultar_situacao(est: EstadoSefaz, cons: etree._Element) -> etree._Element:
    chave = campo(cons, "chNFe")
    cuf = chave[:2] if chave[:2].isdigit() else "35"
    chave_resposta = chave if len(chave) == 44 else "0" * 44
    if esquemas.erros("consSitNFe", cons):
        return r.ret_cons_sit(est, 215, cuf, chave_resposta)
    if int(campo(cons, "tpAmb")) != est.ambiente:
        return r.ret_cons_sit(est, 252, cuf, chave)
    if not chave[43].isdigit() or digito_verificador(chave[:43]) != int(chave[43]):
        return r.ret_cons_sit(est, 236, cuf, chave)
    with est.trava:
        nota = est.notas.get(chave)
        if nota is None:
            return r.ret_cons_sit(est, 217, cuf, chave)
        cstat = SITUACAO_CSTAT.get(nota.situacao) or nota.cstat
        protocolo = etree.fromstring(nota.prot_nfe)
        eventos = [etree.fromstring(e.proc_evento) for e in nota.eventos]
    return r.ret_cons_sit(est, cstat, cuf, chave, motivo(cstat), protocolo, eventos)


def status_servico(est: EstadoSefaz, cons: etree._Element) -> etree._Element:
    cuf = campo(cons, "cUF")
    cuf = cuf if cuf.isdigit() and len(cuf) == 2 else "35"
    if esquemas.erros("consStatServ", cons):
        return r.ret_cons_stat(est, 215, cuf)
    if int(campo(cons, "tpAmb")) != est.ambiente:
        return r.ret_cons_stat(est, 252, cuf)
    if est.paralisacao:
        return r.ret_cons_stat(est, est.paralisacao, cuf, OBSERVACAO_PARALISADO)
    return r.ret_cons_stat(est, 107, cuf)
