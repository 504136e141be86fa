"""Erros da importação de pedidos; a mensagem é o motivo mostrado ao usuário."""


class PedidoInvalido(Exception):
    """O pedido não pode virar venda (sem CPF/CNPJ, município desconhecido, total que não fecha...): o que fazer
    é corrigi-lo na Tray e importar de novo."""


class PedidoIgnorado(Exception):
    """O pedido não deve ser importado (cancelado, ou status fora dos escolhidos para a loja). `acao`: como
    importá-lo mesmo assim, quando há jeito."""

    def __init__(self, mensagem: str, acao: str | None = None):
        super().__init__(mensagem)
        self.acao = acao
