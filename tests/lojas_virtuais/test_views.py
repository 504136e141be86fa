"""Telas de Lojas Virtuais pelo cliente de testes do Flask (com CSRF de verdade)."""
import html

from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from tests.util import csrf_de, porta_livre, postar


def _texto(resposta) -> str:
    return html.unescape(resposta.get_data(as_text=True))


def _nova(cliente, **dados):
    formulario = {"plataforma": "tray", "usuario": "", "site": "", "code": "", "nome": ""}
    formulario.update(dados)
    return postar(cliente, "/lojas/nova", formulario, pagina="/lojas/nova", follow_redirects=True)


def test_exige_login(client):
    resposta = client.get("/lojas/")
    assert resposta.status_code == 302 and "/entrar" in resposta.headers["Location"]


def test_lista_vazia_e_formulario(logado):
    assert "Nenhuma loja virtual cadastrada" in _texto(logado.get("/lojas/"))
    pagina = _texto(logado.get("/lojas/nova"))
    for trecho in ("Nova loja virtual", "Tray Commerce", "Usuário", "Site", "Code", "Confirmar",
                   'placeholder="Endereço da API, terminando em /web_api"'):
        assert trecho in pagina


def test_post_sem_csrf_e_recusado(logado, sim):
    resposta = logado.post("/lojas/nova", data={"usuario": sim.store_id, "site": sim.url_api, "code": sim.code})
    assert resposta.status_code == 400
    assert db.session.query(LojaVirtual).count() == 0


def test_conectar_pela_tela(logado, sim):
    resposta = _nova(logado, usuario=sim.store_id, site=sim.url_api, code=sim.code)
    pagina = _texto(resposta)
    assert resposta.status_code == 200 and resposta.request.path == "/lojas/"
    assert "Loja virtual “Loja Teste” conectada." in pagina
    assert ">Conectada</span>" in pagina and "token expira em" in pagina
    loja = db.session.query(LojaVirtual).one()
    assert f'href="/lojas/{loja.id}/pedidos"' in pagina and "Importar Pedidos" in pagina
    assert f'href="/lojas/{loja.id}/produtos"' in pagina and "Exportar Produtos" in pagina


def test_code_errado_mantem_o_que_foi_digitado(logado, sim):
    resposta = _nova(logado, usuario=sim.store_id, site=sim.url_api, code="code-vencido", nome="Minha Loja")
    pagina = _texto(resposta)
    assert resposta.request.path == "/lojas/nova"
    assert "Code inválido ou já utilizado: gere um novo code no painel da Tray" in pagina
    assert f'value="{sim.url_api}"' in pagina and 'value="code-vencido"' in pagina
    assert 'value="Minha Loja"' in pagina and f'value="{sim.store_id}"' in pagina
    assert db.session.query(LojaVirtual).count() == 0


def test_endereco_inacessivel_pela_tela(logado):
    site = f"http://127.0.0.1:{porta_livre()}/web_api"
    pagina = _texto(_nova(logado, usuario="123", site=site, code="abc"))
    assert f"Não foi possível acessar {site}: conexão recusada" in pagina
    assert "is-invalid" in pagina


def test_endereco_que_nao_e_tray_pela_tela(logado, servidor_falso):
    site = servidor_falso(200, "<html>Loja</html>", "text/html")
    pagina = _texto(_nova(logado, usuario="123", site=site, code="abc"))
    assert "O endereço informado não respondeu como a API da Tray" in pagina


def test_site_sem_web_api_pela_tela(logado):
    pagina = _texto(_nova(logado, usuario="123", site="https://www.minhaloja.com.br", code="abc"))
    assert "terminando em /web_api" in pagina


def test_testar_conexao_pela_tela(logado, loja, sim):
    pagina = _texto(postar(logado, f"/lojas/{loja.id}/testar", pagina="/lojas/", follow_redirects=True))
    assert f"Conexão com a loja “{loja.nome}” funcionando." in pagina
    assert sim.chamadas() == [("GET", "/orders", 200)]


def test_pausar_e_retomar_pela_tela(logado, loja):
    assert "Informe o motivo da pausa." in _texto(
        postar(logado, f"/lojas/{loja.id}/pausar", {"motivo": ""}, pagina=f"/lojas/{loja.id}/pausar"))
    pagina = _texto(postar(logado, f"/lojas/{loja.id}/pausar", {"motivo": "Troca de plataforma"},
                           pagina=f"/lojas/{loja.id}/pausar", follow_redirects=True))
    assert ">Pausada</span>" in pagina and "Troca de plataforma" in pagina
    assert "Importar Pedidos" not in pagina and "Retomar" in pagina  # sem ações da Tray enquanto pausada
    pagina = _texto(postar(logado, f"/lojas/{loja.id}/retomar", pagina="/lojas/", follow_redirects=True))
    assert "retomada" in pagina and "Importar Pedidos" in pagina
    db.session.expire_all()
    assert not db.session.get(LojaVirtual, loja.id).pausada


