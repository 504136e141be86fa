"""Erros da comunicação com a SEFAZ. `str(erro)` é uma mensagem para o usuário (pt-BR)."""


class ErroSefaz(Exception):
    """Base dos erros de comunicação com a SEFAZ."""


class SefazIndisponivel(ErroSefaz):
    """A SEFAZ não atendeu. `enviado` diz se a mensagem pode ter chegado e sido processada.

    Com `enviado=False` (conexão recusada, tempo de conexão esgotado) é seguro repetir o envio. Com
    `enviado=True` a nota pode ter sido autorizada: consulte a situação antes de qualquer reenvio.
    """

    def __init__(self, mensagem: str, enviado: bool):
        self.enviado = enviado
        super().__init__(mensagem)


class TempoEsgotado(SefazIndisponivel):
    """A mensagem foi enviada e a resposta não chegou a tempo."""

    def __init__(self, mensagem: str):
        super().__init__(mensagem, enviado=True)


class ServicoBloqueado(SefazIndisponivel):
    """O serviço não foi chamado: está em espera (consumo indevido, 656, ou recuo depois de erros da SEFAZ)."""

    def __init__(self, mensagem: str):
        super().__init__(mensagem, enviado=False)


class RespostaInvalida(ErroSefaz):
    """A SEFAZ respondeu algo que não é o retorno esperado (SOAP Fault, HTTP de erro, XML quebrado)."""

    def __init__(self, mensagem: str, status: int | None = None, corpo: bytes = b""):
        self.status = status
        self.corpo = corpo
        super().__init__(mensagem)


class CertificadoIndisponivel(ErroSefaz):
    """Sem certificado A1 utilizável para a conexão segura (mTLS) com a SEFAZ."""
