"""As notas fiscais de cada venda, para a lista e o detalhe das vendas, sem depender da NF-e.

A NF-e fica acima das vendas: este módulo não a importa. Quem emite as notas registra, no seu `init_app`, uma
função que diz as notas de um grupo de vendas (uma consulta para a página inteira):

    from erp.vendas.notas import NotaDaVenda, fornecer_notas

    @fornecer_notas
    def notas_das_vendas(venda_ids: list[int]) -> dict[int, list[NotaDaVenda]]:
        ...  # {id da venda: [NotaDaVenda, ...]} da mais antiga para a mais nova

Sem ninguém registrado, as telas de vendas mostram que não há nota.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

_fornecedores: list = []
# O emitente pode pedir o cancelamento da NF-e em até 24 horas da Autorização de Uso (Ajuste SINIEF 07/05, cláusula
# décima segunda, redação do Ajuste SINIEF 44/20; docs/tray.md). Contado aqui da emissão, que vem antes da
# autorização: o prazo mostrado nunca passa do real.
PRAZO_CANCELAMENTO_NFE = timedelta(hours=24)


@dataclass(frozen=True)
class NotaDaVenda:
    """O que as telas de vendas mostram de uma NF-e."""

    numero: int
    serie: int
    situacao: str  # como a NF-e guarda (autorizada, cancelada, denegada, rejeitada, ...)
    situacao_nome: str  # para mostrar ("Autorizada")
    chave: str | None = None
    emitida_em: datetime | None = None
    url: str | None = None  # a página da nota
    url_danfe: str | None = None  # o PDF do DANFE, quando há
    url_xml: str | None = None  # o XML (nfeProc depois de autorizada), quando há

    @property
    def valida(self) -> bool:
        """A nota vale como documento fiscal (autorizada e não cancelada)?"""
        return self.situacao == "autorizada"

    @property
    def cancelavel_ate(self) -> datetime | None:
        """Até quando (UTC) a nota válida pode ser cancelada na SEFAZ (PRAZO_CANCELAMENTO_NFE)."""
        if not self.valida or self.emitida_em is None:
            return None
        return self.emitida_em + PRAZO_CANCELAMENTO_NFE


def fornecer_notas(funcao):
    """Registra quem diz as notas das vendas (a NF-e, no seu `init_app`); devolve a função (decorador)."""
    if funcao not in _fornecedores:
        _fornecedores.append(funcao)
    return funcao


def esquecer_fornecedor(funcao) -> None:
    if funcao in _fornecedores:
        _fornecedores.remove(funcao)


def notas_das_vendas(venda_ids) -> dict[int, list[NotaDaVenda]]:
    """{id da venda: [notas, da mais antiga para a mais nova]} das vendas dadas (vazio sem fornecedor)."""
    ids = [int(i) for i in dict.fromkeys(venda_ids) if i is not None]
    saida: dict[int, list[NotaDaVenda]] = {}
    if not ids:
        return saida
    for fornecedor in _fornecedores:
        for venda_id, notas in (fornecedor(ids) or {}).items():
            saida.setdefault(int(venda_id), []).extend(notas)
    return saida


def ultima_nota(notas: list[NotaDaVenda]) -> NotaDaVenda | None:
    """A nota que a lista mostra: a válida, se houver; senão a mais recente."""
    validas = [n for n in notas if n.valida]
    return (validas or notas or [None])[-1]
