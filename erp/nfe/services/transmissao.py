"""Transmissão das NF-e assinadas à SEFAZ, em lotes de até 50.

Uma nota sozinha vai síncrona (indSinc=1: o protocolo volta na resposta); várias vão assíncronas e o
recibo é consultado até o lote ser processado. Antes do POST as notas passam a "em processamento" e isso
é gravado: se a resposta não chegar (ou o processo cair), a nota continua em processamento e só a
consulta à SEFAZ decide o que houve — nunca se reenvia às cegas uma nota que pode ter sido autorizada.

Em contingência (services/contingencia.py) a nota assinada é refeita para a SVC antes de ir, e as notas da SVC
(tpEmis 6/7) vão à SVC. Se a regra automática abrir a contingência durante a transmissão, as notas que voltaram a
assinadas são refeitas e vão à SVC na mesma transmissão.
"""
import logging
import time
from dataclasses import asdict, dataclass
from itertools import groupby
from typing import Callable, Iterable

from sqlalchemy import update

from erp.comum.modelos import agora
from erp.extensions import db
from erp.nfe.models import SITUACOES_NOTA, NotaFiscal
from erp.nfe.models import EnvioNFe, EnvioNFeNota
from erp.nfe.sefaz import configuracao
from erp.nfe.sefaz.cliente import MAXIMO_NFE_LOTE, ClienteSefaz
from erp.nfe.sefaz.erros import ErroSefaz, RespostaInvalida, SefazIndisponivel
from erp.nfe.sefaz.cstat import Acao, acao, codigos, descrever, rejeita_notas_do_lote
from erp.nfe.sefaz.retornos import RetornoLote
from erp.nfe.services import consulta, contingencia, duplicidade, estados, protocolos
from erp.nfe.services.protocolos import SefazImpossivel

log = logging.getLogger(__name__)
__all__ = ["ResultadoTransmissao", "SefazImpossivel", "notas_pendentes", "resumo", "transmitir"]
(LOTE_EM_PROCESSAMENTO,) = codigos(Acao.EM_PROCESSAMENTO)


@dataclass
class ResultadoTransmissao:
    nota: int
    venda: int
    numero: int
    serie: int
    chave: str | None
    resultado: str  # autorizada | rejeitada | denegada | em_processamento | falhou
    cstat: int | None = None
    motivo: str | None = None

    @property
    def sucesso(self) -> bool:
        return self.resultado == "autorizada"

    def como_dict(self) -> dict:
        """O objeto de `nfe transmitir --json`."""
        return asdict(self)


def _resultado(nota: NotaFiscal, resultado: str, cstat: int | None = None, motivo: str | None = None):
    return ResultadoTransmissao(nota.id, nota.venda_id, nota.numero, nota.serie, nota.chave, resultado, cstat,
                                motivo)


def notas_pendentes() -> list[int]:
    """NF-e assinadas (a transmitir) e em processamento (a conferir), na ordem dos ids."""
    consulta_ = db.session.query(NotaFiscal.id).filter(NotaFiscal.situacao.in_(("assinada", "em_processamento")))
    return [n for (n,) in consulta_.order_by(NotaFiscal.id)]


class Clientes:
    """Um cliente para a SEFAZ autorizadora e outro para a SVC, abertos quando uma nota precisa."""

    def __init__(self):
        self._abertos: dict[bool, ClienteSefaz] = {}

    def cliente(self, svc: bool) -> ClienteSefaz:
        if svc not in self._abertos:
            self._abertos[svc] = protocolos.abrir_cliente(svc)[2]
        return self._abertos[svc]

    def para(self, nota: NotaFiscal, servico: str) -> ClienteSefaz:
        return self.cliente(contingencia.usar_svc(nota, servico))

    def fechar(self) -> None:
        for cliente in self._abertos.values():
            cliente.fechar()


