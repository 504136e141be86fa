"""Imagens na loja: o que enviar, o que remover e a conferência depois do envio (docs/tray.md, "Imagens").

A Tray recebe `picture_source_N` com uma URL, responde logo e baixa a imagem depois; a que passa dos limites (350 KB,
2000×2000 px) ou não baixa é recusada em silêncio, só no log do produto. Por isso:

- vai à Tray a cópia que cabe nos limites (`imagens.url_para_tray`), nunca a original de 20 MB;
- cada imagem enviada vira uma linha `ImagemEnviada` por destino (`alvo` "p:<produto>" ou "v:<variação>"), ainda
  não confirmada; a mesma imagem não é reenviada ao mesmo destino (a Tray pede isso) salvo pela conferência;
- a conferência (`conferir`, na fila depois da exportação) relê o produto: quando a Tray mostra tantas imagens
  quantas o ERP tem, todas ficam confirmadas; se mostra menos, as não confirmadas vão de novo, até
  `TRAY_IMAGENS_TENTATIVAS` envios, e depois o vínculo do produto guarda o erro, que a tela do produto mostra;
- uma imagem removida no ERP sai da loja com `picture_source_N = " "` (as seguintes sobem uma posição, como a
  Tray documenta), uma remoção por requisição, da maior posição para a menor.
"""
from flask import current_app

from erp.comum.banco import inserir_se_novo
from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.tray import api
from erp.produtos.imagens import imagem_da_variacao, max_imagens, url_para_tray
from erp.produtos.models import ImagemEnviada, Produto, ProdutoLoja, VariacaoLoja
from erp.tarefas import fila

TENTATIVAS_PADRAO = 3
CONFERIR_APOS_S_PADRAO = 60.0


def alvo_produto(produto_id: int) -> str:
    return f"p:{produto_id}"


def alvo_variacao(variacao_id: int) -> str:
    return f"v:{variacao_id}"


def _linhas(loja_id: int, alvo: str) -> list[ImagemEnviada]:
    return (db.session.query(ImagemEnviada).filter(ImagemEnviada.loja_id == loja_id, ImagemEnviada.alvo == alvo)
            .order_by(ImagemEnviada.posicao, ImagemEnviada.id).all())


def imagens_do_produto(produto: Produto) -> list:
    """As imagens do produto que cabem nas posições da Tray, em ordem."""
    return list(produto.imagens)[:max_imagens()]


def a_enviar(loja_id: int, imagens: list, alvo: str) -> dict[int, object]:
    """{posição: imagem} das imagens (na ordem) que este destino da loja ainda não recebeu."""
    enviadas = {linha.sha256 for linha in _linhas(loja_id, alvo)}
    return {n: img for n, img in enumerate(imagens, 1) if img.sha256 not in enviadas}


def campos(slots: dict) -> dict:
    """picture_source_N com a URL pública da cópia que cabe na Tray."""
    return {f"picture_source_{n}": url_para_tray(img) for n, img in slots.items()}


def registrar(loja_id: int, slots: dict, produto_id: int, variacao_id: int | None = None) -> None:
    """Anota as imagens enviadas (ainda não confirmadas), uma linha por imagem e destino."""
    alvo = alvo_variacao(variacao_id) if variacao_id else alvo_produto(produto_id)
    if variacao_id and slots:  # a variação tem uma imagem: a nova, na posição 1, substitui a anterior na Tray
        db.session.query(ImagemEnviada).filter(
            ImagemEnviada.loja_id == loja_id, ImagemEnviada.alvo == alvo,
            ImagemEnviada.sha256.notin_([img.sha256 for img in slots.values()])).delete(synchronize_session=False)
    for n, img in slots.items():
        inserir_se_novo(ImagemEnviada, {"loja_id": loja_id, "alvo": alvo, "sha256": img.sha256,
                                        "produto_id": produto_id, "variacao_id": variacao_id, "posicao": n,
                                        "tentativas": 1}, ["loja_id", "alvo", "sha256"])


def remover_saidas(cli, loja_id: int, produto_id: int, produto_tray: str, imagens: list) -> int:
    """Tira da loja as imagens que saíram do produto no ERP (uma PUT com `" "` por imagem, da maior posição para a
    menor, para que cada posição ainda seja a de antes) e acerta as posições das que ficam. Devolve quantas."""
    alvo = alvo_produto(produto_id)
    desejadas = {img.sha256: n for n, img in enumerate(imagens, 1)}
    linhas = _linhas(loja_id, alvo)
    saidas = sorted((linha for linha in linhas if linha.sha256 not in desejadas), key=lambda l: -l.posicao)
    for linha in saidas:
        api.atualizar_produto(cli, produto_tray, {f"picture_source_{linha.posicao}": " "})
        for outra in linhas:
            if outra is not linha and outra.posicao > linha.posicao:
                outra.posicao -= 1
        db.session.delete(linha)
        db.session.commit()
    for linha in linhas:
        if linha.sha256 in desejadas and linha.posicao != desejadas[linha.sha256]:
            linha.posicao = desejadas[linha.sha256]
    db.session.commit()
    return len(saidas)


