"""NFeAutorizacao4 (enviNFe) e NFeRetAutorizacao4 (consReciNFe)."""
import copy

from lxml import etree

from erp.sandbox.sefaz import esquemas
from erp.sandbox.sefaz import respostas as r
from erp.sandbox.sefaz.estado import EstadoSefaz, LoteRecebido, NotaRegistrada
from erp.sandbox.sefaz.textos import motivo
from erp.sandbox.sefaz.validacao import NS, NFeRecebida, campo, fora_de_prazo, ler, validar

MAXIMO_NFE_LOTE = 50
DENEGACOES = (301, 302)


def _cuf(mensagem: etree._Element) -> str:
    return campo(mensagem, "NFe/infNFe/ide/cUF") or "35"


def autorizar(est: EstadoSefaz, envi: etree._Element) -> etree._Element:
    cuf = _cuf(envi)
    if esquemas.erros("enviNFe", envi):
        return r.ret_envi_nfe(est, 225, cuf)
    sincrono = campo(envi, "indSinc") == "1"
    nfes = envi.findall(NS + "NFe")
    if sincrono and len(nfes) > 1:
        return r.ret_envi_nfe(est, 764, cuf)
    if not sincrono and len(nfes) == 1:
        return r.ret_envi_nfe(est, 452, cuf)
    with est.trava:
        recibo = est.novo_recibo(cuf)
        protocolos = [processar(est, ler(copy.deepcopy(nfe)), recibo) for nfe in nfes]
        if sincrono:
            return r.ret_envi_nfe(est, 104, cuf, protocolo=protocolos[0])
        est.lotes[recibo] = LoteRecebido(recibo, cuf, est.ambiente, est.agora(), protocolos,
                                         est.consultas_em_processamento)
    return r.ret_envi_nfe(est, 103, cuf, recibo=recibo)


def _duplicidade(est: EstadoSefaz, nota: NFeRecebida) -> tuple[int, str] | None:
    if nota.numeracao in est.inutilizados:
        return 206, motivo(206)
    existente = est.numeros.get(nota.numeracao)
    if existente is None:
        return None
    registrada = est.notas[existente]
    if existente != nota.chave:
        return 539, motivo(539, chNFe=existente, nRec=registrada.recibo)
    if registrada.situacao == "denegada":
        return 205, motivo(205, nRec=registrada.recibo)
    return 204, motivo(204, nRec=registrada.recibo)


def _resultado(est: EstadoSefaz, nota: NFeRecebida, agora) -> int:
    """Denegação (301/302, o número fica consumido) ou autorização (100, ou 150 fora de prazo)."""
    if est.irregulares.get(nota.cnpj) == 301:
        return 301
    if est.irregulares.get(nota.destinatario) == 302:
        return 302
    return 150 if fora_de_prazo(nota, agora) else 100


def processar(est: EstadoSefaz, nota: NFeRecebida, recibo: str) -> etree._Element:
    """Valida e, se for o caso, registra a NF-e; devolve o protNFe."""
    agora = est.agora()
    cstat = validar(est, nota, agora)
    if cstat is not None:
        return r.prot_nfe(est, nota.chave, agora, cstat, motivo(cstat), digest=nota.digest)
    duplicada = _duplicidade(est, nota)
    if duplicada is not None:
        return r.prot_nfe(est, nota.chave, agora, duplicada[0], duplicada[1], digest=nota.digest)
    cstat = _resultado(est, nota, agora)
    protocolo = est.novo_protocolo(nota.cuf)
    prot = r.prot_nfe(est, nota.chave, agora, cstat, motivo(cstat), protocolo, nota.digest)
    est.numeros[nota.numeracao] = nota.chave
    est.notas[nota.chave] = NotaRegistrada(
        chave=nota.chave, cnpj=nota.cnpj, serie=nota.serie, numero=nota.numero, ambiente=nota.ambiente,
        situacao="denegada" if cstat in DENEGACOES else "autorizada", cstat=cstat, protocolo=protocolo,
        recibo=recibo, digest=nota.digest, emitida_em=nota.emitida_em, autorizada_em=agora,
        nfe=etree.tostring(nota.nfe), prot_nfe=etree.tostring(prot),
    )
    return prot


def consultar_recibo(est: EstadoSefaz, cons: etree._Element) -> etree._Element:
    recibo = campo(cons, "nRec")
    if esquemas.erros("consReciNFe", cons):
        return r.ret_cons_reci(est, recibo if recibo.isdigit() and len(recibo) == 15 else "0" * 15, 215,
                               recibo[:2] if recibo[:2].isdigit() else "35")
    if int(campo(cons, "tpAmb")) != est.ambiente:
        return r.ret_cons_reci(est, recibo, 252, recibo[:2])
    with est.trava:
        lote = est.lotes.get(recibo)
        if lote is None:
            return r.ret_cons_reci(est, recibo, 106, recibo[:2])
        if lote.consultas_restantes > 0:
            lote.consultas_restantes -= 1
            return r.ret_cons_reci(est, recibo, 105, lote.cuf)
        return r.ret_cons_reci(est, recibo, 104, lote.cuf, [copy.deepcopy(p) for p in lote.protocolos])
