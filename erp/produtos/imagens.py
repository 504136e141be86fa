"""Imagens de produto: guardadas pelo conteúdo (sha256) e servidas numa URL pública estável.

A Tray baixa cada imagem de `picture_source_N`, então cada uma precisa de uma URL pública
(`ERP_URL_PUBLICA` + /imagens/<sha256>.<ext>) que não muda enquanto o arquivo existir.

Todo conteúdo é conferido decodificando a imagem com o Pillow (não pelos primeiros bytes): só JPEG ou PNG,
até 20 MB e 50 megapixels (acima disso, uma "bomba de descompressão" ocuparia a memória do servidor).
Baixar de uma URL passa pela guarda de endereços de saída, com tempo e tamanho limitados.
"""
import hashlib
import io
import time
import warnings
from pathlib import Path

import requests
from flask import current_app
from PIL import Image, UnidentifiedImageError

from erp.comum.rede import EnderecoRecusado, sessao_guardada, verificar_url
from erp.extensions import db
from erp.produtos.erros import ErroImagem
from erp.produtos.models import Produto, ProdutoImagem, Variacao

MAX_IMAGENS = 6  # padrão de TRAY_IMAGENS_POR_PRODUTO: os picture_source_1..6 da documentação da Tray
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000
TIMEOUT_DOWNLOAD_S = 10.0  # para conectar e para cada leitura
PRAZO_DOWNLOAD_S = 30.0  # para o download inteiro (um servidor que pinga devagar não segura a carga)
FORMATOS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}
PASTA = "imagens"

# O limite do próprio Pillow (erro acima do dobro): uma imagem enorme nem chega a ser aberta. Entre o limite e o
# dobro, o Pillow só avisa; `formato` recusa com a mensagem dela.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


# O que a Tray aceita em picture_source_N (docs/tray.md, "Imagens dos produtos"): até 350 KB e 2000×2000 px. O
# limite de bytes fica em 350 000 (a leitura mais estrita de "350 Kb").
TRAY_MAX_BYTES = 350_000
TRAY_MAX_PX = 2000
QUALIDADES_JPEG = (88, 82, 76, 70, 62, 54, 46)


def max_imagens() -> int:
    """Imagens por produto: as posições que a Tray aceita (TRAY_IMAGENS_POR_PRODUTO, padrão 6)."""
    return int(current_app.config.get("TRAY_IMAGENS_POR_PRODUTO") or MAX_IMAGENS)


def _mb(tamanho: int) -> str:
    return f"{tamanho / (1024 * 1024):.1f} MB".replace(".", ",")


def formato(dados: bytes) -> tuple[str, str]:
    """(extensão, tipo MIME) de uma imagem JPEG ou PNG íntegra, decodificada pelo Pillow; senão ErroImagem."""
    try:
        with Image.open(io.BytesIO(dados)) as imagem:  # só o cabeçalho: tamanho e formato
            largura, altura = imagem.size
            if largura * altura > MAX_PIXELS:
                raise ErroImagem(
                    f"Imagem de {largura}×{altura} pixels: o máximo é {MAX_PIXELS // 1_000_000} megapixels; "
                    "reduza a imagem (a Tray usa até 2000×2000) e envie de novo")
            fmt = FORMATOS.get(imagem.format or "")
            if fmt is None:
                raise ErroImagem(f"A imagem deve ser JPG ou PNG (este arquivo é {imagem.format}); a Tray não "
                                 "aceita outros formatos")
            imagem.load()  # decodifica tudo: um arquivo truncado ou corrompido para aqui
    except ErroImagem:
        raise
    except Image.DecompressionBombError:
        raise ErroImagem(f"Imagem grande demais para abrir: o máximo é {MAX_PIXELS // 1_000_000} megapixels; "
                         "reduza a imagem e envie de novo") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ErroImagem("O arquivo não é uma imagem JPG ou PNG válida (ou está corrompido): salve-o de novo "
                         "como JPG ou PNG") from None
    return fmt


