"""Imagens de produto: conteúdo conferido pelo Pillow (não pelos primeiros bytes), até 20 MB e 50 megapixels;
download pela guarda de endereços, aos pedaços, com tamanho e tempo limitados."""
import io
import os
import threading
import time

import pytest
from PIL import Image
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from erp.produtos import imagens as img
from erp.produtos.erros import ErroImagem
from tests.produtos.conftest import png
from tests.util import porta_livre


def _imagem(formato: str, tamanho=(8, 8), modo="RGB") -> bytes:
    saida = io.BytesIO()
    Image.new(modo, tamanho, 0).save(saida, formato)
    return saida.getvalue()


@pytest.fixture
def servidor():
    """`servidor(responder)` -> (url, requisições recebidas); `responder(environ)` devolve a Response."""
    servidores = []

    def montar(responder):
        recebidas = []

        def app(environ, start_response):
            recebidas.append(environ["PATH_INFO"])
            return responder(environ)(environ, start_response)

        porta = porta_livre()
        s = make_server("127.0.0.1", porta, app, threaded=True)
        threading.Thread(target=s.serve_forever, daemon=True).start()
        servidores.append(s)
        return f"http://127.0.0.1:{porta}", recebidas

    yield montar
    for s in servidores:
        s.shutdown()


@pytest.fixture
def rede_local(app):
    app.config["ERP_PERMITIR_REDE_LOCAL"] = True


def test_jpeg_e_png_decodificados(app):
    assert img.formato(_imagem("JPEG")) == ("jpg", "image/jpeg")
    assert img.formato(png()) == ("png", "image/png")


@pytest.mark.parametrize("dados,trecho", [
    (b"\x89PNG\r\n\x1a\n" + b"lixo" * 100, "não é uma imagem JPG ou PNG válida"),   # só a assinatura
    (b"\xff\xd8\xff" + os.urandom(200), "não é uma imagem JPG ou PNG válida"),
    (png()[:-30], "não é uma imagem JPG ou PNG válida"),                            # truncado
    (_imagem("GIF"), "deve ser JPG ou PNG"),
    (_imagem("BMP"), "deve ser JPG ou PNG"),
])
def test_conteudo_conferido_pelo_pillow(app, dados, trecho):
    with pytest.raises(ErroImagem, match=trecho):
        img.guardar_arquivo(dados)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_bomba_de_descompressao_recusada_com_mensagem_clara(app):
    bomba = _imagem("PNG", (10_000, 6_000), "1")  # 60 megapixels em poucos KB
    assert len(bomba) < 200_000
    with pytest.raises(ErroImagem, match="10000×6000 pixels: o máximo é 50 megapixels"):
        img.guardar_arquivo(bomba)
    enorme = _imagem("PNG", (20_000, 20_000), "1")  # acima do dobro: o Pillow nem abre
    with pytest.raises(ErroImagem, match="50 megapixels"):
        img.guardar_arquivo(enorme)


def test_imagem_acima_de_2_mb_e_aceita(app):
    saida = io.BytesIO()
    Image.frombytes("RGB", (1100, 1100), os.urandom(1100 * 1100 * 3)).save(saida, "PNG")
    dados = saida.getvalue()
    assert 2 * 1024 * 1024 < len(dados) < img.MAX_BYTES
    assert img.guardar_arquivo(dados)["tipo"] == "image/png"


def test_download_pela_guarda_sem_conectar(app, servidor):
    app.config["ERP_PERMITIR_REDE_LOCAL"] = False
    url, recebidas = servidor(lambda e: Response(png(), mimetype="image/png"))
    with pytest.raises(ErroImagem, match="precisa usar https://"):
        img.baixar(f"{url}/foto.png")
    with pytest.raises(ErroImagem, match="endereço interno"):
        img.baixar(f"{url.replace('http://', 'https://')}/foto.png")
    with pytest.raises(ErroImagem, match="https://"):
        img.baixar("file:///etc/passwd")
    assert recebidas == []


def test_redirecionamento_para_endereco_interno_recusado(app, servidor, monkeypatch):
    """Com a rede local fechada, um redirecionamento para 127.0.0.1 não é seguido (a guarda confere cada salto)."""
    alvo, recebidas_alvo = servidor(lambda e: Response(png(), mimetype="image/png"))
    origem, _ = servidor(lambda e: Response("", status=302, headers={"Location": f"{alvo}/foto.png"}))
    app.config["ERP_PERMITIR_REDE_LOCAL"] = True
    from erp.comum import rede

    original = rede.verificar_url

    def guarda(url, permitir_rede_local=None, rotulo="O endereço"):
        # A origem passa como se fosse pública; o destino interno é conferido de verdade.
        return original(url, url.startswith(origem), rotulo)

    monkeypatch.setattr(rede, "verificar_url", guarda)
    monkeypatch.setattr(img, "verificar_url", guarda)
    with pytest.raises(ErroImagem, match="precisa usar https://|endereço interno"):
        img.baixar(f"{origem}/foto.png")
    assert recebidas_alvo == []


def test_download_maior_que_o_limite(app, servidor, rede_local, monkeypatch):
    monkeypatch.setattr(img, "MAX_BYTES", 100_000)

    def sem_tamanho(environ):
        return Response((b"\0" * 10_000 for _ in range(50)), mimetype="image/png")  # sem Content-Length

    url, _ = servidor(sem_tamanho)
    with pytest.raises(ErroImagem, match="maior que"):
        img.baixar(f"{url}/grande.png")
    url, _ = servidor(lambda e: Response(b"\0" * 200_000, mimetype="image/png"))
    with pytest.raises(ErroImagem, match="o máximo é"):
        img.baixar(f"{url}/grande.png")


def test_download_com_tempo_limitado(app, servidor, rede_local, monkeypatch):
    monkeypatch.setattr(img, "TIMEOUT_DOWNLOAD_S", 0.3)

    def lento(environ):
        time.sleep(1.5)
        return Response(png(), mimetype="image/png")

    url, _ = servidor(lento)
    inicio = time.monotonic()
    with pytest.raises(ErroImagem, match="não respondeu em"):
        img.baixar(f"{url}/lenta.png")
    assert time.monotonic() - inicio < 1.4


def test_download_com_prazo_total(app, servidor, rede_local, monkeypatch):
    """Um servidor que manda a imagem aos pinguinhos não segura a carga além do prazo total."""
    monkeypatch.setattr(img, "PRAZO_DOWNLOAD_S", 0.5)

    def pingando(environ):
        def corpo():
            for _ in range(30):
                time.sleep(0.1)
                yield b"\0" * 100
        return Response(corpo(), mimetype="image/png")

    url, _ = servidor(pingando)
    inicio = time.monotonic()
    with pytest.raises(ErroImagem, match="o download passou de"):
        img.baixar(f"{url}/devagar.png")
    assert time.monotonic() - inicio < 2.0


def test_download_que_nao_e_imagem(app, servidor, rede_local):
    url, _ = servidor(lambda e: Response(b"<html>login</html>", mimetype="image/png"))
    with pytest.raises(ErroImagem, match=f"Imagem {url}/x.png: O arquivo não é uma imagem"):
        img.baixar(f"{url}/x.png")
    url, _ = servidor(lambda e: Response(png(), mimetype="image/png"))
    assert img.baixar(f"{url}/x.png") == png()
