"""Numeração da NF-e por ambiente e série.

O número sai de um UPDATE ... RETURNING no contador da série e é gravado, na mesma transação,
numa NotaFiscal em rascunho (único por ambiente+série+número). Assim dois trabalhadores nunca
recebem o mesmo número e um número nunca volta a ser usado depois de uma queda: o contador só
anda para frente e a nota em rascunho fica registrada. Rascunhos abandonados (queda no meio da
montagem) são descartados e o número vai para a lista de inutilização.
"""
from datetime import timedelta

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError

from erp.comum.modelos import agora
from erp.extensions import db
from erp.nfe.models import SITUACOES_ATIVAS, NotaFiscal, SerieNFe
from erp.nfe.services import estados

# Um rascunho parado por mais tempo que isto foi abandonado (a montagem leva segundos).
RASCUNHO_ABANDONADO = timedelta(minutes=15)
_TENTATIVAS = 20


class VendaJaTemNota(Exception):
    """A venda já tem uma NF-e ativa."""

    def __init__(self, nota: NotaFiscal):
        self.nota = nota
        super().__init__(
            f"A venda {nota.venda_id} já tem a NF-e nº {nota.numero} (série {nota.serie}, "
            f"{nota.situacao_nome.lower()})."
        )


class NumeracaoInvalida(Exception):
    """Próximo número fora do permitido."""


def nota_ativa(venda_id: int) -> NotaFiscal | None:
    return (
        db.session.query(NotaFiscal)
        .filter(NotaFiscal.venda_id == venda_id, NotaFiscal.situacao.in_(SITUACOES_ATIVAS))
        .order_by(NotaFiscal.id.desc())
        .first()
    )


def maior_numero_usado(ambiente: str, serie: int) -> int:
    return (
        db.session.query(func.max(NotaFiscal.numero))
        .filter_by(ambiente=ambiente, serie=serie)
        .scalar()
        or 0
    )


def proximo_numero(ambiente: str, serie: int) -> int:
    contador = db.session.query(SerieNFe).filter_by(ambiente=ambiente, serie=serie).one_or_none()
    return contador.proximo_numero if contador else maior_numero_usado(ambiente, serie) + 1


def definir_proximo(ambiente: str, serie: int, numero: int) -> SerieNFe:
    """Ajusta o contador (tela e CLI da empresa). Nunca abaixo de um número já usado. Sem commit."""
    if not 1 <= int(numero) <= 999_999_999:
        raise NumeracaoInvalida("O próximo número da NF-e deve estar entre 1 e 999.999.999.")
    usado = maior_numero_usado(ambiente, serie)
    if numero <= usado:
        raise NumeracaoInvalida(
            f"O próximo número não pode ser {numero}: a série {serie} já usou até o nº {usado}."
        )
    contador = db.session.query(SerieNFe).filter_by(ambiente=ambiente, serie=serie).one_or_none()
    if contador is None:
        contador = SerieNFe(ambiente=ambiente, serie=serie)
        db.session.add(contador)
    contador.proximo_numero = numero
    return contador


def _garantir_contador(ambiente: str, serie: int) -> None:
    if db.session.query(SerieNFe.id).filter_by(ambiente=ambiente, serie=serie).first():
        return
    try:
        with db.session.begin_nested():
            db.session.add(SerieNFe(ambiente=ambiente, serie=serie,
                                    proximo_numero=maior_numero_usado(ambiente, serie) + 1))
        db.session.commit()
    except IntegrityError:  # outro trabalhador criou o contador ao mesmo tempo
        db.session.rollback()


def _tomar_numero(ambiente: str, serie: int) -> int:
    comando = (
        update(SerieNFe)
        .where(SerieNFe.ambiente == ambiente, SerieNFe.serie == serie)
        .values(proximo_numero=SerieNFe.proximo_numero + 1)
        .returning(SerieNFe.proximo_numero)
    )
    return db.session.execute(comando).scalar_one() - 1


def reservar(venda_id: int, ambiente: str, serie: int) -> NotaFiscal:
    """Cria (e grava) a NF-e em rascunho da venda com o próximo número da série.

    Levanta VendaJaTemNota se a venda já tem uma NF-e ativa.
    """
    _garantir_contador(ambiente, serie)
    for _ in range(_TENTATIVAS):
        existente = nota_ativa(venda_id)
        if existente is not None:
            raise VendaJaTemNota(existente)
        numero = _tomar_numero(ambiente, serie)
        nota = NotaFiscal(venda_id=venda_id, ambiente=ambiente, serie=serie, numero=numero,
                          situacao="rascunho")
        db.session.add(nota)
        try:
            db.session.flush()
            estados.registrar_evento(nota, "numero_reservado", f"Número {numero} reservado.")
            db.session.commit()
            return nota
        except IntegrityError:
            db.session.rollback()
            existente = nota_ativa(venda_id)
            if existente is not None:
                raise VendaJaTemNota(existente) from None
            # O número já existia (contador ajustado à mão): pula para o próximo, que fica gravado.
            _pular_numero(ambiente, serie, numero)
    raise NumeracaoInvalida(f"Não foi possível reservar um número livre na série {serie}.")


def _pular_numero(ambiente: str, serie: int, numero: int) -> None:
    db.session.execute(
        update(SerieNFe)
        .where(SerieNFe.ambiente == ambiente, SerieNFe.serie == serie,
               SerieNFe.proximo_numero <= numero)
        .values(proximo_numero=numero + 1)
    )
    db.session.commit()


def recuperar_abandonados(limite: timedelta = RASCUNHO_ABANDONADO) -> int:
    """Rascunhos sem XML há muito tempo: descarta e manda o número para inutilização."""
    corte = agora() - limite
    abandonados = (
        db.session.query(NotaFiscal)
        .filter(NotaFiscal.situacao == "rascunho", NotaFiscal.criado_em < corte)
        .all()
    )
    for nota in abandonados:
        estados.descartar(nota, "Montagem interrompida; o número precisa ser inutilizado.")
    db.session.commit()
    return len(abandonados)