def pasta_imagens() -> Path:
    return Path(current_app.config["UPLOADS"]) / PASTA


def guardar_arquivo(dados: bytes) -> dict:
    """Grava o arquivo (uma vez por conteúdo) e devolve sha256, arquivo, tamanho e tipo."""
    if not dados:
        raise ErroImagem("Arquivo de imagem vazio")
    if len(dados) > MAX_BYTES:
        raise ErroImagem(f"Imagem com mais de {_mb(MAX_BYTES)}: o máximo é {_mb(MAX_BYTES)}; reduza a imagem")
    ext, tipo = formato(dados)
    sha = hashlib.sha256(dados).hexdigest()
    return {"sha256": sha, "arquivo": _gravar(dados, f"{sha}.{ext}"), "tamanho": len(dados), "tipo": tipo}


def _gravar(dados: bytes, nome: str) -> str:
    """Grava na pasta de imagens pelo nome (o SHA-256 do conteúdo: o mesmo arquivo uma vez só), sem deixar um
    arquivo pela metade se o processo cair no meio. Devolve o caminho relativo guardado no banco."""
    destino = pasta_imagens() / nome
    if not destino.exists():
        destino.parent.mkdir(parents=True, exist_ok=True)
        temporario = destino.with_suffix(".parcial")
        temporario.write_bytes(dados)
        temporario.replace(destino)
    return f"{PASTA}/{nome}"


def caminho_publico(nome: str) -> Path | None:
    """Arquivo servido em /imagens/<nome>; None se o nome não é de uma imagem guardada."""
    partes = nome.split(".")
    if len(partes) != 2 or len(partes[0]) != 64 or partes[1] not in ("jpg", "png"):
        return None
    if any(c not in "0123456789abcdef" for c in partes[0]):
        return None
    caminho = pasta_imagens() / nome
    return caminho if caminho.is_file() else None


def nome_publico(imagem: ProdutoImagem) -> str:
    return Path(imagem.arquivo).name


def url_publica(imagem: ProdutoImagem, base: str | None = None) -> str:
    base = (base or current_app.config["ERP_URL_PUBLICA"]).rstrip("/")
    return f"{base}/imagens/{nome_publico(imagem)}"


def imagem_da_variacao(variacao: Variacao) -> ProdutoImagem | None:
    return (
        db.session.query(ProdutoImagem)
        .filter(ProdutoImagem.variacao_id == variacao.id)
        .order_by(ProdutoImagem.id)
        .first()
    )


def _imagens_do_produto(produto: Produto) -> list[ProdutoImagem]:
    return (
        db.session.query(ProdutoImagem)
        .filter(ProdutoImagem.produto_id == produto.id, ProdutoImagem.variacao_id.is_(None))
        .order_by(ProdutoImagem.posicao, ProdutoImagem.id)
        .all()
    )


def adicionar_imagem(produto: Produto, dados: bytes) -> ProdutoImagem:
    """Acrescenta uma imagem ao produto (até `max_imagens()`); a mesma imagem não entra duas vezes."""
    arquivo = guardar_arquivo(dados)
    atuais = _imagens_do_produto(produto)
    for imagem in atuais:
        if imagem.sha256 == arquivo["sha256"]:
            return imagem
    if len(atuais) >= max_imagens():
        raise ErroImagem(f"O produto já tem {max_imagens()} imagens, o máximo")
    imagem = ProdutoImagem(produto_id=produto.id, posicao=len(atuais) + 1, **arquivo)
    db.session.add(imagem)
    db.session.flush()
    db.session.expire(produto, ["imagens"])
    return imagem