def test_editar_pela_tela_nao_mexe_nos_ajustes_de_importacao(logado, loja):
    """Os ajustes de importação têm um dono só (Pedidos → Configurar importação)."""
    pagina = _texto(logado.get(f"/lojas/{loja.id}/editar"))
    assert f'value="{loja.nome}"' in pagina
    assert f"/lojas/{loja.id}/pedidos/configuracao" in pagina and 'name="juros_como"' not in pagina
    token = csrf_de(pagina)
    resposta = logado.post(f"/lojas/{loja.id}/editar", data={
        "csrf_token": token, "nome": "Loja Matriz", "site": loja.site, "juros_como": "outras_despesas",
        "status_importaveis": "A ENVIAR, ENVIADO", "importacao_automatica": "y"}, follow_redirects=True)
    assert "Loja virtual “Loja Matriz” salva." in _texto(resposta)
    db.session.expire_all()
    salva = db.session.get(LojaVirtual, loja.id)
    assert salva.nome == "Loja Matriz" and salva.status_importaveis == [] and not salva.importacao_automatica


def test_reconectar_pela_tela(logado, loja, sim):
    loja.situacao = "precisa_reconectar"
    db.session.commit()
    assert "Precisa reconectar" in _texto(logado.get("/lojas/"))
    pagina = _texto(postar(logado, f"/lojas/{loja.id}/reconectar", {"code": "errado"},
                           pagina=f"/lojas/{loja.id}/reconectar"))
    assert "Code inválido ou já utilizado" in pagina
    pagina = _texto(postar(logado, f"/lojas/{loja.id}/reconectar", {"code": sim.code},
                           pagina=f"/lojas/{loja.id}/reconectar", follow_redirects=True))
    assert "reconectada" in pagina and "Conectada" in pagina


def test_remover_pede_confirmacao(logado, loja):
    pagina = _texto(logado.get(f"/lojas/{loja.id}/remover"))
    assert f"Remover a loja {loja.nome}?" in pagina
    assert db.session.get(LojaVirtual, loja.id) is not None
    pagina = _texto(postar(logado, f"/lojas/{loja.id}/remover", pagina=f"/lojas/{loja.id}/remover",
                           follow_redirects=True))
    assert f"Loja virtual “{loja.nome}” removida." in pagina
    db.session.expire_all()
    assert db.session.query(LojaVirtual).count() == 0


def test_loja_inexistente(logado):
    assert logado.get("/lojas/999/editar").status_code == 404


def test_nova_loja_mostra_todos_os_erros_de_uma_vez_sem_falar_com_a_tray(logado, sim):
    sim.limpar_log()
    resposta = _nova(logado, usuario="", site="ftp://loja", code="")
    pagina = _texto(resposta)
    assert resposta.status_code == 422 and "Corrija os campos destacados." in pagina
    for campo, trecho in (("usuario", "Informe o Usuário"), ("site", "Site"), ("code", "Informe o Code")):
        assert f'data-erro="{campo}"' in pagina and trecho in pagina
    assert pagina.count("is-invalid") >= 3
    assert db.session.query(LojaVirtual).count() == 0
    assert sim.log() == []  # nada foi à Tray (nem o consumer secret)


def test_placeholders_nao_parecem_valores_de_verdade(logado):
    pagina = _texto(logado.get("/lojas/nova"))
    assert 'placeholder="391250"' not in pagina and 'placeholder="https://www.minhaloja.com.br' not in pagina


def test_lista_mostra_o_limite_da_tray_de_hoje_e_do_minuto(logado, loja, sim, app):
    app.config.update(TRAY_LIMITE_DIA=10000, TRAY_LIMITE_MINUTO=180, TRAY_JANELA_S=60.0)
    from erp.lojas_virtuais.tray import api

    inicio = _texto(logado.get("/lojas/"))
    assert "Limite da Tray" in inicio
    antes = int(inicio.split("Hoje: ")[1].split(" de ")[0])  # conectar a loja já gastou algumas
    api.status_de_pedido(loja)
    api.status_de_pedido(loja)
    pagina = _texto(logado.get("/lojas/"))
    usados = antes + 2
    assert f"Hoje: {usados} de 10.000 ({10000 - usados:,} restantes)".replace(",", ".") in pagina
    assert f"Último minuto: {usados} de 180" in pagina  # todas na mesma janela de 60 s
