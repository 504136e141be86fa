"""Inutilização na SEFAZ dos números pendentes (tabela NumeroInutilizar), em faixas de números seguidos."""
from dataclasses import asdict, dataclass
from datetime import datetime

from lxml import etree

from erp.extensions import db
from erp.nfe import sinais
from erp.nfe.models import NumeroInutilizar
from erp.nfe.models import InutilizacaoNFe
from erp.nfe.sefaz import documentos, mensagens
from erp.nfe.sefaz.erros import ErroSefaz
from erp.nfe.sefaz.cstat import Acao, acao, consome_numero, descrever
from erp.nfe.services import estados, protocolos
from erp.nfe.services.conversao import FUSO

JUSTIFICATIVA_PADRAO = "Numeracao nao utilizada: NF-e nao emitida por falha na geracao ou rejeicao."


@dataclass
class ResultadoInutilizacao:
    serie: int
    inicio: int
    fim: int
    resultado: str  # inutilizada | rejeitada | falhou
    cstat: int | None = None
    motivo: str | None = None
    protocolo: str | None = None

    @property
    def faixa(self) -> str:
        """'7' ou '7 a 9', para as mensagens."""
        return str(self.inicio) if self.inicio == self.fim else f"{self.inicio} a {self.fim}"

    def como_dict(self) -> dict:
        return asdict(self)


def pendentes(ambiente: str) -> list[NumeroInutilizar]:
    return (db.session.query(NumeroInutilizar).filter_by(ambiente=ambiente, situacao="pendente")
            .order_by(NumeroInutilizar.serie, NumeroInutilizar.numero).all())


def faixas(numeros: list[NumeroInutilizar]) -> list[list[NumeroInutilizar]]:
    """Números seguidos da mesma série formam uma faixa (um pedido só)."""
    grupos: list[list[NumeroInutilizar]] = []
    for pendente in numeros:
        anterior = grupos[-1][-1] if grupos else None
        if anterior is not None and anterior.serie == pendente.serie and anterior.numero + 1 == pendente.numero:
            grupos[-1].append(pendente)
        else:
            grupos.append([pendente])
    return grupos


def inutilizar_pendentes(justificativa: str | None = None) -> list[ResultadoInutilizacao]:
    empresa, assinador, cliente = protocolos.abrir_cliente()
    justificativa = justificativa or JUSTIFICATIVA_PADRAO
    resultados = []
    with cliente as sefaz:
        for faixa in faixas(pendentes(empresa.ambiente)):
            resultados.extend(_inutilizar_faixa(sefaz, empresa, assinador, faixa, justificativa))
    return resultados


def _inutilizar_faixa(sefaz, empresa, assinador, faixa, justificativa) -> list[ResultadoInutilizacao]:
    serie, inicio, fim = faixa[0].serie, faixa[0].numero, faixa[-1].numero
    dados = mensagens.Inutilizacao(1 if empresa.ambiente == "producao" else 2, sefaz.cuf,
                                   datetime.now(FUSO).year % 100, empresa.cnpj, serie, inicio, fim, justificativa)
    pedido = mensagens.inut_nfe(dados, assinador)
    registro = InutilizacaoNFe(ambiente=empresa.ambiente, serie=serie, numero_inicial=inicio, numero_final=fim,
                               justificativa=justificativa, xml_pedido=etree.tostring(pedido, encoding="utf-8"))
    db.session.add(registro)
    db.session.commit()
    try:
        retorno = sefaz.inutilizar(pedido)
    except ErroSefaz as erro:
        registro.motivo = str(erro)
        db.session.commit()
        return [ResultadoInutilizacao(serie, inicio, fim, "falhou", None, f"{erro} Tente de novo.")]
    registro.cstat, registro.motivo, registro.protocolo = retorno.cstat, retorno.motivo, retorno.protocolo or None
    if retorno.homologada:
        registro.xml_retorno = documentos.proc_inut(registro.xml_pedido, retorno.xml)
        _marcar(faixa, registro, f"Número inutilizado na SEFAZ: protocolo {retorno.protocolo}.")
        sinais.avisar(sinais.inutilizacao_homologada, registro)
        db.session.commit()
        return [ResultadoInutilizacao(serie, inicio, fim, "inutilizada", retorno.cstat, retorno.motivo,
                                      retorno.protocolo)]
    registro.xml_retorno = retorno.xml
    db.session.commit()
    if consome_numero(retorno.cstat) and len(faixa) > 1:
        # um número da faixa já foi usado ou inutilizado: um pedido por número separa o problema
        resultados = []
        for pendente in faixa:
            resultados.extend(_inutilizar_faixa(sefaz, empresa, assinador, [pendente], justificativa))
        return resultados
    if acao(retorno.cstat) == Acao.DUPLICIDADE:
        _marcar(faixa, registro, "O número já estava inutilizado na SEFAZ.")
        db.session.commit()
        return [ResultadoInutilizacao(serie, inicio, fim, "inutilizada", retorno.cstat,
                                      "O número já estava inutilizado na SEFAZ.")]
    return [ResultadoInutilizacao(serie, inicio, fim, "rejeitada", retorno.cstat,
                                  descrever(retorno.cstat, retorno.motivo))]


def _marcar(faixa: list[NumeroInutilizar], registro: InutilizacaoNFe, mensagem: str) -> None:
    for pendente in faixa:
        nota = pendente.nota
        if nota is not None and nota.situacao == "rejeitada":
            estados.transicionar(nota, "descartada", mensagem="Rejeitada pela SEFAZ; o número será inutilizado.")
        estados.marcar_inutilizado(pendente)
        if nota is not None:
            estados.registrar_evento(nota, "inutilizacao", mensagem, registro.xml_retorno)
