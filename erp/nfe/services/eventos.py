"""Eventos da NF-e na SEFAZ: cancelamento (110111), carta de correção (110110) e inutilização de números.

Cada pedido é assinado (Id em infEvento/infInut) e guardado com a resposta: EventoNFe/InutilizacaoNFe
com os dois XML e, no histórico da nota, NotaEvento com o pedido e com o retorno.
"""
from dataclasses import dataclass
from datetime import datetime, timezone

from lxml import etree
from sqlalchemy import func

from erp.comum.modelos import agora
from erp.extensions import db
from erp.nfe import sinais
from erp.nfe.fiscal.formato import texto as texto_xml
from erp.nfe.models import NotaFiscal
from erp.nfe.models import CANCELAMENTO, CARTA_CORRECAO, RECUSADO, REGISTRADO, TIPOS_EVENTO, EventoNFe
from erp.nfe.sefaz import documentos, mensagens
from erp.nfe.sefaz.erros import ErroSefaz, SefazIndisponivel
from erp.nfe.sefaz.cstat import Acao, acao, descrever
from erp.nfe.sefaz.retornos import NS, RetornoConsulta, RetornoEvento
from erp.nfe.services import contingencia, estados, protocolos
from erp.nfe.services.conversao import FUSO
from erp.nfe.services.protocolos import SefazImpossivel, protocolo_da_nota

MINIMO_TEXTO = 15
MAXIMO_JUSTIFICATIVA = 255
MAXIMO_CORRECAO = 1000
MAXIMO_CARTAS = 20
_NOMES = {CANCELAMENTO: "cancelamento", CARTA_CORRECAO: "carta_correcao"}
__all__ = ["EventoRecusado", "ResultadoEvento", "SefazImpossivel", "cancelar", "carta_correcao", "conferir_cancelamento",
           "sincronizar"]


class EventoRecusado(Exception):
    """O pedido nem foi à SEFAZ (nota em situação errada, texto curto...); mensagem para o usuário."""


@dataclass
class ResultadoEvento:
    nota: int
    tipo: str
    sequencia: int
    resultado: str  # registrado | rejeitado | falhou
    cstat: int | None = None
    motivo: str | None = None
    protocolo: str | None = None

    @property
    def titulo(self) -> str:
        """'Carta de correção registrada', 'Cancelamento recusado'... para as mensagens."""
        tabela = REGISTRADO if self.resultado == "registrado" else RECUSADO
        return tabela.get(self.tipo, self.tipo)

    @property
    def mensagem(self) -> str:
        """O que a tela e a linha de comando dizem do resultado."""
        if self.resultado == "registrado":
            return f"{self.titulo} na SEFAZ: protocolo {self.protocolo}."
        if self.resultado == "rejeitado":
            return f"{self.titulo}: {self.motivo}"
        return f"{TIPOS_EVENTO.get(self.tipo, self.tipo)} sem resposta da SEFAZ: {self.motivo}"

    def como_dict(self) -> dict:
        return {"nota": self.nota, "evento": TIPOS_EVENTO.get(self.tipo, self.tipo), "tipo": self.tipo,
                "sequencia": self.sequencia, "resultado": self.resultado, "cstat": self.cstat,
                "motivo": self.motivo, "protocolo": self.protocolo}


def _nota_autorizada(nota_id: int, acao: str) -> NotaFiscal:
    nota = db.session.get(NotaFiscal, nota_id)
    if nota is None:
        raise EventoRecusado(f"NF-e {nota_id} não encontrada.")
    if nota.situacao != "autorizada":
        raise EventoRecusado(f"Só se {acao} NF-e autorizada; a NF-e nº {nota.numero} está "
                             f"{nota.situacao_nome.lower()}.")
    return nota


def _texto(valor: str, minimo: int, maximo: int, nome: str) -> str:
    limpo = texto_xml((valor or "").strip(), maximo)
    if len(limpo) < minimo:
        raise EventoRecusado(f"{nome} precisa ter pelo menos {minimo} caracteres (tem {len(limpo)}).")
    return limpo


def conferir_cancelamento(nota_id: int, justificativa: str) -> tuple[NotaFiscal, str]:
    """O que a tela de confirmação mostra antes de ir à SEFAZ: a nota autorizada e a justificativa já limpa.
    Recusa (EventoRecusado) o que nem poderia ser enviado, sem falar com a SEFAZ."""
    nota = _nota_autorizada(nota_id, "cancela")
    return nota, _texto(justificativa, MINIMO_TEXTO, MAXIMO_JUSTIFICATIVA, "A justificativa")


