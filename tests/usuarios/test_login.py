from tests.util import SENHA_TESTE, csrf_de, entrar


def test_telas_exigem_login(client):
    resposta = client.get("/")
    assert resposta.status_code == 302
    assert "/entrar" in resposta.headers["Location"]


def test_login_com_senha_certa_e_errada(client, usuario):
    errado = entrar(client, senha="errada")
    assert errado.status_code == 200
    assert "E-mail ou senha incorretos." in errado.get_data(as_text=True)
    certo = entrar(client)
    assert certo.status_code == 302
    pagina = client.get("/").get_data(as_text=True)
    assert "Lojas Virtuais" in pagina and "demo@erp.local" in pagina


def test_login_sem_csrf_e_recusado(client, usuario):
    resposta = client.post("/entrar", data={"email": "demo@erp.local", "senha": SENHA_TESTE})
    assert resposta.status_code == 400
    assert "Recarregue a página" in resposta.get_data(as_text=True)
    assert client.get("/").status_code == 302  # continua sem sessão


def test_sair_exige_csrf(logado):
    assert logado.post("/sair").status_code == 400
    token = csrf_de(logado.get("/"))
    assert logado.post("/sair", data={"csrf_token": token}).status_code == 302
    assert logado.get("/").status_code == 302


def test_redirecionamento_apos_login_so_para_o_proprio_site(client, usuario):
    token = csrf_de(client.get("/entrar"))
    resposta = client.post(
        "/entrar?next=https://malicioso.example/",
        data={"email": "demo@erp.local", "senha": SENHA_TESTE, "csrf_token": token},
    )
    assert resposta.headers["Location"] == "/"


def test_cli_cria_usuario_e_recusa_repetido(runner, app):
    ok = runner.invoke(args=["usuarios", "criar", "--email", "Ana@Loja.com", "--senha", "segredo-longo"])
    assert ok.exit_code == 0, ok.output
    repetido = runner.invoke(args=["usuarios", "criar", "--email", "ana@loja.com", "--senha", "x1234567"])
    assert repetido.exit_code == 1
    assert "Já existe" in repetido.output


def test_cli_recusa_senha_curta(runner, app):
    curta = runner.invoke(args=["usuarios", "criar", "--email", "bia@loja.com", "--senha", "1234567"])
    assert curta.exit_code == 1
    assert "ao menos 8 caracteres" in curta.output
