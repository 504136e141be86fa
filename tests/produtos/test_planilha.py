"""Carga do catálogo por planilha CSV: linhas boas entram, ruins são relatadas, recarga não duplica."""
import csv
import io
import json

from erp.extensions import db
from erp.produtos import imagens as img
from erp.produtos.models import MovimentoEstoque, Produto, ProdutoImagem, Variacao
from erp.produtos.planilha import COLUNAS
from tests.produtos.conftest import png


def _csv(linhas: list[dict], separador=",") -> str:
    saida = io.StringIO()
    escritor = csv.DictWriter(saida, fieldnames=COLUNAS, delimiter=separador, lineterminator="\n")
    escritor.writeheader()
    for linha in linhas:
        escritor.writerow(linha)
    return saida.getvalue()


def _linhas(foto_local: str, foto_url: str) -> list[dict]:
    return [
        {"referencia": "CAM", "nome": "Camiseta Básica", "categoria": "Moda > Camisetas", "preco": "59,90",
         "preco_custo": "25.5", "ncm": "61091000", "peso_g": "180", "comprimento_cm": "30", "largura_cm": "20",
         "altura_cm": "2", "ativo": "1", "imagens": foto_local},                                          # 2
        {"referencia": "CAM-P-AZ", "referencia_pai": "CAM", "estoque": "3", "preco": "59,90",
         "variacao_tipo_1": "Cor", "variacao_valor_1": "Azul", "variacao_tipo_2": "Tamanho",
         "variacao_valor_2": "P"},                                                                         # 3
        {"referencia": "CAM-M-AZ", "referencia_pai": "CAM", "estoque": "4", "ean": "7891234567895",
         "variacao_tipo_1": "Cor", "variacao_valor_1": "Azul", "variacao_tipo_2": "Tamanho",
         "variacao_valor_2": "M"},                                                                         # 4
        {"referencia": "PAN", "nome": "Panela 4,5 L", "descricao": "Linha 1\nLinha 2", "preco": "1.249,90",
         "estoque": "7", "categoria": "Casa > Cozinha"},                       # 5-6
        {"referencia": "RUIM-EAN", "nome": "Copo", "preco": "9,90", "ean": "7891234567896"},               # 7
        {"referencia": "ORFA", "referencia_pai": "NAO-EXISTE", "variacao_tipo_1": "Cor",
         "variacao_valor_1": "Azul"},                                                                      # 8
        {"referencia": "MESA", "nome": "Mesa", "preco": "abc"},                                             # 9
        {"referencia": "CAM-G-AL", "referencia_pai": "CAM", "variacao_tipo_1": "Cor", "variacao_valor_1": "Azul",
         "variacao_tipo_2": "Material", "variacao_valor_2": "Algodão"},                                    # 10
        {"referencia": "XIC", "nome": "Xícara", "preco": "12", "estoque": "20", "ativo": "0",
         "imagens": foto_url},                                                                             # 11
    ]


def _preparar(tmp_path, publico):
    (tmp_path / "fotos").mkdir()
    (tmp_path / "fotos" / "cam.png").write_bytes(png((10, 20, 30)))
    remota = img.guardar_arquivo(png((40, 50, 60)))
    url = f"{publico}/imagens/{remota['arquivo'].split('/')[-1]}"
    arquivo = tmp_path / "produtos.csv"
    arquivo.write_text(_csv(_linhas("fotos/cam.png", url)), encoding="utf-8")
    return arquivo


def test_carga_relata_linhas_ruins_e_recarga_nao_duplica(runner, tmp_path, publico):
    arquivo = _preparar(tmp_path, publico)
    saida = runner.invoke(args=["produtos", "importar", "--arquivo", str(arquivo), "--json"])
    assert saida.exit_code == 0, saida.output
    resultado = json.loads(saida.output)
    assert (resultado["criados"], resultado["atualizados"]) == (5, 0)
    erros = {e["linha"]: e for e in resultado["erros"]}
    assert sorted(erros) == [7, 8, 9, 10]
    assert erros[7]["referencia"] == "RUIM-EAN" and "dígito verificador" in erros[7]["motivo"]
    assert "NAO-EXISTE" in erros[8]["motivo"]
    assert "Preço" in erros[9]["motivo"]
    assert "3 eixos" in erros[10]["motivo"]

    cam = db.session.query(Produto).filter_by(referencia="CAM").one()
    assert cam.categoria.caminho == "Moda > Camisetas" and str(cam.preco_custo) == "25.50"
    assert [v.descricao for v in cam.variacoes] == ["Cor: Azul, Tamanho: P", "Cor: Azul, Tamanho: M"]
    assert cam.estoque == 7 and len(cam.imagens) == 1
    pan = db.session.query(Produto).filter_by(referencia="PAN").one()
    assert str(pan.preco) == "1249.90" and pan.descricao == "Linha 1\nLinha 2"
    xic = db.session.query(Produto).filter_by(referencia="XIC").one()
    assert xic.ativo is False and xic.imagens[0].sha256 == img.guardar_arquivo(png((40, 50, 60)))["sha256"]
    assert {m.motivo for m in db.session.query(MovimentoEstoque)} == {"planilha"}

    contagem = (db.session.query(Produto).count(), db.session.query(Variacao).count(),
                db.session.query(ProdutoImagem).count(), db.session.query(MovimentoEstoque).count())
    de_novo = json.loads(runner.invoke(args=["produtos", "importar", "--arquivo", str(arquivo),
                                             "--json"]).output)
    assert (de_novo["criados"], de_novo["atualizados"]) == (0, 5)
    assert [e["linha"] for e in de_novo["erros"]] == [7, 8, 9, 10]
    db.session.expire_all()
    assert (db.session.query(Produto).count(), db.session.query(Variacao).count(),
            db.session.query(ProdutoImagem).count(), db.session.query(MovimentoEstoque).count()) == contagem


def test_recarga_atualiza_pela_referencia_e_vazio_nao_apaga(runner, tmp_path, app):
    arquivo = tmp_path / "a.csv"
    arquivo.write_text("referencia;nome;preco;marca;estoque\nCOPO;Copo;9,90;Nadir;5\n", encoding="utf-8")
    assert runner.invoke(args=["produtos", "importar", "--arquivo", str(arquivo)]).exit_code == 0
    arquivo.write_text("referencia;nome;preco;marca;estoque\nCOPO;Copo Long Drink;10,50;;8\n", encoding="utf-8")
    saida = runner.invoke(args=["produtos", "importar", "--arquivo", str(arquivo)])
    assert "0 criado(s), 1 atualizado(s), 0 linha(s) com erro" in saida.output
    copo = db.session.query(Produto).one()
    assert (copo.nome, str(copo.preco), copo.marca, copo.estoque) == ("Copo Long Drink", "10.50", "Nadir", 8)


def test_planilha_ilegivel_e_recusada_inteira(runner, tmp_path, app):
    arquivo = tmp_path / "b.csv"
    arquivo.write_bytes("referencia,nome,preço\nA,Ação,1\n".encode("latin-1"))
    saida = runner.invoke(args=["produtos", "importar", "--arquivo", str(arquivo), "--json"])
    assert saida.exit_code == 1 and "UTF-8" in json.loads(saida.output)["erros"][0]["motivo"]
    arquivo.write_text("codigo,nome\nA,B\n", encoding="utf-8")
    saida = runner.invoke(args=["produtos", "importar", "--arquivo", str(arquivo)])
    assert saida.exit_code == 1 and "referencia" in saida.output
    assert db.session.query(Produto).count() == 0
