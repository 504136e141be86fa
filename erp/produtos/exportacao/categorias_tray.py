"""Categorias na loja: encontra pelo nome sob o pai certo (GET /categories?name=) ou cria."""
from sqlalchemy.exc import IntegrityError

from erp.extensions import db
from erp.produtos.categorias import ancestrais
from erp.produtos.models import Categoria, CategoriaLoja


def _vinculo(loja_id: int, categoria_id: int) -> CategoriaLoja | None:
    return db.session.query(CategoriaLoja).filter_by(loja_id=loja_id, categoria_id=categoria_id).first()


def _procurar(cli, nome: str, pai_tray: str) -> str | None:
    for item in cli.paginar("/categories", "Category", params={"name": nome}):
        if (item.get("name") or "").strip().lower() == nome.lower() and (item.get("parent_id") or "0") == pai_tray:
            return str(item["id"])
    return None


def categoria_na_loja(cli, loja_id: int, categoria: Categoria | None) -> str | None:
    """Id da categoria na Tray (criando os níveis que faltam); None se o produto não tem categoria."""
    if categoria is None:
        return None
    pai_tray = "0"
    for nivel in ancestrais(categoria):
        vinculo = _vinculo(loja_id, nivel.id)
        if vinculo is None:
            tray_id = _procurar(cli, nivel.nome, pai_tray)
            if tray_id is None:
                resposta = cli.post("/categories", json={"Category": {"name": nivel.nome, "parent_id": pai_tray}})
                tray_id = str(resposta["id"])
            try:
                with db.session.begin_nested():
                    db.session.add(CategoriaLoja(loja_id=loja_id, categoria_id=nivel.id, tray_id=tray_id))
            except IntegrityError:
                pass
            db.session.commit()
            vinculo = _vinculo(loja_id, nivel.id)
        pai_tray = vinculo.tray_id
    return pai_tray
