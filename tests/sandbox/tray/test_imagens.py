"""picture_source_N: a Tray responde antes de baixar, recusa o que foge das regras e só mostra o que aceitou."""
import hashlib
import io
import socket
import struct
import zlib

import pytest
import requests
from PIL import Image

from erp.sandbox.tray import semente_minima
from tests.sandbox.servidores import ServidorLocal, png_minimo
from tests.sandbox.tray.apoio import Cliente, sandbox

PNG = png_minimo()
PNG_2 = png_minimo(3, 1)
LIMITE = 350 * 1024


def jpeg(largura: int = 4, altura: int = 3) -> bytes:
    saida = io.BytesIO()
    Image.new("RGB", (largura, altura), (10, 120, 200)).save(saida, "JPEG")
    return saida.getvalue()


def png_com_tamanho(total: int) -> bytes:
    """PNG válido de 2×2 com um bloco de texto que o leva a exatamente `total` bytes."""
    base = png_minimo()
    fim = base.index(b"IEND") - 4
    dados = b"Comment\x00" + b"x" * (total - len(base) - 12 - 8)
    bloco = struct.pack(">I", len(dados)) + b"tEXt" + dados + struct.pack(">I", zlib.crc32(b"tEXt" + dados))
    arquivo = base[:fim] + bloco + base[fim:]
    assert len(arquivo) == total
    return arquivo


JPEG = jpeg()


@pytest.fixture
def servidor_imagens():
    rotas = {
        "/foto.png": PNG, "/outra.png": PNG_2, "/foto.jpg": JPEG, "/foto.jpeg": JPEG, "/texto.png": b"nao e imagem",
        "/no-limite.png": png_com_tamanho(LIMITE), "/grande.png": png_com_tamanho(LIMITE + 1),
        "/quadrada.png": png_minimo(2000, 2000), "/larga.png": png_minimo(2001, 1), "/alta.jpg": jpeg(1, 2001),
        "/renomeada.jpg": PNG, "/foto": PNG, "/minha%20foto.png": PNG, "/foto.gif": PNG, "/foto-ç.png": PNG,
    }
    servidor = ServidorLocal({caminho: (200, "image/png", corpo) for caminho, corpo in rotas.items()})
    yield servidor
    servidor.parar()


@pytest.fixture
def assincrono(tray_sim_factory):
    return tray_sim_factory(semente_minima(image_processing="async"))


def _porta_fechada() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _processadas(sim, ident) -> dict:
    corpo = sandbox(sim, "GET", f"/imagens/{ident}", params={"aguardar": 5}).json()
    assert corpo["pendentes"] == []
    return corpo


def test_imagens_aparecem_so_depois_do_download(assincrono, servidor_imagens):
    cliente = Cliente(assincrono)
    assert sandbox(assincrono, "POST", "/imagens", json={"pausada": True}).json()["pausada"] is True
    resposta = cliente.post("/products", json={"Product": {
        "name": "Caneca", "price": "30", "picture_source_1": f"{servidor_imagens.url}/foto.png"}})
    assert resposta.status_code == 201
    ident = resposta.json()["id"]
    assert cliente.get(f"/products/{ident}").json()["Product"]["ProductImage"] == []
    inspecao = sandbox(assincrono, "GET", f"/imagens/{ident}").json()
    assert inspecao["imagens"] == [] and inspecao["registros"] == []
    assert [(p["slot"], p["url"]) for p in inspecao["pendentes"]] == [(1, f"{servidor_imagens.url}/foto.png")]
    assert sandbox(assincrono, "GET", "/imagens").json()["modo"] == "async"
    sandbox(assincrono, "POST", "/imagens", json={"pausada": False})
    processada = _processadas(assincrono, ident)
    assert [(i["slot"], i["sha256"]) for i in processada["imagens"]] == [(1, hashlib.sha256(PNG).hexdigest())]
    imagens = cliente.get(f"/products/{ident}").json()["Product"]["ProductImage"]
    assert len(imagens) == 1 and requests.get(imagens[0]["https"], timeout=5).content == PNG
    assert set(imagens[0]) == {"http", "https", "thumbs"} and set(imagens[0]["thumbs"]) == {"30", "90", "180"}


def test_regras_da_tray_para_aceitar_uma_imagem(assincrono, servidor_imagens):
    cliente = Cliente(assincrono)
    base = servidor_imagens.url
    caminhos = ["/foto.png", "/foto.jpg", "/no-limite.png", "/quadrada.png", "/texto.png", "/sumiu.png",
                f"http://127.0.0.1:{_porta_fechada()}/x.png", "/grande.png", "/larga.png", "/alta.jpg",
                "/renomeada.jpg", "/foto", "/minha%20foto.png", "/foto.gif", "/foto-%C3%A7.png"]
    urls = [c if c.startswith("http") else base + c for c in caminhos]
    resposta = cliente.post("/products", json={"Product": {
        "name": "Caneca", "price": "30", **{f"picture_source_{n}": url for n, url in enumerate(urls, 1)}}})
    assert resposta.status_code == 201
    ident = resposta.json()["id"]
    inspecao = _processadas(assincrono, ident)
    assert [i["slot"] for i in inspecao["imagens"]] == [1, 2, 3, 4]
    assert (inspecao["imagens"][3]["largura"], inspecao["imagens"][3]["altura"]) == (2000, 2000)
    assert len(cliente.get(f"/products/{ident}").json()["Product"]["ProductImage"]) == 4
    motivos = {r["slot"]: r.get("motivo") for r in inspecao["registros"] if r["resultado"] == "recusada"}
    assert sorted(motivos) == list(range(5, 16))
    esperados = {5: "JPEG ou PNG", 6: "HTTP 404", 7: "inacessível", 8: "maior que 350 KB", 9: "2001×1 px",
                 10: "1×2001 px", 11: "extensão renomeada", 12: "terminar com a extensão", 13: "caractere especial",
                 14: ".gif não aceita", 15: "caractere especial"}
    for slot, trecho in esperados.items():
        assert trecho in motivos[slot], (slot, motivos[slot])