def pedir_conferencia(loja_id: int, produto_id: int) -> None:
    """A conferência das imagens entra na fila depois do commit, com tempo para a Tray baixá-las."""
    atraso = float(current_app.config.get("TRAY_IMAGENS_CONFERIR_APOS_S", CONFERIR_APOS_S_PADRAO))
    fila.apos_commit("produtos.conferir_imagens", loja_id, produto_id, atraso_s=atraso or None)


def esquecer(loja_id: int, produto_id: int) -> None:
    """O produto sumiu da loja: as imagens dele podem (e devem) ir de novo para o novo cadastro."""
    db.session.query(ImagemEnviada).filter(
        ImagemEnviada.loja_id == loja_id, ImagemEnviada.produto_id == produto_id
    ).delete(synchronize_session=False)


# -- conferência -----------------------------------------------------------------------------------
def _tentativas_max() -> int:
    return int(current_app.config.get("TRAY_IMAGENS_TENTATIVAS") or TENTATIVAS_PADRAO)


def _conferir_destino(loja_id: int, alvo: str, imagens: list, mostradas: int, reenviar) -> tuple[bool, str | None]:
    """Confere um destino (produto ou variação) contra as imagens já enviadas a ele (uma imagem nova, ainda não
    exportada, fica para a exportação). Devolve (reenviou, erro)."""
    linhas = {linha.sha256: linha for linha in _linhas(loja_id, alvo)}
    enviadas = [(n, img) for n, img in enumerate(imagens, 1) if img.sha256 in linhas]
    if mostradas >= len(enviadas):
        for linha in linhas.values():
            if linha.confirmada_em is None:
                linha.confirmada_em = agora()
        return False, None
    pendentes = [(n, img) for n, img in enviadas if linhas[img.sha256].confirmada_em is None]
    if not pendentes:
        # A Tray mostra menos do que já confirmou (apagadas lá): as das últimas posições voltam a pendentes.
        pendentes = [(n, img) for n, img in enviadas if n > mostradas]
        for _, img in pendentes:
            linhas[img.sha256].confirmada_em, linhas[img.sha256].tentativas = None, 0
    esgotadas = [n for n, img in pendentes if linhas[img.sha256].tentativas >= _tentativas_max()]
    if esgotadas:
        return False, (f"A Tray mostra {mostradas} de {len(enviadas)} imagem(ns) depois de {_tentativas_max()} "
                       f"envio(s) (posição {', '.join(map(str, esgotadas))}): confira o log do produto na Tray e "
                       "se o endereço público do ERP (ERP_URL_PUBLICA) abre de fora.")
    slots = dict(pendentes)
    reenviar(campos(slots))
    for n, img in slots.items():
        linhas[img.sha256].tentativas += 1
        linhas[img.sha256].posicao = n
    return True, None


def conferir(loja_id: int, produto_id: int) -> dict | None:
    """Relê o produto (e as variações com imagem) na loja e confirma, reenvia ou marca erro. Devolve um resumo,
    ou None se o produto não está (mais) na loja."""
    from erp.lojas_virtuais.models import LojaVirtual
    from erp.lojas_virtuais.tray.client import cliente_da_loja

    produto = db.session.get(Produto, produto_id)
    vinculo = db.session.query(ProdutoLoja).filter_by(loja_id=loja_id, produto_id=produto_id).first()
    loja = db.session.get(LojaVirtual, loja_id)
    if produto is None or vinculo is None or loja is None:
        return None
    cli = cliente_da_loja(loja)
    na_loja = api.produto(cli, vinculo.tray_id) or {}
    imagens = imagens_do_produto(produto)
    mostradas = len(na_loja.get("ProductImage") or [])
    reenviou, erro = _conferir_destino(loja_id, alvo_produto(produto_id), imagens, mostradas,
                                       lambda c: api.atualizar_produto(cli, vinculo.tray_id, c))
    erros = [erro] if erro else []
    for variacao in produto.variacoes:
        imagem = imagem_da_variacao(variacao)
        vv = db.session.query(VariacaoLoja).filter_by(loja_id=loja_id, variacao_id=variacao.id).first()
        if imagem is None or vv is None:
            continue
        na_loja_v = api.variacao(cli, vv.tray_id) or {}
        r, e = _conferir_destino(loja_id, alvo_variacao(variacao.id), [imagem],
                                 len(na_loja_v.get("VariantImage") or []),
                                 lambda c, ident=vv.tray_id: api.atualizar_variacao(cli, ident, c))
        reenviou = reenviou or r
        if e:
            erros.append(f"Variação {variacao.referencia}: {e}")
    vinculo.erro_imagens = " ".join(erros) or None
    db.session.commit()
    if reenviou:
        pedir_conferencia(loja_id, produto_id)
    return {"mostradas": mostradas, "esperadas": len(imagens), "reenviou": reenviou, "erro": vinculo.erro_imagens}