def definir_imagens(produto: Produto, lista: list[bytes]) -> None:
    """Deixa o produto com exatamente estas imagens, nesta ordem (reaproveita as já guardadas)."""
    if len(lista) > max_imagens():
        raise ErroImagem(f"No máximo {max_imagens()} imagens por produto (recebidas {len(lista)})")
    atuais = {i.sha256: i for i in _imagens_do_produto(produto)}
    vistos = set()
    posicao = 0
    for dados in lista:
        arquivo = guardar_arquivo(dados)
        if arquivo["sha256"] in vistos:
            continue
        vistos.add(arquivo["sha256"])
        posicao += 1
        imagem = atuais.pop(arquivo["sha256"], None)
        if imagem is None:
            db.session.add(ProdutoImagem(produto_id=produto.id, posicao=posicao, **arquivo))
        else:
            imagem.posicao = posicao
    for sobra in atuais.values():
        db.session.delete(sobra)
    db.session.flush()
    db.session.expire(produto, ["imagens"])


def definir_imagem_variacao(variacao: Variacao, dados: bytes) -> ProdutoImagem:
    """A variação tem uma imagem; uma nova substitui a anterior."""
    arquivo = guardar_arquivo(dados)
    atual = imagem_da_variacao(variacao)
    if atual is not None and atual.sha256 == arquivo["sha256"]:
        return atual
    if atual is not None:
        db.session.delete(atual)
    imagem = ProdutoImagem(produto_id=variacao.produto_id, variacao_id=variacao.id, posicao=1, **arquivo)
    db.session.add(imagem)
    db.session.flush()
    return imagem


def remover_imagem(imagem: ProdutoImagem) -> None:
    produto = db.session.get(Produto, imagem.produto_id)
    variacao_id = imagem.variacao_id
    db.session.delete(imagem)
    db.session.flush()
    if variacao_id is None and produto is not None:
        for n, restante in enumerate(_imagens_do_produto(produto), 1):
            restante.posicao = n
        db.session.expire(produto, ["imagens"])


def baixar(url: str, timeout_s: float | None = None) -> bytes:
    """Baixa uma imagem de uma URL http(s) pública (carga por planilha): a URL e cada redirecionamento passam
    pela guarda de endereços; o corpo vem aos pedaços até 20 MB, com tempo limitado; o conteúdo é conferido
    pelo Pillow (`guardar_arquivo`). Qualquer falha vira ErroImagem com o motivo."""
    try:
        verificar_url(url, rotulo=f"A imagem {url}")
    except EnderecoRecusado as erro:
        raise ErroImagem(str(erro)) from None
    timeout_s = TIMEOUT_DOWNLOAD_S if timeout_s is None else timeout_s
    partes, total = [], 0
    try:
        with sessao_guardada() as sessao, sessao.get(url, timeout=(timeout_s, timeout_s), stream=True) as resposta:
            if resposta.status_code != 200:
                raise ErroImagem(f"Imagem {url}: o servidor respondeu HTTP {resposta.status_code}; confira o "
                                 "endereço")
            declarado = resposta.headers.get("Content-Length", "")
            if declarado.isdigit() and int(declarado) > MAX_BYTES:
                raise ErroImagem(f"Imagem {url}: tem {_mb(int(declarado))}; o máximo é {_mb(MAX_BYTES)}")
            limite = time.monotonic() + PRAZO_DOWNLOAD_S
            for parte in resposta.iter_content(65536):
                total += len(parte)
                if total > MAX_BYTES:
                    raise ErroImagem(f"Imagem {url}: maior que {_mb(MAX_BYTES)}, o máximo")
                if time.monotonic() > limite:
                    raise ErroImagem(f"Imagem {url}: o download passou de {PRAZO_DOWNLOAD_S:.0f} s; tente de novo "
                                     "ou use outro endereço")
                partes.append(parte)
    except EnderecoRecusado as erro:
        raise ErroImagem(f"Imagem {url}: {erro}") from None
    except requests.Timeout:
        raise ErroImagem(f"Imagem {url}: o servidor não respondeu em {timeout_s:.0f} s; tente de novo ou use "
                         "outro endereço") from None
    except requests.RequestException as erro:
        raise ErroImagem(f"Imagem {url}: não foi possível baixar ({erro.__class__.__name__}); confira o "
                         "endereço") from None
    dados = b"".join(partes)
    if not dados:
        raise ErroImagem(f"Imagem {url}: o servidor devolveu um arquivo vazio")
    try:
        formato(dados)
    except ErroImagem as erro:
        raise ErroImagem(f"Imagem {url}: {erro}") from None
    return dados


