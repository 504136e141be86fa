"""Corpo dos produtos e variações como a Tray recebe (tray-api.md §7), e sua assinatura."""
import hashlib
import json
from decimal import Decimal

from erp.produtos.imagens import imagem_da_variacao
from erp.produtos.models import Produto, Variacao
from erp.produtos.services import MAX_EIXOS, eixos


def _dinheiro(valor) -> str:
    return f"{Decimal(valor or 0):.2f}"


def _numero(valor) -> str:
    if valor is None:
        return "0"
    texto = format(Decimal(valor).normalize(), "f")
    return texto


def faltas(produto: Produto) -> list[str]:
    """Motivos que impedem a exportação, em português; vazio quando pode ir para a loja."""
    motivos = []
    if not (produto.nome or "").strip():
        motivos.append("sem nome")
    if not produto.preco or produto.preco <= 0:
        motivos.append("sem preço de venda (com preço zero a Tray mostra o produto como “sob consulta”)")
    nomes = eixos(produto)
    if len(nomes) > MAX_EIXOS:
        motivos.append(
            f"tem {len(nomes)} eixos de variação ({', '.join(nomes)}); a Tray aceita no máximo {MAX_EIXOS}"
        )
    return motivos


# Campos que não vão quando o ERP não os tem: a loja fica com o valor dela (uma exportação nunca apaga a
# descrição, a marca ou as medidas que a loja tem só porque o cadastro do ERP está mais pobre).
OPCIONAIS_PRODUTO = ("description", "description_small", "ean", "ncm", "brand", "model", "availability",
                     "cost_price", "promotional_price", "weight", "length", "width", "height", "category_id")
OPCIONAIS_VARIACAO = ("ean", "cost_price", "weight", "length", "width", "height")


def _sem_vazios(corpo: dict, opcionais: tuple[str, ...], vazios: dict) -> dict:
    return {campo: valor for campo, valor in corpo.items()
            if not (campo in opcionais and vazios.get(campo, False))}


def payload_produto(produto: Produto, categoria_tray_id: str | None) -> dict:
    """Campos do produto (sem imagens). O que o ERP não tem (descrição, marca, medidas, custo, promoção, categoria
    em branco) não vai: a loja fica com o seu valor. O estoque só vai se foi definido no ERP (um produto criado
    pela importação de pedidos não manda no estoque da loja)."""
    vazios = {
        "description": not (produto.descricao or "").strip(),
        "description_small": not (produto.descricao_curta or "").strip(),
        "ean": not produto.ean, "ncm": not produto.ncm, "brand": not produto.marca, "model": not produto.modelo,
        "availability": not produto.disponibilidade, "cost_price": produto.preco_custo is None,
        "promotional_price": produto.preco_promocional is None, "weight": not produto.peso_g,
        "length": not produto.comprimento_cm, "width": not produto.largura_cm, "height": not produto.altura_cm,
        "category_id": not categoria_tray_id,
    }
    corpo = {
        "name": produto.nome,
        "description": produto.descricao or "",
        "description_small": produto.descricao_curta or "",
        "reference": produto.referencia,
        "ean": produto.ean or "",
        "ncm": produto.ncm or "",
        "price": _dinheiro(produto.preco),
        "cost_price": _dinheiro(produto.preco_custo),
        "promotional_price": _dinheiro(produto.preco_promocional),
        "brand": produto.marca or "",
        "model": produto.modelo or "",
        "weight": str(produto.peso_g or 0),
        "length": _numero(produto.comprimento_cm),
        "width": _numero(produto.largura_cm),
        "height": _numero(produto.altura_cm),
        "stock": str(max(0, produto.estoque or 0)),
        "category_id": categoria_tray_id or "0",
        "available": "1" if produto.ativo else "0",
        "availability": produto.disponibilidade or "",
    }
    corpo = _sem_vazios(corpo, OPCIONAIS_PRODUTO, vazios)
    if not (all(v.estoque_definido for v in produto.variacoes) if produto.variacoes else produto.estoque_definido):
        del corpo["stock"]
    if produto.preco_promocional is not None and produto.promocao_inicio:
        corpo["start_promotion"] = produto.promocao_inicio.isoformat()
    if produto.preco_promocional is not None and produto.promocao_fim:
        corpo["end_promotion"] = produto.promocao_fim.isoformat()
    return corpo


def eixos_da_variacao(produto: Produto, variacao: Variacao) -> list[tuple[str, str]]:
    """(tipo, valor) na ordem dos eixos do produto, para que type_1 seja o mesmo em todas."""
    pares = {t.lower(): (t, v) for t, v in ((variacao.tipo_1, variacao.valor_1),
                                            (variacao.tipo_2, variacao.valor_2)) if t}
    ordem = [e.lower() for e in eixos(produto)]
    return [pares[e] for e in ordem if e in pares]


def payload_variacao(produto: Produto, variacao: Variacao, produto_tray_id: str) -> dict:
    corpo = {"product_id": str(produto_tray_id)}
    for n, (tipo, valor) in enumerate(eixos_da_variacao(produto, variacao), 1):
        corpo[f"type_{n}"] = tipo
        corpo[f"value_{n}"] = valor
    corpo.update({
        "reference": variacao.referencia,
        "ean": variacao.ean or "",
        "price": _dinheiro(variacao.preco if variacao.preco is not None else produto.preco),
        "cost_price": _dinheiro(produto.preco_custo),
        "stock": str(max(0, variacao.estoque or 0)),
        "available": "1" if (variacao.ativo and produto.ativo) else "0",
        "weight": str(produto.peso_g or 0),
        "length": _numero(produto.comprimento_cm),
        "width": _numero(produto.largura_cm),
        "height": _numero(produto.altura_cm),
    })
    corpo = _sem_vazios(corpo, OPCIONAIS_VARIACAO, {
        "ean": not variacao.ean, "cost_price": produto.preco_custo is None, "weight": not produto.peso_g,
        "length": not produto.comprimento_cm, "width": not produto.largura_cm, "height": not produto.altura_cm})
    if not variacao.estoque_definido:
        del corpo["stock"]
    return corpo


def assinatura(corpo: dict, imagens: list[str]) -> str:
    """Hash do que foi (ou seria) enviado: igual ao da última exportação = nada mudou."""
    texto = json.dumps(corpo, sort_keys=True, ensure_ascii=False) + "|" + ",".join(imagens)
    return hashlib.sha256(texto.encode("utf-8")).hexdigest()


def shas_da_variacao(variacao: Variacao) -> list[str]:
    imagem = imagem_da_variacao(variacao)
    return [imagem.sha256] if imagem is not None else []