def transmitir(nota_ids: Iterable[int],
               ao_processar: Callable[[ResultadoTransmissao], None] | None = None) -> list[ResultadoTransmissao]:
    """Transmite as notas assinadas e confere as em processamento. SefazImpossivel antes de começar."""
    empresa, _, normal = protocolos.abrir_cliente()
    normal.fechar()
    nota_ids = list(nota_ids)
    contingencia.refazer_assinadas(nota_ids)
    aberta_antes = contingencia.aberta(empresa.ambiente) is not None
    clientes = Clientes()
    adiados: list[ResultadoTransmissao] = []

    def anotar(resultado: ResultadoTransmissao) -> None:
        """Avisa o progresso já; a nota devolvida a assinada espera: pode ir à SVC nesta mesma transmissão."""
        if resultado.resultado == "falhou" and _assinada(resultado.nota):
            adiados.append(resultado)
        elif ao_processar is not None:
            ao_processar(resultado)

    try:
        resultados = _transmitir(clientes, empresa, nota_ids, anotar)
        if adiados and not aberta_antes and contingencia.aberta(empresa.ambiente) is not None:
            # a regra automática abriu a contingência: as notas devolvidas vão agora à SVC
            ids = [r.nota for r in adiados]
            if contingencia.refazer_assinadas(ids):
                novos = {r.nota: r for r in _transmitir(clientes, empresa, ids, lambda r: None)}
                resultados = [novos.get(r.nota, r) for r in resultados]
                adiados[:] = [novos.get(r.nota, r) for r in adiados]
    finally:
        clientes.fechar()
    if ao_processar is not None:
        for resultado in adiados:
            ao_processar(resultado)
    return resultados


def _assinada(nota_id: int) -> bool:
    nota = db.session.get(NotaFiscal, nota_id)
    return nota is not None and nota.situacao == "assinada"


def _transmitir(clientes: Clientes, empresa, nota_ids: list[int],
                avisar: Callable[[ResultadoTransmissao], None]) -> list[ResultadoTransmissao]:
    resultados: list[ResultadoTransmissao] = []

    def anotar(resultado: ResultadoTransmissao) -> None:
        resultados.append(resultado)
        avisar(resultado)

    a_enviar = []
    for nota_id in nota_ids:
        nota = db.session.get(NotaFiscal, nota_id)
        if nota is None:
            anotar(ResultadoTransmissao(nota_id, 0, 0, 0, None, "falhou", motivo=f"NF-e {nota_id} não encontrada."))
        elif nota.ambiente != empresa.ambiente:
            anotar(_resultado(nota, "falhou", motivo=f"A NF-e nº {nota.numero} é do ambiente de "
                              f"{nota.ambiente}; a empresa está em {empresa.ambiente}."))
        elif nota.situacao == "em_processamento":
            situacao = consulta.resolver(clientes.para(nota, "NFeConsultaProtocolo4"), nota)
            db.session.commit()
            if nota.situacao == "assinada":
                contingencia.refazer_assinadas([nota.id])
                a_enviar.append(nota)  # a SEFAZ não a recebeu: vai no próximo lote
            else:
                anotar(_resultado(nota, situacao.resultado, situacao.cstat, situacao.motivo))
        elif nota.situacao == "assinada":
            a_enviar.append(nota)
        else:
            nome = SITUACOES_NOTA.get(nota.situacao, nota.situacao).lower()
            anotar(_resultado(nota, "falhou", motivo=f"A NF-e nº {nota.numero} está {nome}; só se transmite "
                              "nota assinada."))
    for grupo in _grupos(a_enviar):
        for resultado in _enviar(clientes, grupo):
            anotar(resultado)
    return resultados


def resumo(resultados: list[ResultadoTransmissao]) -> str:
    autorizadas = sum(1 for r in resultados if r.sucesso)
    return f"{autorizadas} NF-e autorizada(s), {len(resultados) - autorizadas} não autorizada(s)."


