"""Variações na Tray: dois eixos (type_1/value_1, type_2/value_2), preço, estoque, EAN e imagem próprios."""
import hashlib

from erp.extensions import db
from erp.produtos import services
from erp.produtos.exportacao.exportar import exportar_produto
from erp.produtos.models import Produto, Variacao, VariacaoLoja
from tests.produtos.conftest import png

VARIACOES = [
    {"referencia": "TEN-38-PR", "tipo_1": "Tamanho", "valor_1": "38", "tipo_2": "Cor", "valor_2": "Preto",
     "ean": "7891234567895", "preco": "199,90", "estoque": "2", "imagem": png((0, 0, 0))},
    {"referencia": "TEN-39-PR", "tipo_1": "Tamanho", "valor_1": "39", "tipo_2": "Cor", "valor_2": "Preto",
     "estoque": "5", "imagem": png((0, 0, 1))},
    {"referencia": "TEN-39-BR", "tipo_1": "Cor", "valor_1": "Branco", "tipo_2": "Tamanho", "valor_2": "39",
     "preco": "209,90", "estoque": "0"},
]


def test_cria_e_atualiza_variacoes(loja, sim, fazer_produto):
    produto = fazer_produto("TEN", preco="189,90", peso_g="900", variacoes=[dict(v) for v in VARIACOES])
    resultado = exportar_produto(loja, produto)
    assert resultado.resultado == "criado"
    assert set(resultado.variantes_tray) == {"TEN-38-PR", "TEN-39-PR", "TEN-39-BR"}
    assert [c[:2] for c in sim.chamadas("POST")] == [("POST", "/products")] + [("POST", "/products/variants")] * 3

    tray = sim.produto(resultado.produto_tray)
    assert (tray["has_variation"], tray["stock"]) == ("1", "7")
    assert sorted(v["id"] for v in tray["Variant"]) == sorted(resultado.variantes_tray.values())
    lidas = {r: sim.variacao(i) for r, i in resultado.variantes_tray.items()}
    assert lidas["TEN-38-PR"]["Sku"] == [{"type": "Tamanho", "value": "38"}, {"type": "Cor", "value": "Preto"}]
    assert lidas["TEN-39-BR"]["Sku"] == [{"type": "Tamanho", "value": "39"}, {"type": "Cor", "value": "Branco"}]
    assert (lidas["TEN-38-PR"]["price"], lidas["TEN-38-PR"]["stock"], lidas["TEN-38-PR"]["ean"]) == (
        "199.90", "2", "7891234567895")
    assert (lidas["TEN-39-PR"]["price"], lidas["TEN-39-PR"]["weight"]) == ("189.90", "900")  # herda do produto
    assert all(lidas[r]["product_id"] == resultado.produto_tray for r in lidas)
    assert [i["sha256"] for i in sim.imagens(resultado.produto_tray)["imagens"] if i["alvo"] == "variant"] == [
        hashlib.sha256(png((0, 0, 0))).hexdigest(), hashlib.sha256(png((0, 0, 1))).hexdigest()]
    assert lidas["TEN-38-PR"]["VariantImage"] and not lidas["TEN-39-BR"]["VariantImage"]

    sim.limpar_log()
    variacao = db.session.query(Variacao).filter_by(referencia="TEN-39-BR").one()
    services.salvar_variacao(produto, {"preco": "219,90"}, variacao, parcial=True)
    nova = services.salvar_variacao(produto, {"referencia": "TEN-40-BR", "tipo_1": "Tamanho", "valor_1": "40",
                                              "tipo_2": "Cor", "valor_2": "Branco", "estoque": "1"})
    db.session.commit()
    segundo = exportar_produto(loja, db.session.get(Produto, produto.id))
    id_39br = resultado.variantes_tray["TEN-39-BR"]
    assert segundo.resultado == "atualizado"
    assert sorted(c[:2] for c in sim.chamadas() if c[0] != "GET") == sorted([
        ("PUT", f"/products/{resultado.produto_tray}"),  # o estoque total mudou (7 → 8)
        ("PUT", f"/products/variants/{id_39br}"), ("POST", "/products/variants")])
    # Antes de criar a TEN-40-BR, procurou-a pela referência no produto da loja.
    assert ("GET", "/products/variants") in [c[:2] for c in sim.chamadas()]
    assert sim.variacao(id_39br)["price"] == "219.90"
    assert sim.variacao(segundo.variantes_tray["TEN-40-BR"])["Sku"][0] == {"type": "Tamanho", "value": "40"}
    assert db.session.query(VariacaoLoja).filter_by(variacao_id=nova.id).one().tray_id == \
        segundo.variantes_tray["TEN-40-BR"]
    sim.limpar_log()
    assert exportar_produto(loja, produto).resultado == "sem_mudanca" and sim.log() == []


def test_tres_eixos_e_recusado_sem_chamar_a_tray(loja, sim, fazer_produto):
    produto = fazer_produto("MIX", variacoes=[{"referencia": "MIX-1", "tipo_1": "Cor", "valor_1": "Azul",
                                               "tipo_2": "Tamanho", "valor_2": "P"}])
    # Dado que não passaria pelo cadastro (ex.: gravado por outra integração): um terceiro eixo.
    db.session.add(Variacao(produto=produto, referencia="MIX-2", tipo_1="Cor", valor_1="Azul",
                            tipo_2="Material", valor_2="Algodão", estoque=1))
    db.session.commit()
    resultado = exportar_produto(loja, produto)
    assert resultado.resultado == "falhou"
    assert resultado.motivo == ("Produto incompleto: tem 3 eixos de variação (Cor, Tamanho, Material); "
                                "a Tray aceita no máximo 2")
    assert sim.log() == []