def test_maximo_de_imagens_por_produto_vem_da_semente(tray_sim_factory, servidor_imagens):
    sim = tray_sim_factory(semente_minima(image_processing="async", max_image_slots=6))
    cliente = Cliente(sim)
    fotos = {f"picture_source_{n}": f"{servidor_imagens.url}/foto.png" for n in (1, 6, 7, 15)}
    ident = cliente.post("/products", json={"Product": {"name": "Caneca", "price": "30", **fotos}}).json()["id"]
    inspecao = _processadas(sim, ident)
    assert [i["slot"] for i in inspecao["imagens"]] == [1, 6]
    recusadas = [(r["slot"], r["motivo"]) for r in inspecao["registros"] if r["resultado"] == "recusada"]
    assert recusadas == [(7, "posição 7 acima do máximo de 6 imagens por produto"),
                         (15, "posição 15 acima do máximo de 6 imagens por produto")]
    assert [r["aviso"] for r in inspecao["registros"] if "aviso" in r] == ["mesma imagem já enviada no slot 1"]


def test_produto_excluido_antes_do_download(assincrono, servidor_imagens):
    cliente = Cliente(assincrono)
    sandbox(assincrono, "POST", "/imagens", json={"pausada": True})
    ident = cliente.post("/products", json={"Product": {
        "name": "Caneca", "price": "30", "picture_source_1": f"{servidor_imagens.url}/foto.png"}}).json()["id"]
    assert cliente.delete(f"/products/{ident}").status_code == 200
    sandbox(assincrono, "POST", "/imagens", json={"pausada": False})
    inspecao = _processadas(assincrono, ident)
    assert inspecao["imagens"] == [] and [r["resultado"] for r in inspecao["registros"]] == ["descartada"]


def test_put_troca_e_remove_com_espaco_na_ordem_em_que_chegou(assincrono, servidor_imagens):
    cliente = Cliente(assincrono)
    base = servidor_imagens.url
    sandbox(assincrono, "POST", "/imagens", json={"pausada": True})
    cliente.put("/products/501", data={"Product[picture_source_1]": f"{base}/foto.png",
                                       "Product[picture_source_2]": f"{base}/outra.png"})
    assert cliente.put("/products/501", data={"Product[picture_source_1]": " "}).status_code == 200
    assert len(sandbox(assincrono, "GET", "/imagens/501").json()["pendentes"]) == 3
    sandbox(assincrono, "POST", "/imagens", json={"pausada": False})
    registros = _processadas(assincrono, "501")["registros"]
    assert [(r["slot"], r["resultado"]) for r in registros] == [(1, "ok"), (2, "ok"), (1, "removida")]
    depois = cliente.get("/products/501").json()["Product"]["ProductImage"]
    assert len(depois) == 1 and requests.get(depois[0]["http"], timeout=5).content == PNG_2
    # A seguinte subiu de posição: agora ela é a 1 (e sai com " " na 1).
    assert [i["slot"] for i in _processadas(assincrono, "501")["imagens"]] == [1]


def test_modo_sincrono_da_semente_minima(tray_sim, servidor_imagens):
    """A semente mínima processa antes de responder (como o simulador fazia), para quem ainda conta com isso."""
    cliente = Cliente(tray_sim)
    assert sandbox(tray_sim, "GET", "/imagens").json()["modo"] == "sync"
    cliente.put("/products/501", json={"Product": {"picture_source_1": f"{servidor_imagens.url}/foto.jpeg",
                                                   "picture_source_2": f"{servidor_imagens.url}/grande.png"}})
    imagens = cliente.get("/products/501").json()["Product"]["ProductImage"]
    assert len(imagens) == 1 and requests.get(imagens[0]["http"], timeout=5).content == JPEG
    registros = sandbox(tray_sim, "GET", "/imagens/501").json()["registros"]
    assert [(r["slot"], r["resultado"]) for r in registros] == [(1, "ok"), (2, "recusada")]


def test_imagem_da_variacao_vai_para_variant_image(assincrono, servidor_imagens):
    cliente = Cliente(assincrono)
    resposta = cliente.put("/products/variants/880", json={"Variant": {
        "picture_source_1": f"{servidor_imagens.url}/foto.png"}})
    assert resposta.status_code == 200
    assert assincrono.aguardar_imagens()
    variacao = cliente.get("/products/variants/880").json()["Variant"]
    assert len(variacao["VariantImage"]) == 1
    assert cliente.get("/products/502").json()["Product"]["ProductImage"] == []
    log = sandbox(assincrono, "GET", "/imagens/502").json()
    assert log["imagens"][0]["alvo"] == "variant" and log["imagens"][0]["id"] == "880"