def _grupos(notas: list[NotaFiscal]) -> list[list[NotaFiscal]]:
    """Mantém juntas as notas do mesmo lote de geração; no máximo 50 por envio."""
    grupos = []
    def modo_e_lote(nota: NotaFiscal):  # notas para a SVC e para a autorizadora não vão no mesmo envio
        return contingencia.na_svc(nota), nota.lote_id or 0

    ordenadas = sorted(notas, key=lambda n: (*modo_e_lote(n), n.id))
    for _, mesmas in groupby(ordenadas, key=modo_e_lote):
        mesmas = list(mesmas)
        grupos.extend(mesmas[i:i + MAXIMO_NFE_LOTE] for i in range(0, len(mesmas), MAXIMO_NFE_LOTE))
    return grupos


def _tomar(nota: NotaFiscal) -> bool:
    """Passa a nota de assinada a em processamento só se ninguém a pegou antes (UPDATE condicional)."""
    comando = (update(NotaFiscal).where(NotaFiscal.id == nota.id, NotaFiscal.situacao == "assinada")
               .values(situacao="em_processamento").execution_options(synchronize_session=False))
    return db.session.execute(comando).rowcount == 1


def _registrar_envio(notas: list[NotaFiscal]) -> tuple[EnvioNFe | None, list[NotaFiscal], list[NotaFiscal]]:
    """(envio, notas tomadas para este envio, notas que outro processo já está transmitindo)."""
    tomadas = [nota for nota in notas if _tomar(nota)]
    ocupadas = [nota for nota in notas if nota not in tomadas]
    if not tomadas:
        db.session.rollback()
        return None, [], ocupadas
    envio = EnvioNFe(lote_id=tomadas[0].lote_id, sincrono=len(tomadas) == 1, enviado_em=agora())
    db.session.add(envio)
    db.session.flush()
    for nota in tomadas:
        envio.itens.append(EnvioNFeNota(nota=nota))
        estados.transicionar(nota, "em_processamento", mensagem=f"Enviada à SEFAZ (lote {envio.id}).",
                             tipo="envio")
    db.session.commit()  # antes do POST: se o processo cair, a nota fica em processamento
    return envio, tomadas, ocupadas


def _enviar(clientes: Clientes, notas: list[NotaFiscal]) -> list[ResultadoTransmissao]:
    sefaz = clientes.para(notas[0], "NFeAutorizacao4")
    envio, notas, ocupadas = _registrar_envio(notas)
    resultados = [_resultado(n, "falhou", motivo=f"A NF-e nº {n.numero} já está sendo transmitida.") for n in ocupadas]
    if envio is not None:
        resultados.extend(_transmitir_envio(sefaz, envio, notas))
    return resultados


def _transmitir_envio(sefaz: ClienteSefaz, envio: EnvioNFe, notas: list[NotaFiscal]) -> list[ResultadoTransmissao]:
    try:
        retorno = sefaz.autorizar(envio.id, [nota.xml for nota in notas])
    except SefazIndisponivel as erro:
        return _sem_resposta(notas, erro)
    except RespostaInvalida as erro:
        for nota in notas:
            protocolos.devolver(nota, f"{erro} Nada foi processado; transmita de novo.")
        db.session.commit()
        return [_resultado(n, "falhou", None, n.motivo) for n in notas]
    envio.cstat, envio.motivo, envio.xml_retorno = retorno.cstat, retorno.motivo, retorno.xml
    if acao(retorno.cstat) == Acao.LOTE_RECEBIDO:
        envio.recibo = retorno.recibo
        db.session.commit()
        retorno = _acompanhar_recibo(sefaz, envio, retorno.tempo_medio)
        if retorno is None:
            motivo = (f"O lote {envio.id} (recibo {envio.recibo}) ainda está em processamento na SEFAZ; "
                      "a situação será conferida por consulta.")
            for nota in notas:
                estados.registrar_evento(nota, "aguardando_sefaz", motivo)
            db.session.commit()
            return [_resultado(n, "em_processamento", LOTE_EM_PROCESSAMENTO, motivo) for n in notas]
    if acao(retorno.cstat) == Acao.LOTE_PROCESSADO:
        return _aplicar_lote(sefaz, envio, notas, retorno)
    return _lote_recusado(notas, retorno)


