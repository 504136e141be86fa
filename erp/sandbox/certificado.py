"""Certificado A1 de teste (autoassinado, no formato ICP-Brasil) para a demonstração e os testes.

A SEFAZ não aceita certificado fora da cadeia ICP-Brasil: isto nunca vai para produção.
"""
from datetime import datetime, timedelta, timezone

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

OID_CNPJ = x509.ObjectIdentifier("2.16.76.1.3.3")  # otherName do CNPJ do titular (ICP-Brasil)


def gerar_certificado_teste(cnpj: str, senha: str, razao_social: str = "EMPRESA TESTE", dias: int = 365) -> bytes:
    """A1 autoassinado (RSA 2048) no formato ICP-Brasil: CN "RAZAO:CNPJ" e otherName 2.16.76.1.3.3.

    Só para homologação e testes: a SEFAZ não aceita certificado fora da cadeia ICP-Brasil.
    """
    chave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cnpj = cnpj.upper()
    titular = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "BR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ICP-Brasil"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Certificado de teste"),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{razao_social}:{cnpj}"),
    ])
    agora = datetime.now(timezone.utc)
    outro_nome = x509.OtherName(OID_CNPJ, bytes([0x04, len(cnpj)]) + cnpj.encode())
    certificado = (
        x509.CertificateBuilder()
        .subject_name(titular).issuer_name(titular)
        .public_key(chave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(agora - timedelta(minutes=5))
        .not_valid_after(agora + timedelta(days=dias))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=True, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False,
            decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage(
            [ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectAlternativeName([outro_nome]), critical=False)
        .sign(chave, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        razao_social.encode(), chave, certificado, None,
        serialization.BestAvailableEncryption(senha.encode()),
    )
