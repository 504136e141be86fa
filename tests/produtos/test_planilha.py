"""Carga do catálogo por planilha CSV: linhas boas entram, ruins são relatadas, recarga não duplica."""
import csv
import html
import io
import json

from erp.extensions import db
from erp.produtos import imagens as img
from erp.produtos.models import MovimentoEstoque, Produto, ProdutoImagem, Variacao
from erp.produtos.planilha import COLUNAS, importar_planilha
from tests.produtos.conftest import png
from tests.util import csrf_de


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


# -- imagens da planilha: de onde podem vir ----------------------------------------------------------------
def _importar(runner, arquivo, *extras):
    saida = runner.invoke(args=["produtos", "importar", "--arquivo", str(arquivo), "--json", *extras])
    assert saida.exit_code == 0, saida.output
    return json.loads(saida.output)


def _planilha(pasta, imagens: dict[str, str]):
    arquivo = pasta / "produtos.csv"
    linhas = [{"referencia": ref, "nome": f"Produto {ref}", "preco": "10", "imagens": celula}
              for ref, celula in imagens.items()]
    arquivo.write_text(_csv(linhas), encoding="utf-8")
    return arquivo


def test_cli_le_imagens_so_da_pasta_da_planilha_ou_de_imagens(runner, tmp_path, app):
    planilhas, fotos, fora = tmp_path / "planilhas", tmp_path / "fotos", tmp_path / "fora"
    for pasta in (planilhas, fotos, fora):
        pasta.mkdir()
    (planilhas / "local.png").write_bytes(png((1, 2, 3)))
    (fotos / "da-pasta.png").write_bytes(png((4, 5, 6)))
    (fora / "segredo.png").write_bytes(png((7, 8, 9)))
    (planilhas / "atalho.png").symlink_to(fora / "segredo.png")
    (planilhas / "sub").symlink_to(fora, target_is_directory=True)
    arquivo = _planilha(planilhas, {
        "OK-LOCAL": "local.png",                       # 2
        "OK-PASTA": "da-pasta.png",                    # 3  (pasta de --imagens)
        "PONTOS": "../fora/segredo.png",               # 4
        "ATALHO": "atalho.png",                        # 5  (symlink para fora)
        "SUBPASTA": "sub/segredo.png",                 # 6  (pasta que é symlink para fora)
        "ABSOLUTO": str(fora / "segredo.png"),         # 7
        "SISTEMA": "/etc/passwd",                      # 8
        "FALTA": "nao-existe.png",                     # 9
    })
    resultado = _importar(runner, arquivo, "--imagens", str(fotos))
    assert (resultado["criados"], resultado["atualizados"]) == (2, 0)
    erros = {e["referencia"]: e["motivo"] for e in resultado["erros"]}
    assert "não use “..”" in erros["PONTOS"]
    for ref in ("ATALHO", "SUBPASTA", "ABSOLUTO", "SISTEMA"):
        assert "fora da pasta da planilha" in erros[ref], ref
    assert "arquivo não encontrado" in erros["FALTA"]
    assert {p.referencia for p in db.session.query(Produto)} == {"OK-LOCAL", "OK-PASTA"}

    # Sem --imagens, a pasta de fotos não vale.
    sem = _importar(runner, _planilha(planilhas, {"OK-PASTA": "da-pasta.png"}))
    assert "arquivo não encontrado" in sem["erros"][0]["motivo"]


def test_cli_imagem_que_nao_e_imagem_e_erro_da_linha(runner, tmp_path, app):
    (tmp_path / "falsa.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"nada" * 50)
    resultado = _importar(runner, _planilha(tmp_path, {"FALSA": "falsa.png", "SEM": ""}))
    assert resultado["criados"] == 1
    assert resultado["erros"][0]["referencia"] == "FALSA"
    assert "não é uma imagem JPG ou PNG válida" in resultado["erros"][0]["motivo"]


def test_tela_nao_le_arquivos_do_servidor(logado, app, tmp_path):
    """Pela tela, um caminho (mesmo de uma imagem que existe no servidor) nunca é lido."""
    foto = tmp_path / "foto.png"
    foto.write_bytes(png((9, 9, 9)))
    csv_ = _csv([{"referencia": "ABS", "nome": "A", "preco": "1", "imagens": str(foto)},
                 {"referencia": "ETC", "nome": "B", "preco": "1", "imagens": "/etc/passwd"},
                 {"referencia": "REL", "nome": "C", "preco": "1", "imagens": "foto.png"}])
    resposta = logado.post("/produtos/planilha", data={
        "csrf_token": csrf_de(logado.get("/produtos/planilha")),
        "arquivo": (io.BytesIO(csv_.encode()), "produtos.csv")}, content_type="multipart/form-data")
    pagina = html.unescape(resposta.get_data(as_text=True))
    assert "0 criado(s), 0 atualizado(s), 3 linha(s) com erro" in pagina
    assert pagina.count("pela tela, use o endereço (URL https://) da imagem") == 3
    assert db.session.query(Produto).count() == 0 and db.session.query(ProdutoImagem).count() == 0


def test_tela_recusa_url_interna_sem_baixar(logado, app, publico):
    app.config["ERP_PERMITIR_REDE_LOCAL"] = False
    resultado = importar_planilha(_csv([
        {"referencia": "INT", "nome": "A", "preco": "1", "imagens": f"{publico}/imagens/x.png"},
        {"referencia": "META", "nome": "B", "preco": "1", "imagens": "https://169.254.169.254/latest/meta-data"}]))
    motivos = {e["referencia"]: e["motivo"] for e in resultado.erros}
    assert "precisa usar https://" in motivos["INT"]
    assert "endereço interno (169.254.169.254)" in motivos["META"]
    assert resultado.criados == 0


# -- textos da planilha --------------------------------------------------------------------------------------
def test_textos_sem_controles_nem_bidi_e_tamanho_da_coluna(app):
    resultado = importar_planilha(_csv([
        {"referencia": "LIMPO", "nome": "Caneca\u202e azul\x07", "preco": "1", "marca": "\ufeffMarca\u200f",
         "descricao": "<p>Linha 1</p>\nLinha\x00 2"},
        {"referencia": "LONGO", "nome": "N" * 201, "preco": "1"},
        {"referencia": "R" * 121, "nome": "Ref longa", "preco": "1"},
    ]))
    produto = db.session.query(Produto).filter_by(referencia="LIMPO").one()
    assert (produto.nome, produto.marca) == ("Caneca azul", "Marca")
    assert produto.descricao == "<p>Linha 1</p>\nLinha 2"
    motivos = {e["linha"]: e["motivo"] for e in resultado.erros}  # a linha 2 ocupa duas (quebra na descrição)
    assert motivos[4] == "Coluna “nome”: no máximo 200 caracteres (tem 201)"
    assert motivos[5] == "Coluna “referencia”: no máximo 120 caracteres (tem 121)"
    assert resultado.criados == 1