def cancelar(nota_id: int, justificativa: str) -> ResultadoEvento:
    nota, justificativa = conferir_cancelamento(nota_id, justificativa)
    autorizacao = protocolo_da_nota(nota)
    protocolo = nota.protocolo or (autorizacao.protocolo if autorizacao else "")
    return _enviar(nota, CANCELAMENTO, 1, justificativa, protocolo)


def proxima_sequencia_cce(nota: NotaFiscal) -> int:
    ultima = (db.session.query(func.max(EventoNFe.sequencia))
              .filter_by(nota_id=nota.id, tipo=CARTA_CORRECAO, situacao="registrado").scalar())
    return (ultima or 0) + 1


def carta_correcao(nota_id: int, correcao: str) -> ResultadoEvento:
    """Nova CC-e (substitui as anteriores: mande o texto completo); sequência 1 a 20."""
    nota = _nota_autorizada(nota_id, "corrige")
    correcao = _texto(correcao, MINIMO_TEXTO, MAXIMO_CORRECAO, "A correção")
    sequencia = proxima_sequencia_cce(nota)
    if sequencia > MAXIMO_CARTAS:
        raise EventoRecusado(f"A NF-e nº {nota.numero} já tem {MAXIMO_CARTAS} cartas de correção, o máximo.")
    return _enviar(nota, CARTA_CORRECAO, sequencia, correcao)


def _enviar(nota: NotaFiscal, tipo: str, sequencia: int, texto: str, protocolo: str = "") -> ResultadoEvento:
    # cancelamento de nota da SVC vai à SVC enquanto a contingência está aberta; o resto, à SEFAZ de origem
    empresa, assinador, cliente = protocolos.abrir_cliente(contingencia.usar_svc(nota, "NFeRecepcaoEvento4", tipo))
    dados = mensagens.Evento(tipo, nota.chave, empresa.cnpj, 1 if nota.ambiente == "producao" else 2, sequencia,
                             datetime.now(FUSO).replace(microsecond=0), protocolo, texto)
    pedido = mensagens.evento(dados, assinador)
    registro = EventoNFe(nota=nota, tipo=tipo, sequencia=sequencia, texto=texto, situacao="enviado",
                         xml_pedido=etree.tostring(pedido, encoding="utf-8"))
    db.session.add(registro)
    estados.registrar_evento(nota, f"pedido_{_NOMES[tipo]}",
                             f"Pedido de {registro.tipo_nome.lower()} (sequência {sequencia}): {texto}",
                             registro.xml_pedido)
    db.session.commit()  # o pedido fica guardado antes do envio
    with cliente as sefaz:
        try:
            retorno = sefaz.enviar_eventos(registro.id, [pedido])
        except ErroSefaz as erro:
            return _sem_resposta(registro, erro)
        resposta = retorno.eventos[0] if retorno.eventos else None
        if resposta is None:
            return _rejeitado(registro, retorno.cstat, retorno.motivo, retorno.xml)
        if resposta.registrado:
            _registrar(registro, resposta, documentos.proc_evento(registro.xml_pedido, resposta.xml))
            db.session.commit()
            return _resultado(registro)
        if acao(resposta.cstat) == Acao.DUPLICIDADE:
            return _ja_na_sefaz(sefaz, registro, resposta)
        return _rejeitado(registro, resposta.cstat, resposta.motivo, resposta.xml)


def _resultado(registro: EventoNFe, resultado: str = "registrado", motivo: str | None = None) -> ResultadoEvento:
    return ResultadoEvento(registro.nota_id, registro.tipo, registro.sequencia, resultado, registro.cstat,
                           motivo or registro.motivo, registro.protocolo)


def _sem_resposta(registro: EventoNFe, erro: ErroSefaz) -> ResultadoEvento:
    talvez = isinstance(erro, SefazIndisponivel) and erro.enviado
    registro.situacao = "enviado" if talvez else "falhou"
    registro.motivo = str(erro)
    db.session.commit()
    complemento = " Consulte a nota para saber se o evento foi registrado." if talvez else " Tente de novo."
    return _resultado(registro, "falhou", f"{erro}{complemento}")


