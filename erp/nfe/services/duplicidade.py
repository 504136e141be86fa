"""539 — duplicidade de NF-e com diferença na chave: o número já tem, na SEFAZ, uma NF-e com outra chave.

A SEFAZ devolve a chave existente no xMotivo ("[chNFe: …]"). Ela é consultada e conciliada:
- se a chave é de uma versão anterior desta mesma nota (um XML que o ERP assinou e guardou no histórico, por exemplo
  antes de refazê-la para a contingência) e a SEFAZ a autorizou, a nota fica com aquela chave, aquele XML e aquela
  autorização (o digest do protocolo tem de ser o do XML guardado);
- senão, a nota fica rejeitada e marcada para o operador conferir (o número está consumido na SEFAZ por outra NF-e).
"""
from lxml import etree

from erp.nfe.models import NotaFiscal
from erp.nfe.sefaz.cliente import ClienteSefaz
from erp.nfe.sefaz.cstat import descrever
from erp.nfe.sefaz.erros import ErroSefaz
from erp.nfe.sefaz.retornos import Protocolo, chave_no_motivo
from erp.nfe.services import estados, protocolos
from erp.nfe.services.consulta import Situacao

_DS = "{http://www.w3.org/2000/09/xmldsig#}"
_NFE = "{http://www.portalfiscal.inf.br/nfe}"


def _digest(xml: bytes) -> str:
    raiz = etree.fromstring(xml)
    return (raiz.findtext(f".//{_DS}DigestValue") or "").strip()


def versao_anterior(nota: NotaFiscal, chave: str) -> bytes | None:
    """O XML assinado desta nota com a chave dada, se o ERP já o assinou (guardado no histórico da nota)."""
    for evento in nota.eventos:
        if evento.tipo != "xml_assinado" or not evento.xml:
            continue
        inf = etree.fromstring(evento.xml).find(f"{_NFE}infNFe")
        if inf is not None and inf.get("Id") == f"NFe{chave}":
            return evento.xml
    return None


def conciliar(sefaz: ClienteSefaz, nota: NotaFiscal, protocolo: Protocolo) -> Situacao:
    """Trata o protNFe 539 da nota (sem commit)."""
    texto = descrever(protocolo.cstat, protocolo.motivo)
    estados.registrar_evento(nota, "duplicidade_outra_chave", texto, protocolo.xml)
    existente = chave_no_motivo(protocolo.motivo)
    if not existente:
        return _para_o_operador(nota, protocolo, "A SEFAZ não informou a chave existente.")
    anterior = versao_anterior(nota, existente)
    try:
        retorno = sefaz.consultar(existente)
    except ErroSefaz as erro:
        return _para_o_operador(nota, protocolo, f"A consulta da chave {existente} não teve resposta ({erro}).")
    achado = retorno.protocolo
    estados.registrar_evento(nota, "consulta", f"Consulta da chave existente {existente}: {retorno.cstat} "
                             f"{retorno.motivo}.", retorno.xml)
    valida = achado is not None and (achado.autorizada or achado.denegada)
    if anterior is not None and valida and achado.digest == _digest(anterior):
        nota.chave, nota.xml = existente, anterior
        resultado, texto = protocolos.aplicar(nota, achado)
        return Situacao(resultado, achado.cstat, f"A SEFAZ já tinha esta NF-e com a chave {existente} (uma versão "
                        f"anterior dela); a nota ficou com essa chave. {texto}")
    if anterior is not None:
        motivo = f"A chave {existente} é de uma versão anterior desta nota, mas na SEFAZ ela está: {retorno.motivo}."
    else:
        motivo = (f"A chave {existente} não é de nenhuma versão desta NF-e: outra nota usou o número "
                  f"nº {nota.numero}.")
    return _para_o_operador(nota, protocolo, motivo)


def _para_o_operador(nota: NotaFiscal, protocolo: Protocolo, motivo: str) -> Situacao:
    texto = protocolos.rejeitar(nota, protocolo.cstat, protocolo.motivo, protocolo.xml)
    nota.motivo = f"{texto} Conferir: {motivo}"
    estados.registrar_evento(nota, "conferir", f"Para o operador conferir: {motivo}")
    return Situacao("rejeitada", protocolo.cstat, nota.motivo)
