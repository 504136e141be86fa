"""Consulta da situação na SEFAZ: resolve as notas em processamento sem nunca reenviar às cegas.

Uma nota fica "em processamento" quando foi enviada e a resposta não veio (tempo esgotado, conexão
caída, lote ainda em processamento). A SEFAZ é consultada pelo recibo do lote (que também conta as
rejeições) ou pela chave (consSitNFe): autorizada → nfeProc; não consta → a nota volta a
"assinada" e pode ir de novo, com o mesmo XML e a mesma chave.
"""
from dataclasses import dataclass

from erp.extensions import db
from erp.nfe.models import SITUACOES_NOTA, NotaFiscal
from erp.nfe.models import EnvioNFe, EnvioNFeNota
from erp.nfe.sefaz.cliente import ClienteSefaz
from erp.nfe.sefaz.erros import ErroSefaz
from erp.nfe.sefaz.cstat import Acao, acao, descrever
from erp.nfe.sefaz.retornos import Protocolo
from erp.nfe.services import contingencia, estados, eventos, protocolos


@dataclass
class Situacao:
    resultado: str  # autorizada, denegada, rejeitada, em_processamento, falhou (ou a situação atual)
    cstat: int | None = None
    motivo: str | None = None


def recibo_pendente(nota: NotaFiscal) -> str | None:
    """O recibo do último envio assíncrono da nota, se houver."""
    envio = (db.session.query(EnvioNFe).join(EnvioNFeNota, EnvioNFeNota.envio_id == EnvioNFe.id)
             .filter(EnvioNFeNota.nota_id == nota.id).order_by(EnvioNFe.id.desc()).first())
    return envio.recibo if envio is not None else None


def _pelo_recibo(sefaz: ClienteSefaz, nota: NotaFiscal) -> Situacao | None:
    recibo = recibo_pendente(nota)
    if not recibo:
        return None
    retorno = sefaz.consultar_recibo(recibo)
    if acao(retorno.cstat) == Acao.EM_PROCESSAMENTO:
        return Situacao("em_processamento", retorno.cstat, f"O lote (recibo {recibo}) ainda está em processamento na SEFAZ.")
    for protocolo in retorno.protocolos:
        if protocolo.chave == nota.chave and acao(protocolo.cstat) != Acao.DUPLICIDADE:
            return Situacao(*_aplicado(nota, protocolo))
    return None  # lote não localizado, duplicidade ou nota fora do lote: vale a consulta pela chave


def _aplicado(nota: NotaFiscal, protocolo: Protocolo) -> tuple[str, int, str]:
    resultado, texto = protocolos.aplicar(nota, protocolo)
    return resultado, protocolo.cstat, texto


def resolver(sefaz: ClienteSefaz, nota: NotaFiscal) -> Situacao:
    """Decide a nota em processamento pela SEFAZ (sem commit). Erros de comunicação a mantêm como está."""
    try:
        situacao = _pelo_recibo(sefaz, nota)
        if situacao is not None:
            return situacao
        retorno = sefaz.consultar(nota.chave)
    except ErroSefaz as erro:
        return Situacao("em_processamento", None, f"Consulta à SEFAZ sem resposta: {erro}")
    protocolo = retorno.protocolo
    if protocolo is not None and (protocolo.autorizada or protocolo.denegada):
        situacao = Situacao(*_aplicado(nota, protocolo))
        if acao(retorno.cstat) == Acao.CANCELADA:
            eventos.sincronizar(nota, retorno)
        return situacao
    if acao(retorno.cstat) == Acao.NAO_CONSTA:
        protocolos.devolver(nota, "A SEFAZ não recebeu esta NF-e; ela pode ser transmitida de novo.")
        return Situacao("falhou", retorno.cstat, descrever(retorno.cstat, retorno.motivo))
    return Situacao("em_processamento", retorno.cstat, descrever(retorno.cstat, retorno.motivo))


def consultar(nota_id: int) -> dict:
    """`nfe consultar`: pergunta à SEFAZ e acerta a nota se preciso (em processamento, cancelada lá)."""
    nota = db.session.get(NotaFiscal, nota_id)
    if nota is None:
        raise protocolos.SefazImpossivel(f"NF-e {nota_id} não encontrada.")
    if not nota.chave:
        raise protocolos.SefazImpossivel(f"A NF-e {nota.numero} ainda não tem chave de acesso.")
    _, _, cliente = protocolos.abrir_cliente(contingencia.usar_svc(nota, "NFeConsultaProtocolo4"))
    with cliente as sefaz:
        if nota.situacao == "em_processamento":
            situacao = resolver(sefaz, nota)
            db.session.commit()
            cstat, motivo = situacao.cstat, situacao.motivo
        else:
            retorno = sefaz.consultar(nota.chave)
            cstat, motivo = retorno.cstat, retorno.motivo
            if nota.situacao == "autorizada" and acao(retorno.cstat) == Acao.CANCELADA:
                eventos.sincronizar(nota, retorno)
            estados.registrar_evento(nota, "consulta", f"Consulta à SEFAZ: {cstat} {motivo}.", retorno.xml)
            db.session.commit()
    return {"nota": nota.id, "numero": nota.numero, "serie": nota.serie, "chave": nota.chave,
            "situacao": nota.situacao, "situacao_nome": SITUACOES_NOTA.get(nota.situacao, nota.situacao),
            "cstat": cstat, "motivo": motivo}
