"""Erros tipados da conversa com a Tray; `str(erro)` é uma mensagem em português para o usuário."""


class ErroTray(Exception):
    """Base de todos os erros da Tray. `.status` (HTTP, quando houve resposta) e `.causas` (da Tray)."""

    mensagem_padrao = "Erro na comunicação com a Tray."

    def __init__(self, mensagem: str | None = None, status: int | None = None, causas=None,
                 error_code: int | None = None):
        self.mensagem = mensagem or self.mensagem_padrao
        self.status = status
        self.causas = list(causas or [])
        self.error_code = error_code
        super().__init__(self.mensagem)

    def __str__(self) -> str:
        return self.mensagem


class ErroAutenticacao(ErroTray):
    """Token ou code recusado; a loja fica marcada "precisa reconectar"."""

    mensagem_padrao = "Credenciais recusadas pela Tray: reconecte a loja."


class NaoEncontrado(ErroTray):
    mensagem_padrao = "Registro não encontrado na Tray."


class ErroValidacao(ErroTray):
    """HTTP 400: a Tray recusou os dados; `.causas` traz os motivos por campo."""

    mensagem_padrao = "A Tray recusou os dados."

    @classmethod
    def das_causas(cls, causas, status: int = 400) -> "ErroValidacao":
        causas = [str(c) for c in (causas or []) if str(c).strip()]
        texto = "A Tray recusou os dados: " + "; ".join(causas) if causas else cls.mensagem_padrao
        return cls(texto, status=status, causas=causas)


class LimiteExcedido(ErroTray):
    mensagem_padrao = "Limite de requisições da Tray excedido; tente em instantes."


class Indisponivel(ErroTray):
    """Tempo esgotado, falha de conexão, erro 5xx ou resposta que não é JSON.

    `talvez_aplicado` é True quando um POST pode ter chegado à Tray (erro 5xx, tempo esgotado na
    leitura): confira na loja antes de repetir, para não criar registros duplicados.
    """

    mensagem_padrao = "Loja Tray indisponível; tente novamente em instantes."

    def __init__(self, mensagem: str | None = None, status: int | None = None, causas=None,
                 error_code: int | None = None, talvez_aplicado: bool = False):
        super().__init__(mensagem, status, causas, error_code)
        self.talvez_aplicado = talvez_aplicado


class LojaPausada(ErroTray):
    mensagem_padrao = "A loja está pausada: retome-a em Lojas Virtuais para voltar a sincronizar."


class EnderecoInvalido(ErroTray):
    """O endereço informado não é a API de uma loja Tray."""

    mensagem_padrao = "O endereço informado não respondeu como a API da Tray"
