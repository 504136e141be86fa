"""Certificado digital A1 (PKCS#12): carga, dados do titular e conferência do CNPJ.

O CNPJ do titular vem da extensão SubjectAltName, otherName OID 2.16.76.1.3.3 (padrão ICP-Brasil),
ou, na falta dela, do que vem depois de ':' no CN ("RAZAO SOCIAL:12345678000195").
"""
import base64
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from erp.nfe.fiscal.erros import (
    CertificadoInvalido, CertificadoVencido, CnpjCertificadoDivergente, SenhaCertificadoInvalida,
)

OID_CNPJ = x509.ObjectIdentifier("2.16.76.1.3.3")
_CNPJ = re.compile(r"[0-9A-Z]{12}[0-9]{2}")
_TAGS_TEXTO = {0x04, 0x0C, 0x13, 0x16}  # OCTET STRING, UTF8String, PrintableString, IA5String


@dataclass(frozen=True)
class InfoCertificado:
    titular: str  # o CN inteiro; no ICP-Brasil, "RAZAO SOCIAL:CNPJ"
    cnpj: str
    emissor: str
    numero_serie: str
    valido_de: datetime
    valido_ate: datetime
    dias_para_expirar: int


class CertificadoA1:
    """Chave privada e certificado já carregados: carregue uma vez e reaproveite em cada assinatura."""

    def __init__(self, chave_privada, certificado: x509.Certificate, cadeia=()):
        if not isinstance(chave_privada, rsa.RSAPrivateKey):
            raise CertificadoInvalido("O certificado precisa ter chave privada RSA para assinar a NF-e.")
        self.chave_privada = chave_privada
        self.certificado = certificado
        self.cadeia = tuple(cadeia)

    @cached_property
    def der_base64(self) -> str:
        """Conteúdo de X509Certificate: o DER em base64, sem cabeçalho PEM."""
        return base64.b64encode(self.certificado.public_bytes(serialization.Encoding.DER)).decode()

    @cached_property
    def pem(self) -> bytes:
        return self.certificado.public_bytes(serialization.Encoding.PEM)

    @cached_property
    def cnpj(self) -> str:
        return cnpj_do_certificado(self.certificado)

    def info(self, agora: datetime | None = None) -> InfoCertificado:
        agora = agora or datetime.now(timezone.utc)
        cert = self.certificado
        return InfoCertificado(
            titular=_nome(cert.subject),
            cnpj=self.cnpj,
            emissor=_nome(cert.issuer),
            numero_serie=format(cert.serial_number, "X"),
            valido_de=cert.not_valid_before_utc,
            valido_ate=cert.not_valid_after_utc,
            dias_para_expirar=(cert.not_valid_after_utc - agora).days,
        )

    def verificar_validade(self, agora: datetime | None = None) -> None:
        agora = agora or datetime.now(timezone.utc)
        cert = self.certificado
        if agora < cert.not_valid_before_utc:
            raise CertificadoVencido(
                f"O certificado digital só vale a partir de {cert.not_valid_before_utc:%d/%m/%Y}.")
        if agora > cert.not_valid_after_utc:
            raise CertificadoVencido(f"O certificado digital venceu em {cert.not_valid_after_utc:%d/%m/%Y}.")

    def verificar_cnpj(self, cnpj_empresa: str) -> None:
        """A SEFAZ exige que a raiz (8 primeiras posições) seja a mesma do emitente (rejeição 213)."""
        if not self.cnpj:
            raise CertificadoInvalido("O certificado digital não traz o CNPJ do titular (não é um e-CNPJ).")
        if self.cnpj[:8] != cnpj_empresa.upper()[:8]:
            raise CnpjCertificadoDivergente(self.cnpj, cnpj_empresa)


def carregar_certificado(dados: bytes, senha: str | bytes) -> CertificadoA1:
    if isinstance(senha, str):
        senha = senha.encode()
    try:
        pacote = pkcs12.load_pkcs12(dados, senha or None)
    except ValueError as erro:
        if "password" in str(erro).lower():
            raise SenhaCertificadoInvalida() from erro
        raise CertificadoInvalido("Arquivo de certificado inválido: não é um PKCS#12 (.pfx/.p12) legível.") from erro
    if pacote.key is None or pacote.cert is None:
        raise CertificadoInvalido("O arquivo do certificado não tem a chave privada e o certificado.")
    return CertificadoA1(pacote.key, pacote.cert.certificate, [c.certificate for c in pacote.additional_certs])


def cnpj_do_certificado(cert: x509.Certificate) -> str:
    try:
        nomes = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        nomes = []
    for nome in nomes:
        if isinstance(nome, x509.OtherName) and nome.type_id == OID_CNPJ:
            achado = _CNPJ.search(_texto_der(nome.value))
            if achado:
                return achado[0]
    for atributo in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME):
        if ":" in atributo.value:
            achado = _CNPJ.fullmatch(atributo.value.rsplit(":", 1)[1].strip())
            if achado:
                return achado[0]
    return ""


def _texto_der(valor: bytes) -> str:
    """Conteúdo de um valor DER simples (tag, tamanho, bytes) de tipo texto; vazio se não for."""
    if len(valor) < 2 or valor[0] not in _TAGS_TEXTO:
        return ""
    tamanho, inicio = valor[1], 2
    if tamanho & 0x80:
        octetos = tamanho & 0x7F
        tamanho, inicio = int.from_bytes(valor[2:2 + octetos], "big"), 2 + octetos
    return valor[inicio:inicio + tamanho].decode("latin-1")


def _nome(nome: x509.Name) -> str:
    cns = nome.get_attributes_for_oid(NameOID.COMMON_NAME)
    return cns[0].value if cns else nome.rfc4514_string()
