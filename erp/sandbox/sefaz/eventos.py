"""NFeRecepcaoEvento4: cancelamento (110111) e carta de correção (110110)."""
import copy
from datetime import datetime, timedelta

from lxml import etree

from erp.sandbox.sefaz.xmldsig import digito_verificador
from erp.sandbox.sefaz import esquemas
from erp.sandbox.sefaz import respostas as r
from erp.sandbox.sefaz.assinatura import conferir
from erp.sandbox.sefaz.estado import EstadoSefaz, EventoRegistrado, NotaRegistrada
from erp.sandbox.sefaz.textos import motivo
from erp.sandbox.sefaz.validacao import NS, TOLERANCIA_FUTURO, campo

CANCELAMENTO, CARTA_CORRECAO = "110111", "110110"
DESCRICOES = {CANCELAMENTO: "Cancelamento registrado", CARTA_CORRECAO: "Carta de Correção registrada"}


def receber(est: EstadoSefaz, env: etree._Element) -> etree._Element:
    id_lote = campo(env, "idLote") or "0"
    corgao = campo(env, "evento/infEvento/cOrgao") or "91"
    if esquemas.erros("envEvento", env):
        return r.ret_env_evento(est, id_lote if id_lote.isdigit() else "0", corgao if corgao.isdigit() else "91",
                                215)
    retornos = [processar(est, copy.deepcopy(evento)) for evento in env.findall(NS + "evento")]
    return r.ret_env_evento(est, id_lote, corgao, 128, retornos)


def _esquema_especifico(tipo: str, evento: etree._Element) -> bool:
    lote = r.elemento("envEvento", ("idLote", "1"), versao="1.00")
    lote.append(copy.deepcopy(evento))
    return esquemas.valido(f"envEvento_{tipo}", lote)


def _rejeitar(est, corgao, chave, tipo, sequencia, cstat, texto=None) -> etree._Element:
    return r.ret_evento(est, cstat, corgao, texto or motivo(cstat), chave, tipo, None, sequencia)


def processar(est: EstadoSefaz, evento: etree._Element) -> etree._Element:
    inf = evento.find(NS + "infEvento")
    corgao, chave, tipo = campo(inf, "cOrgao"), campo(inf, "chNFe"), campo(inf, "tpEvento")
    sequencia = int(campo(inf, "nSeqEvento"))
    agora = est.agora()
    if tipo not in DESCRICOES:
        return _rejeitar(est, corgao, chave, None, None, 491)
    if not _esquema_especifico(tipo, evento):
        return _rejeitar(est, corgao, chave, tipo, sequencia, 493)
    if inf.get("Id") != f"ID{tipo}{chave}{sequencia:02d}":
        return _rejeitar(est, corgao, chave, tipo, sequencia, 572)
    conferencia = conferir(evento, inf, agora)
    if conferencia.cstat is not None:
        return _rejeitar(est, corgao, chave, tipo, sequencia, conferencia.cstat)
    autor = campo(inf, "CNPJ") or campo(inf, "CPF").rjust(14, "0")
    if conferencia.cnpj_certificado[:8] != autor[:8]:
        return _rejeitar(est, corgao, chave, tipo, sequencia, 213)
    if digito_verificador(chave[:43]) != int(chave[43]):
        return _rejeitar(est, corgao, chave, tipo, sequencia, 236)
    if int(campo(inf, "tpAmb")) != est.ambiente:
        return _rejeitar(est, corgao, chave, tipo, sequencia, 252)
    if autor != chave[6:20]:
        return _rejeitar(est, corgao, chave, tipo, sequencia, 574)
    with est.trava:
        nota = est.notas.get(chave)
        if nota is None:
            return _rejeitar(est, corgao, chave, tipo, sequencia, 494)
        cstat, texto = _regras(est, nota, inf, tipo, sequencia, agora)
        if cstat is not None:
            return _rejeitar(est, corgao, chave, tipo, sequencia, cstat, texto)
        return _registrar(est, nota, evento, corgao, tipo, sequencia, agora)


def _regras(est: EstadoSefaz, nota: NotaRegistrada, inf, tipo: str, sequencia: int,
            agora: datetime) -> tuple[int | None, str | None]:
    if nota.situacao == "cancelada" and tipo == CANCELAMENTO:
        return 218, motivo(218, nRec=nota.recibo)
    if nota.situacao != "autorizada":
        return 580, None
    try:
        quando = datetime.fromisoformat(campo(inf, "dhEvento"))
    except ValueError:
        return 578, None
    if quando < nota.emitida_em:
        return 577, None
    if quando > agora + TOLERANCIA_FUTURO:
        return 578, None
    if any(e.tipo == tipo and e.sequencia == sequencia for e in nota.eventos):
        return 573, None
    if tipo == CANCELAMENTO:
        if campo(inf, "detEvento/nProt") != nota.protocolo:
            return 222, None
        if agora - nota.autorizada_em > timedelta(hours=est.prazo_cancelamento_h):
            return 501, None
    return None, None


def _registrar(est: EstadoSefaz, nota: NotaRegistrada, evento, corgao: str, tipo: str, sequencia: int,
               agora: datetime) -> etree._Element:
    protocolo = est.novo_protocolo(nota.chave[:2])
    retorno = r.ret_evento(est, 135, corgao, None, nota.chave, tipo, DESCRICOES[tipo], sequencia, protocolo, agora)
    proc = r.elemento("procEventoNFe", versao="1.00")
    proc.append(copy.deepcopy(evento))
    proc.append(copy.deepcopy(retorno))
    nota.eventos.append(EventoRegistrado(tipo, sequencia, protocolo, agora, etree.tostring(proc)))
    if tipo == CANCELAMENTO:
        nota.situacao = "cancelada"
    return retorno
