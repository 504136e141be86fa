"""Imagens para a loja: só as que ela ainda não recebeu (a Tray pede nunca reenviar a mesma imagem)."""
from erp.comum.banco import inserir_se_novo
from erp.extensions import db
from erp.produtos.imagens import url_publica
from erp.produtos.models import ImagemEnviada


def a_enviar(loja_id: int, imagens: list) -> dict[int, object]:
    """{slot: imagem} das imagens (na ordem dos slots) cujo conteúdo a loja ainda não tem."""
    shas = [i.sha256 for i in imagens]
    enviadas = set()
    if shas:
        enviadas = {sha for (sha,) in db.session.query(ImagemEnviada.sha256).filter(
            ImagemEnviada.loja_id == loja_id, ImagemEnviada.sha256.in_(shas))}
    return {n: img for n, img in enumerate(imagens, 1) if img.sha256 not in enviadas}


def campos(slots: dict) -> dict:
    """picture_source_N com a URL pública de cada imagem."""
    return {f"picture_source_{n}": url_publica(img) for n, img in slots.items()}


def registrar(loja_id: int, slots: dict, produto_id: int, variacao_id: int | None = None) -> None:
    """Marca as imagens como recebidas pela loja (uma linha por conteúdo e loja; a que já existe fica)."""
    for n, img in slots.items():
        inserir_se_novo(ImagemEnviada, {"loja_id": loja_id, "sha256": img.sha256, "produto_id": produto_id,
                                        "variacao_id": variacao_id, "posicao": n}, ["loja_id", "sha256"])


def esquecer(loja_id: int, produto_id: int) -> None:
    """O produto sumiu da loja: as imagens dele podem (e devem) ir de novo para o novo cadastro."""
    db.session.query(ImagemEnviada).filter(
        ImagemEnviada.loja_id == loja_id, ImagemEnviada.produto_id == produto_id
    ).delete(synchronize_session=False)
