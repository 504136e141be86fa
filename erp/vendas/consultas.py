"""Consultas de vendas para a tela, a linha de comando e o JSON."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from erp.comum.datas import fim_do_dia, inicio_do_dia
from erp.comum.documentos import limpar
from erp.extensions import db
from erp.vendas.models import SITUACOES_VENDA, Cliente, Venda


def ler_data(valor) -> date | None:
    """Uma data AAAA-MM-DD (de formulário ou URL); None para o que não é data."""
    if isinstance(valor, date):
        return valor
    try:
        return date.fromisoformat((valor or "").strip()[:10])
    except ValueError:
        return None


@dataclass
class FiltrosVendas:
    de: date | None = None
    ate: date | None = None
    cliente: str = ""
    situacao: str = ""
    loja_id: int | None = None

    @classmethod
    def de_dict(cls, dados) -> "FiltrosVendas":
        loja = (dados.get("loja") or "").strip()
        return cls(de=ler_data(dados.get("de")), ate=ler_data(dados.get("ate")), cliente=dados.get("cliente") or "",
                   situacao=dados.get("situacao") or "", loja_id=int(loja) if loja.isdigit() else None)


def do_periodo(de: date | None, ate: date | None) -> list:
    """As condições de "de"/"até" sobre a data do pedido, em dias de Brasília."""
    condicoes = []
    if de:
        condicoes.append(Venda.data_pedido >= inicio_do_dia(de))
    if ate:
        condicoes.append(Venda.data_pedido < fim_do_dia(ate))
    return condicoes


def do_cliente(texto: str):
    """A condição do filtro de cliente: pelo nome, ou pelo começo do CPF/CNPJ quando há algarismos (um nome só
    busca pelo nome, que tem índice). Subconsulta: a ordem segue o índice da venda e a contagem não junta tabelas."""
    condicoes = [Cliente.nome.ilike(f"%{texto}%")]
    documento = limpar(texto)
    if any(c.isdigit() for c in documento):
        condicoes.append(Cliente.cpf_cnpj.like(f"{documento}%"))
    return Venda.cliente_id.in_(select(Cliente.id).where(or_(*condicoes)))


def consulta_vendas(filtros: FiltrosVendas):
    """As vendas do filtro, mais novas primeiro, com cliente, loja e itens carregados de uma vez (a lista não
    faz uma consulta por linha). O cliente entra como subconsulta, só quando filtrado: a ordem segue o índice
    (data_pedido, id) e a contagem não junta as tabelas."""
    consulta = db.session.query(Venda).options(
        selectinload(Venda.cliente), selectinload(Venda.loja), selectinload(Venda.itens))
    if filtros.situacao in SITUACOES_VENDA:
        consulta = consulta.filter(Venda.situacao == filtros.situacao)
    if filtros.loja_id:
        consulta = consulta.filter(Venda.loja_id == filtros.loja_id)
    consulta = consulta.filter(*do_periodo(filtros.de, filtros.ate))
    if filtros.cliente.strip():
        consulta = consulta.filter(do_cliente(filtros.cliente.strip()))
    return consulta.order_by(Venda.data_pedido.desc(), Venda.id.desc())


def _dinheiro(valor) -> str:
    return f"{valor:.2f}"


def venda_como_dict(venda: Venda) -> dict:
    cliente = venda.cliente
    return {
        "id": venda.id,
        "pedido_tray": venda.pedido_tray_id,
        "loja": venda.loja_id,
        "situacao": venda.situacao,
        "cliente": {"nome": cliente.nome, "cpf_cnpj": cliente.cpf_cnpj or "", "uf": cliente.uf,
                    "municipio_ibge": cliente.municipio_ibge},
        "itens": len(venda.itens),
        "total_produtos": _dinheiro(venda.total_produtos),
        "frete": _dinheiro(venda.frete),
        "desconto": _dinheiro(venda.desconto),
        "outras_despesas": _dinheiro(venda.outras_despesas),
        "total": _dinheiro(venda.total),
        "rastreio": {"codigo": venda.rastreio_codigo, "url": venda.rastreio_url,
                     "data": venda.rastreio_data.isoformat() if venda.rastreio_data else None},
        "cancelado_na_tray": ({"em": venda.cancelado_na_tray_em.isoformat(), "por": venda.cancelado_na_tray_por}
                              if venda.cancelado_na_tray_em else None),
    }


def pendencias(venda: Venda) -> list[str]:
    """O que impede faturar a venda (produtos com cadastro incompleto)."""
    avisos, vistos = [], set()
    for item in venda.itens:
        produto = item.produto
        if produto.id in vistos or not produto.pendencias:
            continue
        vistos.add(produto.id)
        faltas = ", ".join(produto.pendencias)
        avisos.append(f"Produto {produto.nome} ({produto.referencia}) sem {faltas}: complete o cadastro "
                      "antes de faturar.")
    return avisos
