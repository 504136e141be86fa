"""A tela da planilha do catálogo."""
import io

from erp.extensions import db
from erp.produtos.models import Produto
from tests.util import csrf_de


def test_planilha_pela_tela(logado, app):
    csv = ("referencia,nome,preco,ean\nA1,Prato,\"12,50\",\nA2,Copo,3,123\nA3,Jarra,\"1.020,00\",\n")
    resposta = logado.post("/produtos/planilha", data={
        "csrf_token": csrf_de(logado.get("/produtos/planilha")),
        "arquivo": (io.BytesIO(csv.encode()), "produtos.csv")}, content_type="multipart/form-data")
    pagina = resposta.get_data(as_text=True)
    assert "2 criado(s), 0 atualizado(s), 1 linha(s) com erro" in pagina
    assert "<td>3</td><td>A2</td>" in pagina and "EAN/GTIN inválido" in pagina
    assert db.session.query(Produto).count() == 2
    modelo = logado.get("/produtos/planilha/modelo.csv")
    assert modelo.status_code == 200 and modelo.get_data(as_text=True).startswith("referencia,referencia_pai,nome")
