"""Certificado A1 da empresa: conferência no envio, guarda cifrada, aviso de vencimento e carga."""
from dataclasses import dataclass
from datetime import datetime, timezone

from erp.comum.formatos import data, documento
from erp.comum.modelos import agora as agora_utc
from erp.extensions import db
from erp.nfe.fiscal.assinatura import Assinador
from erp.nfe.fiscal.certificado import carregar_certificado
from erp.nfe.fiscal.erros import CertificadoInvalido
from erp.nfe.models import Empresa
from erp.nfe.services.erros import CertificadoRecusado, EmissaoImpossivel

DIAS_AVISO = 30


@dataclass(frozen=True)
class SituacaoCertificado:
    dias_restantes: int
    vencido: bool
    aviso: str | None  # texto para a tela (a partir de 30 dias antes do vencimento)


def _utc(momento: datetime) -> datetime:
    return momento.astimezone(timezone.utc).replace(tzinfo=None)


def salvar(empresa: Empresa, conteudo: bytes, senha: str, agora: datetime | None = None) -> Empresa:
    """Confere senha, CNPJ e validade; guarda o arquivo e a senha cifrados."""
    if not conteudo:
        raise CertificadoRecusado("Escolha o arquivo do certificado A1 (.pfx ou .p12).")
    agora = agora or agora_utc()
    try:
        cert = carregar_certificado(conteudo, senha or "")
        cert.verificar_cnpj(empresa.cnpj)
    except CertificadoInvalido as erro:
        raise CertificadoRecusado(str(erro)) from erro
    info = cert.info(agora.replace(tzinfo=timezone.utc))
    if _utc(info.valido_ate) < agora:
        raise CertificadoRecusado(f"O certificado digital venceu em {data(info.valido_ate)}.")
    empresa.certificado_pfx = conteudo
    empresa.certificado_senha = senha or ""
    empresa.certificado_titular = info.titular
    empresa.certificado_cnpj = info.cnpj
    empresa.certificado_valido_de = _utc(info.valido_de)
    empresa.certificado_valido_ate = _utc(info.valido_ate)
    empresa.certificado_enviado_em = agora
    db.session.commit()
    return empresa


def situacao(empresa: Empresa | None, agora: datetime | None = None) -> SituacaoCertificado | None:
    if empresa is None or empresa.certificado_valido_ate is None:
        return None
    agora = agora or agora_utc()
    vence = empresa.certificado_valido_ate
    dias = (vence - agora).days
    if vence < agora:
        return SituacaoCertificado(dias, True, f"O certificado digital venceu em {data(vence)}. "
                                               "Envie um certificado válido para gerar NF-e.")
    if dias <= DIAS_AVISO:
        quando = "hoje" if dias == 0 else f"em {dias} dia{'s' if dias != 1 else ''}"
        return SituacaoCertificado(dias, False, f"O certificado digital vence {quando} ({data(vence)}). "
                                                "Renove-o e envie o novo arquivo.")
    return SituacaoCertificado(dias, False, None)


def carregar_da_empresa(empresa: Empresa, agora: datetime | None = None) -> Assinador:
    """O assinador pronto para o lote; EmissaoImpossivel se não houver certificado utilizável."""
    if not empresa.certificado_pfx:
        raise EmissaoImpossivel("Envie o certificado digital A1 da empresa em NF-e → Empresa "
                                "antes de gerar notas.")
    try:
        cert = carregar_certificado(empresa.certificado_pfx, empresa.certificado_senha or "")
        cert.verificar_validade((agora or agora_utc()).replace(tzinfo=timezone.utc))
        cert.verificar_cnpj(empresa.cnpj)
    except CertificadoInvalido as erro:
        raise EmissaoImpossivel(f"{erro} Envie o certificado correto em NF-e → Empresa.") from erro
    return Assinador(cert)


def titular_formatado(empresa: Empresa) -> str:
    return f"{empresa.certificado_titular} ({documento(empresa.certificado_cnpj)})"
