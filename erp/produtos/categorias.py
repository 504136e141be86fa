"""Árvore de categorias do ERP: caminhos como "Casa > Cozinha"."""
from sqlalchemy.exc import IntegrityError

from erp.extensions import db
from erp.produtos.erros import ErroProduto
from erp.produtos.models import Categoria

SEPARADOR = ">"


def partes_do_caminho(caminho: str) -> list[str]:
    partes = [p.strip() for p in (caminho or "").split(SEPARADOR)]
    if not any(partes):
        return []
    if not all(partes):
        raise ErroProduto("categoria", f"Categoria inválida: '{caminho}' tem um nível vazio")
    for parte in partes:
        if "/" in parte or "\\" in parte:
            raise ErroProduto("categoria", f"Categoria '{parte}': não use / nem \\ no nome")
        if len(parte) > 200:
            raise ErroProduto("categoria", f"Categoria '{parte[:30]}…': no máximo 200 caracteres")
    return partes


def _filha(pai: Categoria | None, nome: str) -> Categoria | None:
    consulta = db.session.query(Categoria).filter(Categoria.nome == nome)
    if pai is None:
        return consulta.filter(Categoria.pai_id.is_(None)).first()
    return consulta.filter(Categoria.pai_id == pai.id).first()


def categoria_por_caminho(caminho: str, criar: bool = True) -> Categoria | None:
    """Encontra (ou cria, nível a nível) a categoria "Casa > Cozinha". Vazio devolve None.

    A criação usa um savepoint: se outra transação criou o mesmo nível ao mesmo tempo, a
    restrição única do banco recusa a cópia e a existente é usada.
    """
    atual = None
    for nome in partes_do_caminho(caminho):
        existente = _filha(atual, nome)
        if existente is None:
            if not criar:
                return None
            try:
                with db.session.begin_nested():
                    existente = Categoria(nome=nome, pai=atual)
                    db.session.add(existente)
            except IntegrityError:
                existente = _filha(atual, nome)
        atual = existente
    return atual


def arvore() -> list[Categoria]:
    """Todas as categorias, em ordem de caminho (para listas de escolha)."""
    return sorted(db.session.query(Categoria).all(), key=lambda c: c.caminho.lower())


def ancestrais(categoria: Categoria) -> list[Categoria]:
    """Da raiz até a própria categoria."""
    cadeia, atual = [], categoria
    while atual is not None:
        cadeia.append(atual)
        atual = atual.pai
    return list(reversed(cadeia))
