"""Troca da chave dos segredos em repouso: decifra com a chave atual e cifra com a nova.

Percorre todas as colunas `TextoCifrado`/`BytesCifrados` do banco (tokens da Tray, certificados), numa
transação só: ou tudo passa para a chave nova, ou nada muda.
"""
from cryptography.fernet import Fernet
from sqlalchemy import LargeBinary, literal, select, type_coerce, update

from erp.comum import cripto
from erp.extensions import db


class ChaveInvalida(ValueError):
    pass


def _colunas_cifradas():
    for tabela in db.metadata.sorted_tables:
        for coluna in tabela.columns:
            if isinstance(coluna.type, (cripto.TextoCifrado, cripto.BytesCifrados)):
                yield tabela, coluna


def recifrar_segredos(chave_nova: str) -> dict[str, int]:
    chave_nova = (chave_nova or "").strip()
    if not chave_nova:
        raise ChaveInvalida("Defina ERP_CHAVE_SEGREDOS_NOVA com a nova chave (gere uma com "
                            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`).")
    try:
        nova = Fernet(chave_nova.encode())
    except (ValueError, TypeError):
        raise ChaveInvalida("ERP_CHAVE_SEGREDOS_NOVA não é uma chave Fernet válida (32 bytes em base64).") from None
    contagem = {}
    with db.engine.begin() as conexao:
        for tabela, coluna in _colunas_cifradas():
            chave_primaria = list(tabela.primary_key.columns)[0]
            # Lê os bytes crus (sem o TypeDecorator), decifra com a chave atual e cifra com a nova.
            linhas = conexao.execute(select(chave_primaria, type_coerce(coluna, LargeBinary))
                                     .where(coluna.isnot(None))).all()
            for ident, valor in linhas:
                texto_claro = cripto.decifrar(bytes(valor))
                novo = nova.encrypt(texto_claro)
                conexao.execute(update(tabela).where(chave_primaria == ident)
                                .values({coluna.name: literal(novo, LargeBinary)}))
            contagem[f"{tabela.name}.{coluna.name}"] = len(linhas)
    return contagem
