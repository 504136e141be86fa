"""Estado em memória do simulador: notas autorizadas, números usados e inutilizados, lotes e eventos."""
import itertools
import threading
from dataclasses import dataclass, field
from datetime import datetime

from erp.sandbox.sefaz.falhas import Falhas
from erp.sandbox.sefaz.relogio import Relogio

VERSAO_APLICACAO = "SP_NFE_PL009_V4"
CHAVE = "sefaz_sim"  # onde o estado fica em app.extensions


@dataclass
class EventoRegistrado:
    tipo: str  # "110111" ou "110110"
    sequencia: int
    protocolo: str
    registrado_em: datetime
    proc_evento: bytes  # procEventoNFe (evento + retEvento)


@dataclass
class NotaRegistrada:
    chave: str
    cnpj: str
    serie: int
    numero: int
    ambiente: int
    situacao: str  # "autorizada", "denegada" ou "cancelada"
    cstat: int
    protocolo: str
    recibo: str
    digest: str
    emitida_em: datetime
    autorizada_em: datetime
    nfe: bytes  # o NFe como recebido
    prot_nfe: bytes  # o protNFe devolvido
    eventos: list[EventoRegistrado] = field(default_factory=list)


@dataclass
class LoteRecebido:
    recibo: str
    cuf: str
    ambiente: int
    recebido_em: datetime
    protocolos: list  # elementos protNFe, um por NF-e, na ordem do lote
    consultas_restantes: int  # quantas consultas ainda respondem 105 (em processamento)


class EstadoSefaz:
    """Tudo que a SEFAZ lembra. As operações que leem e gravam juntas usam `trava`."""

    def __init__(self, ambiente: int = 2, consultas_em_processamento: int = 1, tempo_medio_s: int = 1,
                 prazo_cancelamento_h: float = 24.0, dias_atraso_maximo: int = 30, contingencia: bool = False):
        self.ambiente = int(ambiente)
        self.consultas_em_processamento = int(consultas_em_processamento)
        self.tempo_medio_s = int(tempo_medio_s)
        self.prazo_cancelamento_h = float(prazo_cancelamento_h)
        self.dias_atraso_maximo = int(dias_atraso_maximo)
        self.trava = threading.RLock()
        self.relogio = Relogio()
        self.falhas = Falhas()
        self.parando = threading.Event()
        self.notas: dict[str, NotaRegistrada] = {}
        self.numeros: dict[tuple, str] = {}  # (cnpj, modelo, série, número, ambiente) → chave
        self.inutilizados: dict[tuple, str] = {}  # mesma chave → protocolo da inutilização
        self.lotes: dict[str, LoteRecebido] = {}
        self.paralisacao: int | None = None  # 108 ou 109 enquanto o serviço está parado
        self.irregulares: dict[str, int] = {}  # CNPJ/CPF → 301 (emitente) ou 302 (destinatário)
        self.requisicoes: list[dict] = []
        self.contingencia = contingencia  # esta base é a de uma SVC (aceita só tpEmis 6/7)
        self.svc: "EstadoSefaz | None" = None  # a base da SVC, ao lado da autorizadora
        self._protocolos = itertools.count(1)
        self._recibos = itertools.count(1)

    def agora(self) -> datetime:
        return self.relogio.agora()

    def novo_protocolo(self, cuf: str) -> str:
        """nProt: 1 (SEFAZ) + cUF + AA + sequência de 10 algarismos."""
        return f"1{cuf}{self.agora().year % 100:02d}{next(self._protocolos):010d}"

    def novo_recibo(self, cuf: str) -> str:
        return f"{cuf}{next(self._recibos) + 1_000_000_000:013d}"

    def receber_da_svc(self) -> int:
        """As notas autorizadas na SVC passam à base da autorizadora (a SVC as compartilha pelo Ambiente Nacional,
        NT 2013.007 item 4.8); devolve quantas."""
        if self.svc is None:
            return 0
        with self.svc.trava:
            notas = dict(self.svc.notas)
            numeros = dict(self.svc.numeros)
        with self.trava:
            self.notas.update(notas)
            self.numeros.update(numeros)
        return len(notas)

    def esperar(self, segundos: float) -> None:
        """Espera interrompível (o simulador que para não deixa threads presas)."""
        self.parando.wait(max(0.0, float(segundos)))

    def registrar_requisicao(self, servico: str, cstat: int | None, falha: str | None, detalhe: str = "") -> None:
        with self.trava:
            self.requisicoes.append({"servico": servico, "cstat": cstat, "falha": falha, "detalhe": detalhe,
                                     "quando": self.agora().isoformat()})

    def resumo_notas(self) -> list[dict]:
        with self.trava:
            return [{"chave": n.chave, "numero": n.numero, "serie": n.serie, "situacao": n.situacao,
                     "cstat": n.cstat, "protocolo": n.protocolo, "recibo": n.recibo,
                     "autorizada_em": n.autorizada_em.isoformat(),
                     "eventos": [{"tipo": e.tipo, "sequencia": e.sequencia, "protocolo": e.protocolo}
                                 for e in n.eventos]}
                    for n in self.notas.values()]
