"""Do pedido completo da Tray aos dados da venda, sem banco: tudo que pode recusar o pedido acontece aqui."""
from dataclasses import dataclass

from erp.lojas_virtuais.tray import valores as tv
from erp.pedidos import mapeamento as m
from erp.pedidos.erros import PedidoIgnorado, PedidoInvalido
from erp.pedidos.pagamentos import pagamentos_do_pedido
from erp.pedidos.valores import TotaisDoPedido, calcular_totais
from erp.vendas.estados import SituacaoVenda


@dataclass
class PedidoPreparado:
    pedido_tray_id: str
    cliente_tray_id: str | None
    cliente: dict
    venda: dict
    itens: list[m.ItemTray]
    totais: TotaisDoPedido
    pagamentos: list[dict]


MARQUE_O_STATUS = "Para importar pedidos neste status, marque-o em Configuração da importação."


def verificar_status(pedido: dict, status_importaveis: list[str] | None) -> None:
    """PedidoIgnorado se o pedido está cancelado ou num status que a loja não importa. Sem status escolhidos,
    a loja importa os pagos: quem aguarda pagamento só entra se o status for marcado na configuração."""
    nome = m.nome_status(pedido)
    if m.cancelado(pedido):
        raise PedidoIgnorado(f"Pedido cancelado na Tray ({nome or 'cancelado'}).")
    if status_importaveis:
        if nome not in status_importaveis:
            raise PedidoIgnorado(f"Status '{nome}' não está entre os que esta loja importa.", MARQUE_O_STATUS)
    elif m.aguarda_pagamento(pedido):
        raise PedidoIgnorado(f"Pedido aguardando pagamento ({nome}): só os pedidos pagos são importados.",
                             MARQUE_O_STATUS)


def preparar(pedido: dict, juros_como: str = "outras_despesas",
             formas_pagamento: dict[str, str] | None = None) -> PedidoPreparado:
    """`formas_pagamento`: o mapeamento da loja (nome da forma → tPag), que vale antes das palavras."""
    ident = m.texto(pedido.get("id"), 30)
    if not ident:
        raise PedidoInvalido("Pedido sem número.")
    cliente_tray = pedido.get("Customer") if isinstance(pedido.get("Customer"), dict) else None
    if not cliente_tray:
        raise PedidoInvalido("Pedido sem os dados do cliente.")
    cliente = m.dados_cliente(cliente_tray)
    entrega, destinatario = m.endereco_entrega(cliente_tray)
    itens = m.itens(pedido)
    totais = calcular_totais(pedido, [(i.quantidade, i.preco) for i in itens], juros_como)
    observacao = "\n".join(t for t in (m.texto(pedido.get("customer_note"), 2000, uma_linha=False),
                                        m.texto(pedido.get("store_note"), 2000, uma_linha=False)) if t)
    venda = {
        "pedido_tray_id": ident,
        "status_tray": m.nome_status(pedido),
        "data_pedido": m.data_pedido(pedido),
        "situacao": SituacaoVenda.PRONTO_PARA_FATURAR.value,
        "destinatario": destinatario or cliente["nome"],
        "total_produtos": totais.total_produtos,
        "frete": totais.frete,
        "seguro": tv.dinheiro("0"),
        "desconto": totais.desconto,
        "outras_despesas": totais.outras_despesas,
        "total": totais.total,
        "origem": m.origem(pedido),
        "forma_envio": m.texto(pedido.get("shipment"), 120),
        "observacao": observacao,
        **m.marketplace(pedido),
        **entrega,
        **{f"cobranca_{campo}": cliente[campo] for campo in m.CAMPOS_ENDERECO},
    }
    return PedidoPreparado(
        pedido_tray_id=ident,
        cliente_tray_id=m.texto(cliente_tray.get("id"), 30) or m.texto(pedido.get("customer_id"), 30) or None,
        cliente=cliente, venda=venda, itens=itens, totais=totais,
        pagamentos=pagamentos_do_pedido(pedido, totais.total, formas_pagamento),
    )
