"""Erros da importação de pedidos; a mensagem é o motivo mostrado ao usuário."""


class PedidoInvalido(Exception):
    """O pedido não pode virar venda (sem CPF/CNPJ, município desconhecido, total que não fecha...)."""


class PedidoIgnorado(Exception):
    """O pedido não deve ser importado (cancelado, ou status fora dos escolhidos para a loja)."""