# -- a cópia que vai à Tray ------------------------------------------------------------------------
def _cabe_na_tray(dados: bytes) -> bool:
    if len(dados) > TRAY_MAX_BYTES:
        return False
    with Image.open(io.BytesIO(dados)) as imagem:
        largura, altura = imagem.size
    return largura <= TRAY_MAX_PX and altura <= TRAY_MAX_PX


def reduzir_para_tray(dados: bytes) -> bytes:
    """Uma cópia JPEG da imagem que cabe na Tray (até 2000×2000 px e 350 KB): orientação da câmera aplicada
    (EXIF), transparência sobre fundo branco, lado maior reduzido a 2000 px e qualidade baixando até caber; se
    nem a menor qualidade cabe, as dimensões diminuem 20% e tenta de novo. A imagem é conferida antes por
    `formato` (JPEG/PNG íntegro, até 50 megapixels: o `Image.MAX_IMAGE_PIXELS` deste módulo barra as bombas de
    descompressão antes de decodificar)."""
    from PIL import ImageOps

    formato(dados)
    with Image.open(io.BytesIO(dados)) as original:
        original.draft("RGB", (TRAY_MAX_PX, TRAY_MAX_PX))  # JPEG grande: decodifica já reduzido (menos memória)
        imagem = ImageOps.exif_transpose(original)
        if imagem.mode in ("RGBA", "LA") or (imagem.mode == "P" and "transparency" in imagem.info):
            imagem = imagem.convert("RGBA")
            fundo = Image.new("RGB", imagem.size, (255, 255, 255))
            fundo.paste(imagem, mask=imagem.getchannel("A"))
            imagem = fundo
        else:
            imagem = imagem.convert("RGB")
    lado = TRAY_MAX_PX
    while lado >= 200:
        copia = imagem.copy()
        copia.thumbnail((lado, lado), Image.Resampling.LANCZOS)
        for qualidade in QUALIDADES_JPEG:
            saida = io.BytesIO()
            copia.save(saida, "JPEG", quality=qualidade, optimize=True, progressive=True)
            if saida.tell() <= TRAY_MAX_BYTES:
                return saida.getvalue()
        lado = int(lado * 0.8)
    raise ErroImagem("Não foi possível reduzir a imagem para os limites da Tray (350 KB, 2000×2000 pixels)")


def arquivo_para_tray(imagem: ProdutoImagem) -> str:
    """O arquivo (relativo aos uploads) que vai à Tray: a própria imagem, se cabe nos limites dela; senão uma
    cópia reduzida (`reduzir_para_tray`), guardada uma vez pelo conteúdo e lembrada em `arquivo_tray`. A
    original fica como foi enviada."""
    pasta = Path(current_app.config["UPLOADS"])
    if imagem.arquivo_tray and (pasta / imagem.arquivo_tray).is_file():
        return imagem.arquivo_tray
    try:
        dados = (pasta / imagem.arquivo).read_bytes()
    except OSError:
        raise ErroImagem(f"O arquivo da imagem {imagem.posicao} sumiu da pasta de uploads: envie a imagem de "
                         "novo") from None
    if _cabe_na_tray(dados):
        imagem.arquivo_tray = imagem.arquivo
        return imagem.arquivo
    copia = reduzir_para_tray(dados)
    imagem.arquivo_tray = _gravar(copia, f"{hashlib.sha256(copia).hexdigest()}.jpg")
    return imagem.arquivo_tray


def url_para_tray(imagem: ProdutoImagem, base: str | None = None) -> str:
    """A URL pública (ERP_URL_PUBLICA + /imagens/<sha256>.<ext>) do arquivo que a Tray baixa."""
    base = (base or current_app.config["ERP_URL_PUBLICA"]).rstrip("/")
    return f"{base}/imagens/{Path(arquivo_para_tray(imagem)).name}"
