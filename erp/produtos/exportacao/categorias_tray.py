"""Categorias na loja: encontra pelo nome sob o pai certo (`api.categorias_com_nome`) ou cria."""
from erp.comum.banco import inserir_se_novo
from erp.extensions import db
from erp.lojas_virtuais.tray import api
from erp.produtos.categorias import ancestrais
from erp.produtos.models import Categoria, CategoriaLoja

RAIZ = "0"  # o pai das categorias de primeiro nível, como a Tray o informa


def _vinculo(loja_id: int, categoria_id: int) -> CategoriaLoja | None:
    return db.session.query(CategoriaLoja).filter_by(loja_id=loja_id, categoria_id=categoria_id).first()


def _procurar(cli, nome: str, pai_tray: str) -> str | None:
    for item in api.categorias_com_nome(cli, nome):
        if (item.get("name") or "").strip().lower() == nome.lower() and str(item.get("parent_id") or RAIZ) == pai_tray:
            return str(item["id"])
    return None


def categoria_na_loja(cli, loja_id: int, categoria: Categoria | None) -> str | None:
    """Id da categoria na Tray (criando os níveis que faltam); None se o produto não tem categoria."""
    if categoria is None:
        return None
    pai_tray = RAIZ
    for nivel in ancestrais(categoria):
        vinculo = _vinculo(loja_id, nivel.id)
        if vinculo is None:
            tray_id = _procurar(cli, nivel.nome, pai_tray)
            if tray_id is None:
                tray_id = api.criar_categoria(cli, nivel.nome, pai_tray)
            # Uma linha por categoria e loja: se outra exportação gravou antes, vale a dela.
            inserir_se_novo(CategoriaLoja, {"loja_id": loja_id, "categoria_id": nivel.id, "tray_id": tray_id},
                            ["loja_id", "categoria_id"])
            db.session.commit()
            vinculo = _vinculo(loja_id, nivel.id)
        pai_tray = vinculo.tray_id
    return pai_tray
