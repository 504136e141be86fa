"""Leitura dos retornos da SEFAZ em objetos simples (o XML original fica junto, para guardar)."""
import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from erp.nfe.sefaz.cstat import Acao, acao

NS = "{http://www.portalfiscal.inf.br/nfe}"


def _t(elemento, caminho: str) -> str:
    xpath = "/".join(NS + parte for parte in caminho.split("/"))
    return (elemento.findtext(xpath) or "").strip()


def _cstat(elemento, caminho: str = "cStat") -> int:
    valor = _t(elemento, caminho)
    return int(valor) if valor.isdigit() else 0


def _data(texto: str) -> datetime | None:
    try:
        return datetime.fromisoformat(texto) if texto else None
    except ValueError:
        return None


_CHAVE_NO_MOTIVO = re.compile(r"chNFe\s*:?\s*(\d{44})", re.IGNORECASE)


def chave_no_motivo(motivo: str) -> str | None:
    """A chave que a SEFAZ põe no xMotivo da duplicidade com outra chave: "[chNFe: 3526...][nRec:...]"."""
    achada = _CHAVE_NO_MOTIVO.search(motivo or "")
    return achada.group(1) if achada else None


def cstat_do_retorno(retorno: etree._Element) -> int | None:
    """O cStat do retorno de qualquer serviço (na raiz, ou em infInut na inutilização)."""
    texto = _t(retorno, "cStat") or _t(retorno, "infInut/cStat")
    return int(texto) if texto.isdigit() else None


def xml(elemento: etree._Element) -> bytes:
    return etree.tostring(elemento, encoding="utf-8")


@dataclass(frozen=True)
class Protocolo:
    """protNFe: o resultado de uma NF-e."""

    chave: str
    cstat: int
    motivo: str
    protocolo: str
    recebido_em: datetime | None
    digest: str
    xml: bytes  # o protNFe inteiro, para montar o nfeProc

    @property
    def autorizada(self) -> bool:
        return acao(self.cstat) == Acao.AUTORIZADA

    @property
    def denegada(self) -> bool:
        return acao(self.cstat) == Acao.DENEGADA

    @classmethod
    def de(cls, prot: etree._Element) -> "Protocolo":
        inf = prot.find(NS + "infProt")
        return cls(_t(inf, "chNFe"), _cstat(inf), _t(inf, "xMotivo"), _t(inf, "nProt"),
                   _data(_t(inf, "dhRecbto")), _t(inf, "digVal"), xml(prot))


@dataclass(frozen=True)
class RetornoLote:
    """retEnviNFe ou retConsReciNFe."""

    cstat: int
    motivo: str
    recibo: str = ""
    tempo_medio: int = 0
    protocolos: list[Protocolo] = field(default_factory=list)
    xml: bytes = b""

    @classmethod
    def de(cls, ret: etree._Element) -> "RetornoLote":
        recibo = _t(ret, "infRec/nRec") or _t(ret, "nRec")
        tempo = _t(ret, "infRec/tMed")
        return cls(_cstat(ret), _t(ret, "xMotivo"), recibo, int(tempo) if tempo.isdigit() else 0,
                   [Protocolo.de(p) for p in ret.findall(NS + "protNFe")], xml(ret))


@dataclass(frozen=True)
class RetornoConsulta:
    """retConsSitNFe."""

    cstat: int
    motivo: str
    chave: str
    protocolo: Protocolo | None
    eventos: list[bytes]  # procEventoNFe
    xml: bytes

    @classmethod
    def de(cls, ret: etree._Element) -> "RetornoConsulta":
        prot = ret.find(NS + "protNFe")
        return cls(_cstat(ret), _t(ret, "xMotivo"), _t(ret, "chNFe"), Protocolo.de(prot) if prot is not None else None,
                   [xml(e) for e in ret.findall(NS + "procEventoNFe")], xml(ret))


@dataclass(frozen=True)
class RetornoStatus:
    cstat: int
    motivo: str
    tempo_medio: int
    observacao: str
    xml: bytes

    @property
    def em_operacao(self) -> bool:
        return acao(self.cstat) == Acao.SERVICO_EM_OPERACAO

    @classmethod
    def de(cls, ret: etree._Element) -> "RetornoStatus":
        tempo = _t(ret, "tMed")
        return cls(_cstat(ret), _t(ret, "xMotivo"), int(tempo) if tempo.isdigit() else 0, _t(ret, "xObs"), xml(ret))


@dataclass(frozen=True)
class RetornoInutilizacao:
    cstat: int
    motivo: str
    protocolo: str
    xml: bytes

    @property
    def homologada(self) -> bool:
        return acao(self.cstat) == Acao.INUTILIZADO

    @classmethod
    def de(cls, ret: etree._Element) -> "RetornoInutilizacao":
        return cls(_cstat(ret, "infInut/cStat"), _t(ret, "infInut/xMotivo"), _t(ret, "infInut/nProt"), xml(ret))


@dataclass(frozen=True)
class RetornoEvento:
    """Um retEvento (resultado de um evento do lote)."""

    cstat: int
    motivo: str
    chave: str
    tipo: str
    sequencia: int
    protocolo: str
    registrado_em: datetime | None
    xml: bytes

    @property
    def registrado(self) -> bool:
        return acao(self.cstat) == Acao.EVENTO_REGISTRADO


@dataclass(frozen=True)
class RetornoEventos:
    """retEnvEvento."""

    cstat: int
    motivo: str
    eventos: list[RetornoEvento]
    xml: bytes

    @classmethod
    def de(cls, ret: etree._Element) -> "RetornoEventos":
        eventos = []
        for retorno in ret.findall(NS + "retEvento"):
            inf = retorno.find(NS + "infEvento")
            sequencia = _t(inf, "nSeqEvento")
            eventos.append(RetornoEvento(_cstat(inf), _t(inf, "xMotivo"), _t(inf, "chNFe"), _t(inf, "tpEvento"),
                                         int(sequencia) if sequencia.isdigit() else 0, _t(inf, "nProt"),
                                         _data(_t(inf, "dhRegEvento")), xml(retorno)))
        return cls(_cstat(ret), _t(ret, "xMotivo"), eventos, xml(ret))
