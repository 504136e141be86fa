"""Erros dos serviços de NF-e (as mensagens são para o usuário)."""


class EmissaoImpossivel(Exception):
    """Falta algo da empresa (cadastro ou certificado): nenhuma nota pode ser gerada."""


class CertificadoRecusado(Exception):
    """O certificado enviado não foi aceito (senha, arquivo, CNPJ ou validade)."""
