"""As imagens públicas que a Tray baixa."""
from tests.produtos.conftest import png


def test_imagem_publica_sem_login_e_nome_invalido_404(client, app):
    from erp.produtos.imagens import guardar_arquivo

    arquivo = guardar_arquivo(png((5, 5, 5)))
    nome = arquivo["arquivo"].split("/")[-1]
    resposta = client.get(f"/imagens/{nome}")
    assert resposta.status_code == 200 and resposta.mimetype == "image/png"
    assert client.get("/imagens/..%2Fsegredos.key").status_code == 404
    assert client.get(f"/imagens/{nome[:-4]}.gif").status_code == 404
    assert client.get("/produtos/").status_code == 302  # o resto pede login
