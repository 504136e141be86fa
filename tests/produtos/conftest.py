"""Fixtures do catálogo: loja conectada ao simulador, ERP servido por HTTP (imagens públicas), fábricas."""
import struct
import zlib

import pytest
import requests

from erp.extensions import db
from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.produtos import imagens as img
from erp.produtos import services


def png(cor=(200, 30, 30), lado: int = 4) -> bytes:
    """PNG válido e pequeno; cores diferentes dão arquivos (e sha256) diferentes."""
    def bloco(tipo: bytes, dados: bytes) -> bytes:
        return struct.pack(">I", len(dados)) + tipo + dados + struct.pack(">I", zlib.crc32(tipo + dados))

    linha = b"\x00" + bytes(cor) * lado
    cabecalho = struct.pack(">IIBBBBB", lado, lado, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + bloco(b"IHDR", cabecalho)
            + bloco(b"IDAT", zlib.compress(linha * lado)) + bloco(b"IEND", b""))


class Sim:
    """Acesso às rotas de inspeção /_sandbox do simulador e ao estado dele."""

    def __init__(self, simulador):
        self.s = simulador
        self.base = simulador.url_api.rsplit("/web_api", 1)[0]

    def _get(self, caminho):
        resposta = requests.get(f"{self.base}{caminho}", timeout=10)
        resposta.raise_for_status()
        return resposta.json()

    def produto(self, tray_id) -> dict:
        return self._get(f"/web_api/products/{tray_id}")["Product"]

    def variacao(self, tray_id) -> dict:
        """Pela lista pública (GET /products/variants/{id} pede token)."""
        corpo = self._get(f"/web_api/products/variants?id={tray_id}")
        (variacao,) = [v["Variant"] for v in corpo["Variants"]]
        return variacao

    def categoria(self, tray_id) -> dict:
        """Lida no estado do simulador (GET /categories pede token)."""
        estado = self.s.estado
        with estado.trava:
            return dict(estado.categorias[str(tray_id)])

    def produtos(self, **filtros) -> list[dict]:
        corpo = self._get("/web_api/products?" + "&".join(f"{k}={v}" for k, v in filtros.items()))
        return [p["Product"] for p in corpo["Products"]]

    def imagens(self, tray_id) -> dict:
        return self._get(f"/_sandbox/imagens/{tray_id}")

    def log(self) -> list[dict]:
        return self._get("/_sandbox/requests")["requests"]

    def limpar_log(self) -> None:
        requests.delete(f"{self.base}/_sandbox/requests", timeout=5)

    def chamadas(self, metodo=None, prefixo="") -> list[tuple]:
        return [(r["method"], r["path"].removeprefix("/web_api"), r["status"]) for r in self.log()
                if (metodo is None or r["method"] == metodo)
                and r["path"].removeprefix("/web_api").startswith(prefixo)]

    def falhar(self, tipo, quantidade=1, prefixo="", metodo=""):
        requests.post(f"{self.base}/_sandbox/falhas", json={"tipo": tipo, "quantidade": quantidade,
                                                            "prefixo": prefixo, "metodo": metodo},
                      timeout=5).raise_for_status()

    def limites(self, **dados) -> dict:
        return requests.post(f"{self.base}/_sandbox/limites", json=dados, timeout=5).json()


@pytest.fixture
def publico(app, servidor_vivo):
    """O ERP servido por HTTP: a Tray (simulador) baixa as imagens de ERP_URL_PUBLICA."""
    app.config["ERP_URL_PUBLICA"] = servidor_vivo
    app.config["ERP_PERMITIR_REDE_LOCAL"] = True  # as imagens são baixadas de 127.0.0.1
    return servidor_vivo


@pytest.fixture
def sim(app, tray_sim):
    app.config.update(
        TRAY_CONSUMER_KEY=tray_sim.consumer_key, TRAY_CONSUMER_SECRET=tray_sim.consumer_secret,
        TRAY_ESPERA_BASE_S=0.01, TRAY_JANELA_S=1.0, ESTOQUE_ATRASO_S=0, ESTOQUE_REPETIR_S=5,
        EXPORTACAO_PAUSA_S=0.05, ERP_PERMITIR_REDE_LOCAL=True,  # simulador em 127.0.0.1
    )
    descartar_cliente()
    yield Sim(tray_sim)
    descartar_cliente()


@pytest.fixture
def loja(sim, publico):
    from erp.lojas_virtuais.services import conectar_loja

    loja = conectar_loja(sim.s.store_id, sim.s.url_api, sim.s.code, nome="Loja Teste")
    sim.limpar_log()
    return loja


@pytest.fixture
def fazer_produto(app):
    """fazer_produto(ref, **campos, imagens=[bytes], variacoes=[dict]) -> Produto (com commit)."""

    def fazer(ref, imagens=(), variacoes=(), **campos):
        dados = {"referencia": ref, "nome": f"Produto {ref}", "preco": "10,00", **campos}
        produto = services.salvar_produto(dados)
        for conteudo in imagens:
            img.adicionar_imagem(produto, conteudo)
        for var in variacoes:
            conteudo = var.pop("imagem", None)
            variacao = services.salvar_variacao(produto, var)
            if conteudo:
                img.definir_imagem_variacao(variacao, conteudo)
        db.session.commit()
        return produto

    return fazer
