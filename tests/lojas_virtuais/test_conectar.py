"""Troca do code por tokens (POST /auth) e cadastro da loja."""
import pytest
from sqlalchemy import text

from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais import services
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import erros
from tests.util import porta_livre


def _quantas_lojas() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(LojaVirtual))


def test_conectar_troca_code_por_tokens_e_grava_a_loja(sim):
    loja = services.conectar_loja(f"  {sim.store_id} ", f"  {sim.url_api}/ ", sim.code)

    assert loja.id and loja.usuario == sim.store_id
    assert loja.site == sim.url_api  # api_host, sem barra final
    assert loja.situacao == "conectada" and not loja.pausada
    assert loja.nome == "Loja Teste"  # o nome que a loja informa em GET /info
    assert loja.access_token and loja.refresh_token and loja.code == sim.code
    # A Tray dá 3 h de vida ao access token e 30 dias ao refresh, em hora de Brasília; gravamos em UTC.
    vida = loja.access_expira_em - agora()
    assert 2.9 * 3600 < vida.total_seconds() <= 3 * 3600 + 5
    assert 29.9 < (loja.refresh_expira_em - agora()).total_seconds() / 86400 <= 30.01
    auth = [r for r in sim.log() if r["path"].endswith("/auth")]
    assert [(r["method"], r["status"]) for r in auth] == [("POST", 201)]
    assert auth[0]["query"] == {}  # consumer_secret e code vão no corpo (formulário), não na URL


def test_code_numerico_e_nome_informado(sim):
    loja = services.conectar_loja(int(sim.store_id), sim.url_api, sim.code, nome="Minha Loja")
    assert loja.nome == "Minha Loja" and loja.usuario == sim.store_id


def test_tokens_ficam_cifrados_no_banco(sim):
    loja = services.conectar_loja(sim.store_id, sim.url_api, sim.code)
    linha = db.session.execute(
        text("SELECT access_token, refresh_token, code FROM lojas_virtuais WHERE id = :id"), {"id": loja.id}
    ).one()
    for bruto, claro in zip(linha, (loja.access_token, loja.refresh_token, loja.code)):
        assert claro.encode() not in bytes(bruto)
        assert bytes(bruto).startswith(b"gAAAA")  # Fernet


def test_loja_ja_cadastrada_tem_tokens_atualizados(sim):
    primeira = services.conectar_loja(sim.store_id, sim.url_api, sim.code, nome="Loja A")
    token_antigo = primeira.access_token
    segunda = services.conectar_loja(sim.store_id, sim.url_api + "/", sim.code)
    assert segunda.id == primeira.id and _quantas_lojas() == 1
    assert segunda.access_token != token_antigo
    assert segunda.nome == "Loja A"  # sem nome novo, mantém o que havia


def test_code_errado_nao_grava_nada(sim):
    with pytest.raises(erros.ErroAutenticacao) as erro:
        services.conectar_loja(sim.store_id, sim.url_api, "code-errado")
    assert str(erro.value) == "Code inválido ou já utilizado: gere um novo code no painel da Tray"
    assert _quantas_lojas() == 0


def test_endereco_inacessivel(app):
    site = f"http://127.0.0.1:{porta_livre()}/web_api"
    with pytest.raises(erros.Indisponivel) as erro:
        services.conectar_loja("123", site, "abc")
    assert str(erro.value) == f"Não foi possível acessar {site}: conexão recusada"
    assert _quantas_lojas() == 0


@pytest.mark.parametrize("status,corpo,tipo", [
    (200, "<html><body>Bem-vindo à loja</body></html>", "text/html"),
    (404, "<html>Página não encontrada</html>", "text/html"),
    (200, '{"ok": true}', "application/json"),
    (201, '{"message": "Created tokens", "code": 201}', "application/json"),
])
def test_endereco_que_nao_e_a_tray(app, servidor_falso, status, corpo, tipo):
    site = servidor_falso(status, corpo, tipo)
    with pytest.raises(erros.EnderecoInvalido) as erro:
        services.conectar_loja("123", site, "abc")
    assert str(erro.value) == "O endereço informado não respondeu como a API da Tray"
    assert _quantas_lojas() == 0


@pytest.mark.parametrize("site,trecho", [
    ("", "Informe o Site"),
    ("www.minhaloja.com.br/web_api", "começando com https://"),
    ("https://www.minhaloja.com.br", "terminando em /web_api"),
    ("https://www.minhaloja.com.br/web_api?x=1", "terminando em /web_api"),
])
def test_site_invalido(app, site, trecho):
    with pytest.raises(services.DadosInvalidos) as erro:
        services.conectar_loja("123", site, "abc")
    assert trecho in str(erro.value) and erro.value.campo == "site"


def test_normaliza_site():
    assert services.normalizar_site(" https://loja.com.br/web_api// ") == "https://loja.com.br/web_api"
    assert services.normalizar_site("http://127.0.0.1:5000/web_api") == "http://127.0.0.1:5000/web_api"


def test_usuario_e_code_obrigatorios(app):
    with pytest.raises(services.DadosInvalidos, match="Informe o Usuário"):
        services.conectar_loja("  ", "https://loja.com.br/web_api", "abc")
    with pytest.raises(services.DadosInvalidos, match="Informe o Code"):
        services.conectar_loja("123", "https://loja.com.br/web_api", " ")


def test_code_de_outra_loja(sim):
    with pytest.raises(services.DadosInvalidos, match=f"Este code é da loja {sim.store_id}"):
        services.conectar_loja("999", sim.url_api, sim.code)
    assert _quantas_lojas() == 0
