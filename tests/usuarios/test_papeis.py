"""Papéis: páginas de administração dão 403 a quem não é administrador; tela de usuários."""
from erp.usuarios import services
from tests.util import csrf_de, entrar, postar


def _operador(app, client):
    services.criar_usuario("operador@erp.local", "operador-123", nome="Operador")
    assert entrar(client, email="operador@erp.local", senha="operador-123").status_code == 302
    return client


def test_operador_recebe_403_na_tela_de_usuarios(app, client, usuario):
    _operador(app, client)
    assert client.get("/usuarios/").status_code == 403
    token = csrf_de(client.get("/"))
    resposta = client.post("/usuarios/", data={"csrf_token": token, "email": "x@erp.local", "senha": "12345678"})
    assert resposta.status_code == 403
    assert services.listar()[-1].email != "x@erp.local"
    assert "Acesso restrito" in client.get(f"/usuarios/{usuario.id}").get_data(as_text=True)


def test_admin_cria_desativa_e_redefine_senha(app, logado):
    resposta = postar(logado, "/usuarios/", {"email": "Novo@Erp.local", "senha": "senha-nova-1", "nome": "Novo"},
                      pagina="/usuarios/")
    assert resposta.status_code == 302
    novo = next(u for u in services.listar() if u.email == "novo@erp.local")
    assert not novo.admin and novo.ativo
    curta = postar(logado, "/usuarios/", {"email": "b@erp.local", "senha": "1234"}, pagina="/usuarios/")
    assert curta.status_code == 422 and "ao menos 8 caracteres" in curta.get_data(as_text=True)
    postar(logado, f"/usuarios/{novo.id}", {"nome": "Novo", "admin": "y"}, pagina=f"/usuarios/{novo.id}")
    assert services.obter(novo.id).admin and not services.obter(novo.id).ativo
    postar(logado, f"/usuarios/{novo.id}/senha", {"senha-senha": "trocada-123"}, pagina=f"/usuarios/{novo.id}")
    assert services.obter(novo.id).confere_senha("trocada-123")


def test_operador_nao_ve_o_menu_de_usuarios(app, client, usuario):
    _operador(app, client)
    assert 'href="/usuarios/"' not in client.get("/").get_data(as_text=True)


def test_operador_recebe_403_na_empresa_no_certificado_e_nas_aliquotas(app, client, usuario):
    from erp.nfe.services import empresa as empresas

    _operador(app, client)
    assert client.get("/nfe/empresa").status_code == 403
    token = csrf_de(client.get("/"))
    for caminho in ("/nfe/empresa", "/nfe/empresa/certificado", "/nfe/empresa/aliquotas"):
        resposta = client.post(caminho, data={"csrf_token": token, "razao_social": "Invasora Ltda", "senha": "x"})
        assert resposta.status_code == 403, caminho
    assert empresas.obter() is None


def test_operador_nao_ve_a_aba_empresa_nem_links_de_administrador(app, client, usuario):
    _operador(app, client)
    emitir = client.get("/nfe/emitir").get_data(as_text=True)
    assert 'href="/nfe/empresa"' not in emitir
    assert "peça a um administrador" in emitir
    inicio = client.get("/").get_data(as_text=True)
    assert 'href="/nfe/empresa"' not in inicio and 'href="/lojas/"' in inicio
    assert "Este passo é com um administrador." in inicio


def test_admin_ve_a_aba_empresa_e_os_passos_com_links(app, logado):
    assert 'href="/nfe/empresa"' in logado.get("/nfe/emitir").get_data(as_text=True)
    assert logado.get("/nfe/empresa").status_code == 200
    assert 'href="/nfe/empresa"' in logado.get("/").get_data(as_text=True)
