"""Imagens como as lojas têm (fotos de celular e câmera, até 20 MB e 50 megapixels) contra o simulador que baixa
depois e recusa acima de 350 KB ou 2000×2000 px: a cópia que cabe vai à Tray, a original fica como foi enviada;
a conferência confirma o que a Tray mostra, reenvia o que falta poucas vezes e depois marca o erro no produto;
remover no ERP remove na Tray; o número de posições é um ajuste."""
import hashlib
import io
import os
from pathlib import Path

import pytest
from flask import current_app
from PIL import Image

from erp.extensions import db
from erp.lojas_virtuais.services import conectar_loja
from erp.lojas_virtuais.tray.client import descartar_cliente
from erp.produtos import imagens as img
from erp.produtos.erros import ErroImagem
from erp.produtos.exportacao.exportar import exportar_produto
from erp.produtos.models import ImagemEnviada, ProdutoLoja
from erp.sandbox.tray import semente_minima
from erp.tarefas.fila import executar_pendentes
from tests.produtos.conftest import Sim, png


def foto_de_camera(largura=4000, altura=3000) -> bytes:
    """Um JPEG "de câmera": 12 megapixels de ruído (não comprime), bem acima de 350 KB e de 2000 px."""
    ruido = Image.frombytes("RGB", (largura // 4, altura // 4), os.urandom(largura // 4 * altura // 4 * 3))
    saida = io.BytesIO()
    ruido.resize((largura, altura)).save(saida, "JPEG", quality=95)
    return saida.getvalue()


def png_grande(lado=2600) -> bytes:
    ruido = Image.frombytes("RGBA", (lado // 8, lado // 8), os.urandom(lado // 8 * lado // 8 * 4))
    saida = io.BytesIO()
    ruido.resize((lado, lado)).save(saida, "PNG")
    return saida.getvalue()


@pytest.fixture
def assincrono(app, tray_sim_factory, servidor_vivo):
    """Simulador que baixa as imagens depois de responder (como a Tray) e o ERP servido por HTTP."""
    simulador = tray_sim_factory(semente_minima(image_processing="async"))
    app.config.update(
        TRAY_CONSUMER_KEY=simulador.consumer_key, TRAY_CONSUMER_SECRET=simulador.consumer_secret,
        TRAY_ESPERA_BASE_S=0.01, TRAY_JANELA_S=1.0, ESTOQUE_ATRASO_S=0, EXPORTACAO_PAUSA_S=0.05,
        ERP_PERMITIR_REDE_LOCAL=True, ERP_URL_PUBLICA=servidor_vivo, TRAY_IMAGENS_CONFERIR_APOS_S=0)
    descartar_cliente()
    yield Sim(simulador)
    descartar_cliente()


@pytest.fixture
def loja_async(assincrono):
    s = assincrono.s
    loja = conectar_loja(s.store_id, s.url_api, s.code, nome="Loja Teste")
    assincrono.limpar_log()
    return loja


def _conferir(sim):
    assert sim.s.aguardar_imagens(10)
    return executar_pendentes()


def _linhas(produto_id):
    return db.session.query(ImagemEnviada).filter_by(produto_id=produto_id).order_by(ImagemEnviada.posicao).all()


def test_foto_grande_guardada_como_veio_e_a_copia_cabe_na_tray(loja_async, assincrono, fazer_produto):
    camera, transparente = foto_de_camera(), png_grande()
    assert len(camera) > 2 * 1024 * 1024 and len(transparente) > 2 * 1024 * 1024  # acima do antigo limite de 2 MB
    produto = fazer_produto("FOTO", imagens=[camera, transparente])
    guardadas = [Path(current_app.config["UPLOADS"], i.arquivo).read_bytes() for i in produto.imagens]
    assert guardadas == [camera, transparente]  # a original fica como foi enviada

    resultado = exportar_produto(loja_async, produto)
    assert resultado.resultado == "criado"
    assert all(linha.confirmada_em is None for linha in _linhas(produto.id))  # enviada, ainda não vista
    _conferir(assincrono)

    na_tray = assincrono.imagens(resultado.produto_tray)
    assert [r["resultado"] for r in na_tray["registros"]] == ["ok", "ok"]
    for imagem in na_tray["imagens"]:
        assert imagem["size"] <= 350_000 and imagem["largura"] <= 2000 and imagem["altura"] <= 2000
    primeira = na_tray["imagens"][0]
    assert primeira["largura"] * 3 == primeira["altura"] * 4  # a proporção da foto (ruído puro comprime pouco:
    # a cópia diminui até caber em 350 KB)
    db.session.expire_all()
    assert all(linha.confirmada_em is not None for linha in _linhas(produto.id))
    assert db.session.query(ProdutoLoja).one().erro_imagens is None
    # A URL enviada é a da cópia, servida publicamente; a original continua no seu endereço.
    copia = [i.arquivo_tray for i in produto.imagens]
    assert all(c and c != i.arquivo for c, i in zip(copia, produto.imagens))


def test_imagem_pequena_vai_como_esta(loja_async, assincrono, fazer_produto):
    pequena = png((10, 20, 30))
    produto = fazer_produto("PEQ", imagens=[pequena])
    resultado = exportar_produto(loja_async, produto)
    _conferir(assincrono)
    assert [i["sha256"] for i in assincrono.imagens(resultado.produto_tray)["imagens"]] == [
        hashlib.sha256(pequena).hexdigest()]


def test_imagem_que_a_tray_nao_mostra_e_reenviada_poucas_vezes_e_vira_erro(app, loja_async, assincrono,
                                                                          fazer_produto, logado):
    app.config.update(ERP_URL_PUBLICA="http://127.0.0.1:9", TRAY_IMAGENS_TENTATIVAS=3)  # a Tray não alcança
    produto = fazer_produto("LONGE", imagens=[png((1, 1, 1))])
    resultado = exportar_produto(loja_async, produto)
    for _ in range(4):
        _conferir(assincrono)
    registros = assincrono.imagens(resultado.produto_tray)["registros"]
    assert [r["resultado"] for r in registros] == ["recusada"] * 3  # o envio e 2 reenvios, não mais
    db.session.expire_all()
    linha = _linhas(produto.id)[0]
    assert (linha.tentativas, linha.confirmada_em) == (3, None)
    erro = db.session.query(ProdutoLoja).one().erro_imagens
    assert "A Tray mostra 0 de 1 imagem(ns) depois de 3 envio(s)" in erro
    html = logado.get(f"/produtos/{produto.id}").get_data(as_text=True)
    assert f'id="erro-imagens-{loja_async.id}"' in html and "ERP_URL_PUBLICA" in html


def test_imagem_removida_no_erp_sai_da_tray(loja_async, assincrono, fazer_produto):
    fotos = [png((200, 0, 0)), png((0, 200, 0)), png((0, 0, 200))]
    produto = fazer_produto("TRES", imagens=fotos)
    resultado = exportar_produto(loja_async, produto)
    _conferir(assincrono)
    img.remover_imagem(produto.imagens[1])
    db.session.commit()
    assert exportar_produto(loja_async, produto).resultado == "atualizado"
    assincrono.s.aguardar_imagens(10)
    shas = [i["sha256"] for i in assincrono.imagens(resultado.produto_tray)["imagens"]]
    assert shas == [hashlib.sha256(fotos[0]).hexdigest(), hashlib.sha256(fotos[2]).hexdigest()]
    assert ("PUT", f"/products/{resultado.produto_tray}", 200) in assincrono.chamadas()
    executar_pendentes()
    db.session.expire_all()
    assert [(l.posicao, l.sha256) for l in _linhas(produto.id)] == [
        (1, hashlib.sha256(fotos[0]).hexdigest()), (2, hashlib.sha256(fotos[2]).hexdigest())]
    # Uma imagem nova vai para a posição seguinte, sem reenviar as outras.
    img.adicionar_imagem(produto, png((9, 9, 9)))
    db.session.commit()
    exportar_produto(loja_async, produto)
    _conferir(assincrono)
    shas = [i["sha256"] for i in assincrono.imagens(resultado.produto_tray)["imagens"]]
    assert shas[-1] == hashlib.sha256(png((9, 9, 9))).hexdigest() and len(shas) == 3
    db.session.expire_all()
    assert all(linha.confirmada_em for linha in _linhas(produto.id))


def test_posicoes_por_produto_sao_um_ajuste(app, fazer_produto):
    app.config["TRAY_IMAGENS_POR_PRODUTO"] = 2
    produto = fazer_produto("DUAS", imagens=[png((1, 0, 0)), png((0, 1, 0))])
    with pytest.raises(ErroImagem, match="já tem 2 imagens"):
        img.adicionar_imagem(produto, png((0, 0, 1)))


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_copia_para_a_tray_barra_a_bomba_de_descompressao(app):
    saida = io.BytesIO()
    Image.new("1", (10_000, 6_000), 0).save(saida, "PNG")  # 60 megapixels em poucos KB
    with pytest.raises(ErroImagem, match="50 megapixels"):
        img.reduzir_para_tray(saida.getvalue())


def test_imagem_grande_da_variacao_vai_reduzida_e_e_conferida(loja_async, assincrono, fazer_produto):
    foto = foto_de_camera(2400, 2400)
    produto = fazer_produto("VAR", variacoes=[{"referencia": "VAR-P", "tipo_1": "Tamanho", "valor_1": "P",
                                               "preco": "10,00", "estoque": "1", "imagem": foto}])
    resultado = exportar_produto(loja_async, produto)
    _conferir(assincrono)
    variante = resultado.variantes_tray["VAR-P"]
    vista = assincrono.variacao(variante)["VariantImage"]
    assert len(vista) == 1
    registros = [r for r in assincrono.imagens(resultado.produto_tray)["registros"] if r["alvo"] == "variant"]
    assert [r["resultado"] for r in registros] == ["ok"] and registros[0]["size"] <= 350_000
    db.session.expire_all()
    assert [linha.confirmada_em is not None for linha in _linhas(produto.id)] == [True]


def test_arquivo_sumido_falha_o_produto_com_o_motivo(loja_async, assincrono, fazer_produto):
    produto = fazer_produto("SUMIDA", imagens=[png((5, 5, 5))])
    Path(current_app.config["UPLOADS"], produto.imagens[0].arquivo).unlink()
    resultado = exportar_produto(loja_async, produto)
    assert resultado.resultado == "falhou" and "sumiu da pasta de uploads" in resultado.motivo
    assert assincrono.chamadas("POST", "/products") == []