def _registrar(registro: EventoNFe, resposta: RetornoEvento, proc: bytes) -> None:
    """Evento registrado na SEFAZ: guarda o procEventoNFe e, no cancelamento, cancela a nota. Sem commit."""
    nota = registro.nota
    registro.situacao, registro.cstat, registro.motivo = "registrado", resposta.cstat, resposta.motivo
    registro.protocolo, registro.xml_retorno = resposta.protocolo, proc
    registro.registrado_em = _utc(resposta.registrado_em)
    mensagem = f"{registro.registrado_texto} na SEFAZ: protocolo {resposta.protocolo}."
    if registro.tipo == CANCELAMENTO:
        estados.transicionar(nota, "cancelada", mensagem=mensagem, xml=proc, tipo="cancelamento")
    else:
        estados.registrar_evento(nota, "carta_correcao", f"{mensagem} Sequência {registro.sequencia}.", proc)
    sinais.avisar(sinais.evento_registrado, registro)


def _rejeitado(registro: EventoNFe, cstat: int, motivo: str, xml: bytes) -> ResultadoEvento:
    texto = descrever(cstat, motivo)
    registro.situacao, registro.cstat, registro.motivo, registro.xml_retorno = "rejeitado", cstat, texto, xml
    estados.registrar_evento(registro.nota, f"{_NOMES[registro.tipo]}_rejeitado",
                             f"{RECUSADO[registro.tipo]} pela SEFAZ: {texto}", xml)
    db.session.commit()
    return _resultado(registro, "rejeitado")


def _ja_na_sefaz(sefaz, registro: EventoNFe, resposta: RetornoEvento) -> ResultadoEvento:
    """Duplicidade: um envio anterior (sem resposta) já registrou o evento; traz o registro da SEFAZ."""
    resultado = _rejeitado(registro, resposta.cstat, resposta.motivo, resposta.xml)
    nota = registro.nota
    sincronizar(nota, sefaz.consultar(nota.chave))
    db.session.commit()
    existente = (db.session.query(EventoNFe).filter_by(nota_id=nota.id, tipo=registro.tipo,
                                                         sequencia=registro.sequencia, situacao="registrado").first())
    if existente is not None and registro.tipo == CANCELAMENTO:
        return _resultado(existente, motivo="O cancelamento já estava registrado na SEFAZ.")
    if existente is not None:
        resultado.motivo = (f"{resultado.motivo} A carta de correção nº {registro.sequencia} já estava registrada; "
                            "envie a correção de novo (ela receberá o próximo número).")
    return resultado


def _utc(momento: datetime | None) -> datetime:
    if momento is None:
        return agora()
    if momento.tzinfo is None:
        return momento
    return momento.astimezone(timezone.utc).replace(tzinfo=None)


def sincronizar(nota: NotaFiscal, retorno: RetornoConsulta) -> None:
    """Traz para o ERP os eventos que a SEFAZ tem e o ERP não (ex.: cancelamento sem resposta). Sem commit."""
    conhecidos = {(e.tipo, e.sequencia) for e in nota.eventos_sefaz if e.situacao == "registrado"}
    for proc in retorno.eventos:
        raiz = etree.fromstring(proc)
        inf = raiz.find(f"{NS}evento/{NS}infEvento")
        ret = raiz.find(f"{NS}retEvento/{NS}infEvento")
        tipo, sequencia = inf.findtext(NS + "tpEvento"), int(inf.findtext(NS + "nSeqEvento"))
        if (tipo, sequencia) in conhecidos or tipo not in TIPOS_EVENTO:
            continue
        detalhe = inf.find(NS + "detEvento")
        texto = detalhe.findtext(NS + "xJust") or detalhe.findtext(NS + "xCorrecao") or ""
        registro = EventoNFe(nota=nota, tipo=tipo, sequencia=sequencia, texto=texto, situacao="enviado",
                             xml_pedido=etree.tostring(raiz.find(NS + "evento")))
        db.session.add(registro)
        cstat = int(ret.findtext(NS + "cStat"))
        resposta = RetornoEvento(cstat, ret.findtext(NS + "xMotivo"), nota.chave, tipo, sequencia,
                                 ret.findtext(NS + "nProt") or "", datetime.fromisoformat(ret.findtext(NS + "dhRegEvento")),
                                 etree.tostring(raiz.find(NS + "retEvento")))
        _registrar(registro, resposta, proc)