def _sem_resposta(notas: list[NotaFiscal], erro: SefazIndisponivel) -> list[ResultadoTransmissao]:
    if not erro.enviado:
        for nota in notas:
            protocolos.devolver(nota, f"{erro} Transmita de novo.")
        db.session.commit()
        return [_resultado(n, "falhou", None, n.motivo) for n in notas]
    motivo = f"{erro} A nota fica em processamento até a consulta à SEFAZ (nfe consultar)."
    for nota in notas:
        nota.motivo = motivo
        estados.registrar_evento(nota, "sem_resposta", motivo)
    db.session.commit()
    return [_resultado(n, "em_processamento", None, motivo) for n in notas]


def _acompanhar_recibo(sefaz: ClienteSefaz, envio: EnvioNFe, tempo_medio: int) -> RetornoLote | None:
    """Consulta o recibo até o lote sair de "em processamento"; None se continuar em processamento (ou sem resposta)."""
    intervalo = configuracao.intervalo_recibo()
    for _ in range(max(1, configuracao.consultas_recibo())):
        time.sleep(intervalo)
        try:
            retorno = sefaz.consultar_recibo(envio.recibo)
        except ErroSefaz as erro:
            log.warning("Consulta do recibo %s sem resposta: %s", envio.recibo, erro)
            continue
        if acao(retorno.cstat) != Acao.EM_PROCESSAMENTO:
            envio.xml_retorno = retorno.xml
            return retorno
    return None


def _aplicar_lote(sefaz: ClienteSefaz, envio: EnvioNFe, notas: list[NotaFiscal],
                  retorno: RetornoLote) -> list[ResultadoTransmissao]:
    envio.cstat, envio.motivo, envio.processado_em = retorno.cstat, retorno.motivo, agora()
    por_chave = {p.chave: p for p in retorno.protocolos}
    resultados = []
    for nota in notas:
        protocolo = por_chave.get(nota.chave)
        item = next(i for i in envio.itens if i.nota_id == nota.id)
        if protocolo is None:
            situacao = consulta.resolver(sefaz, nota)
            resultados.append(_resultado(nota, situacao.resultado, situacao.cstat, situacao.motivo))
        elif acao(protocolo.cstat) == Acao.DUPLICIDADE:
            # a mesma chave já está autorizada (um envio anterior sem resposta): busca o protocolo
            item.cstat = protocolo.cstat
            estados.registrar_evento(nota, "duplicidade", descrever(protocolo.cstat, protocolo.motivo), protocolo.xml)
            situacao = consulta.resolver(sefaz, nota)
            resultados.append(_resultado(nota, situacao.resultado, situacao.cstat, situacao.motivo))
        elif acao(protocolo.cstat) == Acao.OUTRA_CHAVE:
            # o número já tem NF-e com outra chave: consulta-a e concilia (services/duplicidade.py)
            item.cstat = protocolo.cstat
            situacao = duplicidade.conciliar(sefaz, nota, protocolo)
            resultados.append(_resultado(nota, situacao.resultado, situacao.cstat, situacao.motivo))
        else:
            item.cstat = protocolo.cstat
            resultado, texto = protocolos.aplicar(nota, protocolo)
            resultados.append(_resultado(nota, resultado, protocolo.cstat, texto))
        db.session.commit()
    return resultados


def _lote_recusado(notas: list[NotaFiscal], retorno: RetornoLote) -> list[ResultadoTransmissao]:
    """O lote não foi processado (serviço parado, lote mal formado...)."""
    texto = descrever(retorno.cstat, retorno.motivo)
    resultados = []
    for nota in notas:
        if rejeita_notas_do_lote(retorno.cstat):
            protocolos.rejeitar(nota, retorno.cstat, retorno.motivo, retorno.xml)
            resultados.append(_resultado(nota, "rejeitada", retorno.cstat, nota.motivo))
        else:
            protocolos.devolver(nota, f"Lote não processado. {texto}")
            resultados.append(_resultado(nota, "falhou", retorno.cstat, nota.motivo))
    db.session.commit()
    return resultados
