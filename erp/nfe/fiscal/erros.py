"""Erros tipados do núcleo fiscal. As mensagens são para o usuário (pt-BR)."""
from dataclasses import dataclass


class ErroFiscal(Exception):
    """Base de todos os erros do núcleo fiscal."""


@dataclass(frozen=True)
class Pendencia:
    """Um dado que falta ou está errado. `produto` é o código do produto, quando o problema é de um item."""

    campo: str
    mensagem: str
    produto: str = ""


class DadosIncompletos(ErroFiscal):
    """Faltam dados (ou há dados inválidos) para montar a nota; nada foi gerado nem assinado."""

    def __init__(self, pendencias):
        self.pendencias = tuple(pendencias)
        super().__init__("\n".join(p.mensagem for p in self.pendencias))

    @property
    def mensagens(self) -> list[str]:
        return [p.mensagem for p in self.pendencias]


class SchemaInvalido(ErroFiscal):
    """O XML montado não passa no XSD oficial; a nota não foi assinada."""

    def __init__(self, mensagens):
        self.mensagens = list(mensagens)
        super().__init__("\n".join(self.mensagens))


class CertificadoInvalido(ErroFiscal):
    """Arquivo de certificado ilegível, sem chave privada, vencido ou impróprio para assinar."""


class SenhaCertificadoInvalida(CertificadoInvalido):
    def __init__(self, mensagem: str = "Senha do certificado digital incorreta."):
        super().__init__(mensagem)


class CertificadoVencido(CertificadoInvalido):
    """O certificado ainda não vale ou já venceu na data da assinatura."""


class CnpjCertificadoDivergente(CertificadoInvalido):
    """A raiz do CNPJ do certificado (8 primeiras posições) difere da raiz do CNPJ da empresa."""

    def __init__(self, cnpj_certificado: str, cnpj_empresa: str):
        self.cnpj_certificado = cnpj_certificado
        self.cnpj_empresa = cnpj_empresa
        super().__init__(
            f"O certificado digital é do CNPJ {cnpj_certificado}, que não pertence à empresa "
            f"{cnpj_empresa} (as 8 primeiras posições, a raiz do CNPJ, são diferentes)."
        )


class AssinaturaInvalida(ErroFiscal):
    """A assinatura digital do XML não confere."""
