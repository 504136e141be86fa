"""Dados de teste do núcleo fiscal: emitentes, destinatários, itens, notas e certificados A1."""
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal as D
from functools import lru_cache

from erp.comum.documentos import dv_cnpj, dv_cpf
from erp.nfe.fiscal import (
    Destinatario, DocumentoNFe, Emitente, Endereco, Intermediador, Item, Pagamento, ResponsavelTecnico, Tributacao,
    carregar_certificado,
)
from erp.sandbox.certificado import gerar_certificado_teste

BRASILIA = timezone(timedelta(hours=-3))
SENHA = "segredo-123"


def cnpj(base12: str) -> str:
    return base12 + dv_cnpj(base12)


def cpf(base9: str) -> str:
    return base9 + dv_cpf(base9)


CNPJ_EMITENTE = cnpj("112223330001")
CNPJ_ALFANUMERICO = "12ABC34501DE35"  # exemplo oficial da Receita Federal
CNPJ_CLIENTE = cnpj("443332220001")
CNPJ_MARKETPLACE = cnpj("998887770001")
CNPJ_SOFTWARE = cnpj("556667770001")
CPF_CLIENTE = cpf("123456789")

MUNICIPIOS = {  # UF: (código IBGE, nome, CEP)
    "SP": ("3550308", "São Paulo", "01310100"),
    "RJ": ("3304557", "Rio de Janeiro", "20040002"),
    "MG": ("3106200", "Belo Horizonte", "30130010"),
    "BA": ("2927408", "Salvador", "40020000"),
    "DF": ("5300108", "Brasília", "70040010"),
    "PR": ("4106902", "Curitiba", "80010000"),
    "AL": ("2704302", "Maceió", "57020000"),
}


def endereco(uf: str = "SP", **campos) -> Endereco:
    codigo, municipio, cep = MUNICIPIOS[uf]
    dados = dict(logradouro="Avenida Paulista", numero="1000", bairro="Bela Vista", codigo_municipio=codigo,
                 municipio=municipio, uf=uf, cep=cep, complemento="Sala 12")
    dados.update(campos)
    return Endereco(**dados)


def emitente(crt: int = 3, uf: str = "SP", **campos) -> Emitente:
    dados = dict(razao_social="Loja Exemplo Comércio Ltda", cnpj=CNPJ_EMITENTE, ie="111222333444", crt=crt,
                 endereco=endereco(uf), nome_fantasia="Loja Exemplo", fone="1133334444")
    dados.update(campos)
    return Emitente(**dados)


def pessoa_fisica(uf: str = "SP", **campos) -> Destinatario:
    dados = dict(nome="Maria José da Silva", cpf_cnpj=CPF_CLIENTE,
                 endereco=endereco(uf, logradouro="Rua das Flores", numero="25", bairro="Centro"),
                 email="maria@example.com", fone="11987654321")
    dados.update(campos)
    return Destinatario(**dados)


def pessoa_juridica(uf: str = "SP", **campos) -> Destinatario:
    dados = dict(nome="Mercado Bom Preço Ltda", cpf_cnpj=CNPJ_CLIENTE, ie="123456789012",
                 endereco=endereco(uf, logradouro="Rua do Comércio", numero="500", bairro="Centro"),
                 email="compras@bompreco.example")
    dados.update(campos)
    return Destinatario(**dados)


def item(codigo: str = "CHA-2L", **campos) -> Item:
    dados = dict(codigo=codigo, descricao="Chá mate gelado 2 L", ncm="21069090", quantidade=D("2"),
                 valor_unitario=D("15.90"), unidade="UN", gtin="7891000100103")
    dados.update(campos)
    return Item(**dados)


def nota(itens=None, emit=None, dest=None, **campos) -> DocumentoNFe:
    itens = tuple(itens) if itens is not None else (item(), item("CAF-500", descricao="Café torrado 500 g",
                                                                 ncm="09012100", quantidade=D("1"),
                                                                 valor_unitario=D("32.50"), gtin=""))
    dados = dict(
        emitente=emit or emitente(), destinatario=dest or pessoa_fisica(), itens=itens, serie=1, numero=1234,
        data_emissao=datetime(2026, 3, 10, 14, 5, tzinfo=BRASILIA), codigo_numerico="48151623",
        responsavel_tecnico=ResponsavelTecnico(CNPJ_SOFTWARE, "Equipe Fiscal", "fiscal@erp.example", "1140028922"),
    )
    dados.update(campos)
    montada = DocumentoNFe(**dados)
    if "pagamentos" not in campos:
        from erp.nfe.fiscal.motor import calcular_nota

        total = calcular_nota(replace(montada, pagamentos=())).totais.nota
        montada = replace(montada, pagamentos=(Pagamento("17", total),))
    return montada


def marketplace() -> Intermediador:
    return Intermediador(CNPJ_MARKETPLACE, "loja-exemplo-oficial")


def st(**campos) -> Tributacao:
    return Tributacao(substituicao_tributaria=True, **campos)


@lru_cache(maxsize=None)
def pfx(cnpj_titular: str = CNPJ_EMITENTE, razao_social: str = "LOJA EXEMPLO COMERCIO LTDA") -> bytes:
    """PKCS#12 de teste (gerar chave RSA custa; um por CNPJ na sessão)."""
    return gerar_certificado_teste(cnpj_titular, SENHA, razao_social)


@lru_cache(maxsize=None)
def certificado(cnpj_titular: str = CNPJ_EMITENTE):
    return carregar_certificado(pfx(cnpj_titular), SENHA)


CNPJ_ALFANUMERICO_REAL = "YWRSC40Z000103"  # destinatário de uma NF-e de homologação (sped-nfe, issue 1336)


def certificado_sob_medida(cn: str, cnpj_san: str | None = None, dias: int = 30, inicio_dias: int = -1,
                           senha: str = SENHA) -> bytes:
    """PKCS#12 com CN e otherName escolhidos (RSA 1024: só para testar a leitura, mais rápido de gerar)."""
    from datetime import datetime, timedelta, timezone

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    from erp.nfe.fiscal.certificado import OID_CNPJ

    chave = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    nome = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    agora = datetime.now(timezone.utc)
    construtor = (x509.CertificateBuilder().subject_name(nome).issuer_name(nome).public_key(chave.public_key())
                  .serial_number(x509.random_serial_number())
                  .not_valid_before(agora + timedelta(days=inicio_dias))
                  .not_valid_after(agora + timedelta(days=dias)))
    if cnpj_san:
        valor = bytes([0x13, len(cnpj_san)]) + cnpj_san.encode()  # PrintableString
        construtor = construtor.add_extension(x509.SubjectAlternativeName([x509.OtherName(OID_CNPJ, valor)]),
                                              critical=False)
    certificado = construtor.sign(chave, hashes.SHA256())
    return pkcs12.serialize_key_and_certificates(b"teste", chave, certificado, None,
                                                 serialization.BestAvailableEncryption(senha.encode()))
