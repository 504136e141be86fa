"""Chave de acesso da NF-e: 44 posições, DV módulo 11 sobre os valores ASCII − 48 (CNPJ alfanumérico).

cUF(2) AAMM(4) CNPJ(14) mod(2) série(3) nNF(9) tpEmis(1) cNF(8) cDV(1).
"""
import re
import secrets
from dataclasses import dataclass
from datetime import date

_CHAVE = re.compile(r"^[0-9]{6}[0-9A-Z]{12}[0-9]{26}$")

# NT 2019.001 (como a sped-common aplica): cNF não pode repetir o nNF nem ser uma sequência trivial.
SEQUENCIAS_TRIVIAIS = frozenset(
    [str(d) * 8 for d in range(10)]
    + ["12345678", "23456789", "34567890", "45678901", "56789012",
       "67890123", "78901234", "89012345", "90123456", "01234567"]
)


@dataclass(frozen=True)
class ComponentesChave:
    cuf: str
    ano_mes: str
    cnpj: str
    modelo: str
    serie: int
    numero: int
    tipo_emissao: int
    codigo_numerico: str
    dv: int


def digito_verificador(chave43: str) -> int:
    """Módulo 11 com pesos 2..9 da direita para a esquerda; resto 0 ou 1 dá 0.

    Cada caractere vale ord(c) − 48: algarismos valem o próprio número e as letras do CNPJ
    alfanumérico valem A=17, B=18...
    """
    if len(chave43) != 43:
        raise ValueError("A chave sem o DV deve ter 43 posições.")
    soma = 0
    peso = 2
    for c in reversed(chave43):
        soma += (ord(c) - 48) * peso
        peso = 2 if peso == 9 else peso + 1
    resto = soma % 11
    return 0 if resto < 2 else 11 - resto


def montar_chave(
    cuf, emissao: date, cnpj: str, serie: int, numero: int, tipo_emissao: int,
    codigo_numerico: str, modelo: int = 55,
) -> str:
    """Os 44 caracteres da chave. Um CPF de emitente é completado com zeros à esquerda até 14 posições."""
    cnpj = cnpj.upper().rjust(14, "0")
    corpo = (
        f"{int(cuf):02d}{emissao.year % 100:02d}{emissao.month:02d}{cnpj}{modelo:02d}"
        f"{serie:03d}{numero:09d}{tipo_emissao:1d}{int(codigo_numerico):08d}"
    )
    if not _CHAVE.match(corpo + "0"):
        raise ValueError(f"Componentes inválidos para a chave de acesso: {corpo}")
    return corpo + str(digito_verificador(corpo))


def chave_valida(chave: str) -> bool:
    return bool(chave) and _CHAVE.match(chave) is not None and int(chave[43]) == digito_verificador(chave[:43])


def decompor_chave(chave: str) -> ComponentesChave:
    if not chave_valida(chave):
        raise ValueError(f"Chave de acesso inválida: {chave}")
    return ComponentesChave(
        cuf=chave[0:2], ano_mes=chave[2:6], cnpj=chave[6:20], modelo=chave[20:22],
        serie=int(chave[22:25]), numero=int(chave[25:34]), tipo_emissao=int(chave[34]),
        codigo_numerico=chave[35:43], dv=int(chave[43]),
    )


def codigo_numerico_valido(codigo: str, numero: int) -> bool:
    return (
        len(codigo) == 8 and codigo.isdigit()
        and codigo not in SEQUENCIAS_TRIVIAIS and int(codigo) != numero
    )


def gerar_codigo_numerico(numero: int, sorteio=secrets.randbelow) -> str:
    """cNF aleatório de 8 algarismos, diferente do nNF e de sequências triviais.

    Guarde o código (ou a chave) junto da nota: reenviar a mesma nota com outro cNF muda a chave e a
    SEFAZ rejeita por duplicidade com diferença na chave (539).
    """
    while True:
        codigo = f"{sorteio(100_000_000):08d}"
        if codigo_numerico_valido(codigo, numero):
            return codigo
