"""Telas do catálogo: cadastro com imagens e variações (cliente de teste do Flask)."""
import io

from erp.extensions import db
from erp.produtos.models import Produto, Variacao
from tests.produtos.conftest import png
from tests.util import csrf_de


def _form(logado, url, dados, arquivos=None):
    pagina = logado.get(url)
    corpo = {"csrf_token": csrf_de(pagina), **dados}
    for nome, conteudos in (arquivos or {}).items():
        corpo[nome] = [(io.BytesIO(c), f"foto{n}.png") for n, c in enumerate(conteudos)]
    return logado.post(url, data=corpo, content_type="multipart/form-data")


def test_cadastro_pela_tela_com_imagens_e_variacao(logado, app):
    resposta = _form(logado, "/produtos/novo", {
        "referencia": "CAF-01", "nome": "Cafeteira Italiana", "preco": "1.234,56", "preco_custo": "600",
        "categoria": "Casa > Cozinha", "ncm": "73239300", "origem": "0", "unidade": "UN", "estoque": "4",
        "peso_g": "800", "descricao": "<p>Alumínio <strong>polido</strong></p><script>x()</script>", "ativo": "1",
    }, {"imagens": [png((1, 1, 1)), png((2, 2, 2))]})
    assert resposta.status_code == 302
    produto = db.session.query(Produto).one()
    assert (str(produto.preco), produto.estoque, len(produto.imagens)) == ("1234.56", 4, 2)
    assert produto.descricao == "<p>Alumínio <strong>polido</strong></p>"

    pagina = logado.get(resposta.headers["Location"]).get_data(as_text=True)
    assert 'value="1.234,56"' in pagina and "Casa &gt; Cozinha" in pagina
    imagem = logado.get(f"/imagens/{produto.imagens[0].arquivo.split('/')[-1]}")
    assert imagem.status_code == 200 and imagem.data == png((1, 1, 1))

    lista = logado.get("/produtos/").get_data(as_text=True)
    assert "R$ 1.234,56" in lista and "CAF-01" in lista

    resposta = logado.post(f"/produtos/{produto.id}/variacoes", data={
        "csrf_token": csrf_de(logado.get(f"/produtos/{produto.id}")), "referencia": "CAF-01-AZ", "tipo_1": "Cor",
        "valor_1": "Azul", "estoque": "2", "ativo": "1", "imagem": (io.BytesIO(png((3, 3, 3))), "azul.png")},
        content_type="multipart/form-data")
    assert resposta.status_code == 302
    var = db.session.query(Variacao).one()
    assert (var.referencia, var.descricao, var.estoque) == ("CAF-01-AZ", "Cor: Azul", 2)
    pagina = logado.get(f"/produtos/{produto.id}").get_data(as_text=True)
    assert "CAF-01-AZ" in pagina and "Cor: Azul" in pagina and "Soma das variações" in pagina


def test_erro_de_cadastro_aparece_em_portugues(logado, app):
    resposta = _form(logado, "/produtos/novo", {"referencia": "X1", "nome": "Copo", "preco": "9,90",
                                                "ean": "7891234567896", "ativo": "1"})
    assert resposta.status_code == 422
    pagina = resposta.get_data(as_text=True)
    assert "dígito verificador não confere" in pagina and 'id="ean" name="ean" value="7891234567896"' in pagina
    assert "is-invalid" in pagina and db.session.query(Produto).count() == 0


def test_editar_e_excluir_variacao(logado, app, fazer_produto):
    from erp.lojas_virtuais.models import LojaVirtual
    from erp.produtos.models import VariacaoLoja

    produto = fazer_produto("KIT", variacoes=[{"referencia": "KIT-A", "tipo_1": "Cor", "valor_1": "Azul"},
                                              {"referencia": "KIT-B", "tipo_1": "Cor", "valor_1": "Branco"}])
    a, b = produto.variacoes
    url = f"/produtos/{produto.id}/variacoes/{a.id}"
    assert "KIT-A" in logado.get(url).get_data(as_text=True)
    resposta = logado.post(url, data={"csrf_token": csrf_de(logado.get(url)), "referencia": "KIT-A",
                                      "tipo_1": "Cor", "valor_1": "Azul Marinho", "preco": "21,90",
                                      "estoque": "6", "ativo": "1"})
    assert resposta.status_code == 302
    db.session.expire_all()
    assert (a.valor_1, str(a.preco), a.estoque, produto.estoque) == ("Azul Marinho", "21.90", 6, 6)

    loja = LojaVirtual(nome="L", usuario="1", site="http://x/web_api")
    db.session.add(loja)
    db.session.flush()
    db.session.add(VariacaoLoja(loja_id=loja.id, variacao_id=b.id, tray_id="99"))
    db.session.commit()
    pagina = f"/produtos/{produto.id}"
    resposta = logado.post(f"{pagina}/variacoes/{b.id}/remover", data={"csrf_token": csrf_de(logado.get(pagina))},
                           follow_redirects=True)
    assert "desative-a em vez de excluir" in resposta.get_data(as_text=True)
    logado.post(f"{pagina}/variacoes/{a.id}/remover", data={"csrf_token": csrf_de(logado.get(pagina))})
    db.session.expire_all()
    assert [v.referencia for v in db.session.get(Produto, produto.id).variacoes] == ["KIT-B"]


def test_descricao_devolvida_ao_editor_e_sempre_a_limpa(logado, app):
    resposta = _form(logado, "/produtos/novo", {
        "referencia": "XSS", "nome": "Prato", "preco": "", "ativo": "1",
        "descricao": '<p>Bom</p><script>alert(1)</script><img src=x onerror="alert(2)">'})
    assert resposta.status_code == 422
    pagina = resposta.get_data(as_text=True)
    editor = pagina.split('id="editor-descricao"', 1)[1].split("</div>", 1)[0]
    assert "<p>Bom</p>" in editor and "<script" not in editor and "onerror" not in editor


def test_lista_do_catalogo_em_ordem_alfabetica_do_portugues(logado, app, fazer_produto):
    """No banco (SQLite ou PostgreSQL), pela coluna de ordem: acentos e maiúsculas não mudam o lugar."""
    import re

    for ref, nome in (("Z1", "Zabumba"), ("A2", "Ágata decorativa"), ("A1", "abajur"), ("E1", "Éter"),
                      ("E2", "Escova")):
        fazer_produto(ref, nome=nome)
    html = logado.get("/produtos/").get_data(as_text=True)
    ordem = [n for n in re.findall(r"<td>([^<]+)</td>", html) if n in
             ("Zabumba", "Ágata decorativa", "abajur", "Éter", "Escova")]
    assert ordem == ["abajur", "Ágata decorativa", "Escova", "Éter", "Zabumba"]
    produto = db.session.query(Produto).filter_by(referencia="E1").one()
    produto.nome = "Aço"  # renomear muda o lugar
    db.session.commit()
    html = logado.get("/produtos/").get_data(as_text=True)
    assert html.index(">Aço<") < html.index(">Ágata decorativa<")
