"""picture_source_N: o simulador baixa as imagens antes de responder e registra as falhas."""
import hashlib
import socket

import pytest
import requests

from tests.sandbox.tray.apoio import Cliente, sandbox
from tests.sandbox.servidores import ServidorLocal, png_minimo

PNG = png_minimo()
PNG_2 = png_minimo(3, 1)
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60 + b"\xff\xd9"


@pytest.fixture
def servidor_imagens():
    grande = b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 * 1024 * 1024 + 10)
    servidor = ServidorLocal({"/foto.png": (200, "image/png", PNG), "/outra.png": (200, "image/png", PNG_2),
                              "/foto.jpg": (200, "image/jpeg", JPEG),
                              "/texto.png": (200, "image/png", b"isto nao e imagem"),
                              "/grande.png": (200, "image/png", grande)})
    yield servidor
    servidor.parar()


def _porta_fechada() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_download_e_falhas_no_post(tray_sim, servidor_imagens):
    cliente = Cliente(tray_sim)
    base = servidor_imagens.url
    resposta = cliente.post("/products", json={"Product": {
        "name": "Caneca", "price": "30", "picture_source_1": f"{base}/foto.png",
        "picture_source_2": f"{base}/texto.png", "picture_source_3": f"{base}/sumiu.png",
        "picture_source_4": f"{base}/foto.jpg", "picture_source_5": f"http://127.0.0.1:{_porta_fechada()}/x.png",
        "picture_source_6": f"{base}/grande.png"}})
    assert resposta.status_code == 201
    ident = resposta.json()["id"]
    imagens = cliente.get(f"/products/{ident}").json()["Product"]["ProductImage"]
    assert len(imagens) == 2
    assert set(imagens[0]) == {"http", "https", "thumbs"} and set(imagens[0]["thumbs"]) == {"30", "90", "180"}
    assert requests.get(imagens[0]["http"], timeout=5).content == PNG
    assert requests.get(imagens[1]["https"], timeout=5).content == JPEG
    log = sandbox(tray_sim, "GET", f"/imagens/{ident}").json()
    assert [(i["slot"], i["size"], i["sha256"]) for i in log["imagens"]] == [
        (1, len(PNG), hashlib.sha256(PNG).hexdigest()), (4, len(JPEG), hashlib.sha256(JPEG).hexdigest())]
    resultados = {r["slot"]: r for r in log["registros"]}
    assert resultados[1]["resultado"] == "ok" and resultados[4]["resultado"] == "ok"
    for slot in (2, 3, 5, 6):
        assert resultados[slot]["resultado"] == "falha", slot
    assert "JPEG ou PNG" in resultados[2]["motivo"]
    assert "404" in resultados[3]["motivo"]
    assert "inacessível" in resultados[5]["motivo"]
    assert "2 MB" in resultados[6]["motivo"]


def test_put_troca_e_remove_com_espaco(tray_sim, servidor_imagens):
    cliente = Cliente(tray_sim)
    base = servidor_imagens.url
    cliente.put("/products/501", data={"Product[picture_source_1]": f"{base}/foto.png",
                                       "Product[picture_source_2]": f"{base}/outra.png"})
    primeiro = cliente.get("/products/501").json()["Product"]["ProductImage"]
    assert len(primeiro) == 2
    assert cliente.put("/products/501", data={"Product[picture_source_1]": " "}).status_code == 200
    depois = cliente.get("/products/501").json()["Product"]["ProductImage"]
    assert depois == [primeiro[1]]
    assert requests.get(depois[0]["http"], timeout=5).content == PNG_2
    registros = sandbox(tray_sim, "GET", "/imagens/501").json()["registros"]
    assert registros[-1]["resultado"] == "removida" and registros[-1]["slot"] == 1


def test_imagem_da_variacao_vai_para_variant_image(tray_sim, servidor_imagens):
    cliente = Cliente(tray_sim)
    resposta = cliente.put("/products/variants/880", json={"Variant": {
        "picture_source_1": f"{servidor_imagens.url}/foto.png"}})
    assert resposta.status_code == 200
    variacao = cliente.get("/products/variants/880").json()["Variant"]
    assert len(variacao["VariantImage"]) == 1
    assert cliente.get("/products/502").json()["Product"]["ProductImage"] == []
    log = sandbox(tray_sim, "GET", "/imagens/502").json()
    assert log["imagens"][0]["alvo"] == "variant" and log["imagens"][0]["id"] == "880"
