"""Erros de negócio do catálogo, com o campo e a mensagem em português."""


class ErroProduto(ValueError):
    """Dado inválido num produto ou variação; `campo` aponta o campo do formulário."""

    def __init__(self, campo: str | None, mensagem: str):
        super().__init__(mensagem)
        self.campo = campo
        self.mensagem = mensagem

    def __str__(self) -> str:
        return self.mensagem


class ErroImagem(ErroProduto):
    """Arquivo que não serve como imagem de produto (formato, tamanho, download)."""

    def __init__(self, mensagem: str):
        super().__init__("imagens", mensagem)
