"""O Site da loja passa pela guarda de endereços antes de qualquer conexão; tokens e segredos só vão ao host que
os emitiu (api_host de outro domínio é ignorado) e um Site novo descarta os tokens."""
import html
import json
import logging

import pytest
from werkzeug.wrappers import Response

from erp.extensions import db
from erp.lojas_virtuais import services
from erp.lojas_virtuais.models import LojaVirtual
from tests.util import postar


@pytest.fixture
def sem_rede_local(app):
    app.config["ERP_PERMITIR_REDE_LOCAL"] = False


def _lojas() -> int:
    return db.session.query(LojaVirtual).count()


@pytest.mark.parametrize("como", ["http", "https"])
def test_site_interno_recusado_antes_de_enviar_qualquer_coisa(sim, sem_rede_local, como):
    sim.limpar_log()
    site = sim.url_api if como == "http" else sim.url_api.replace("http://", "https://")
    with pytest.raises(services.DadosInvalidos) as erro:
        services.conectar_loja(sim.store_id, site, sim.code)
    assert erro.value.campo == "site"
    esperado = "precisa usar https://" if como == "http" else "endereço interno (127.0.0.1)"
    assert esperado in str(erro.value) and str(erro.value).startswith("O Site ")
    assert sim.log() == []  # nem o POST /auth (com o consumer secret) saiu
    assert _lojas() == 0


def test_cli_recusa_o_site_sem_conectar(runner, sim, sem_rede_local):
    sim.limpar_log()
    resultado = runner.invoke(args=["lojas", "conectar", "--usuario", sim.store_id, "--site", sim.url_api,
                                    "--code", sim.code])
    assert resultado.exit_code == 1 and resultado.stdout == ""
    assert "Erro: O Site precisa usar https:// (conexão cifrada)." in resultado.stderr
    assert sim.log() == [] and _lojas() == 0


def test_tela_recusa_o_site_e_guarda_o_que_foi_digitado(logado, sim, sem_rede_local):
    sim.limpar_log()
    site = sim.url_api.replace("http://", "https://")
    resposta = postar(logado, "/lojas/nova", {"plataforma": "tray", "usuario": sim.store_id, "site": site,
                                              "code": "code-digitado", "nome": "Minha Loja"}, pagina="/lojas/nova")
    pagina = html.unescape(resposta.get_data(as_text=True))
    assert "O Site aponta para um endereço interno (127.0.0.1), que não é aceito: use o endereço público." in pagina
    assert f'value="{site}"' in pagina and 'value="code-digitado"' in pagina and 'value="Minha Loja"' in pagina
    assert "is-invalid" in pagina
    assert sim.log() == [] and _lojas() == 0


def _tray_falsa(api_host: str):
    """Responde a POST /auth como a Tray, mas com `api_host` apontando para outro lugar."""
    def responder(environ, _gravadas):
        if environ["PATH_INFO"].endswith("/auth"):
            return Response(json.dumps({
                "code": 201, "message": "Created tokens", "access_token": "ACESSO-1", "refresh_token": "RENOVA-1",
                "date_expiration_access_token": "2030-01-01 10:00:00",
                "date_expiration_refresh_token": "2030-02-01 10:00:00", "store_id": "123",
                "api_host": api_host}), status=201, mimetype="application/json")
        return Response(json.dumps({"name": "Loja Falsa"}), mimetype="application/json")
    return responder


def test_api_host_de_outro_dominio_e_ignorado(app, servidor_gravador, caplog):
    base_outro, no_outro = servidor_gravador(lambda environ, _g: Response("{}", mimetype="application/json"))
    outro = base_outro.replace("127.0.0.1", "localhost") + "/web_api"
    base, gravadas = servidor_gravador(_tray_falsa(outro))
    site = f"{base}/web_api"
    with caplog.at_level(logging.WARNING, logger="erp.lojas_virtuais.services"):
        loja = services.conectar_loja("123", site, "code-1", consumer_key="ck", consumer_secret="cs")
    assert loja.site == site and loja.nome == "Loja Falsa"  # o /info foi ao Site digitado, não ao api_host
    assert no_outro == []  # nada (nem o token) foi ao outro endereço
    assert [(g["metodo"], g["caminho"]) for g in gravadas] == [("POST", "/web_api/auth"), ("GET", "/web_api/info")]
    assert any("outro domínio" in r.getMessage() and outro in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("api_host,site,esperado", [
    ("https://api.loja.com.br/web_api", "https://www.loja.com.br/web_api", "https://api.loja.com.br/web_api"),
    ("https://www.loja.com.br/web_api/", "https://www.loja.com.br/web_api", "https://www.loja.com.br/web_api"),
    ("https://api.outraloja.com.br/web_api", "https://www.loja.com.br/web_api", "https://www.loja.com.br/web_api"),
    ("http://api.loja.com.br/web_api", "https://www.loja.com.br/web_api", "https://www.loja.com.br/web_api"),
    ("https://10.0.0.1/web_api", "https://127.0.0.1/web_api", "https://127.0.0.1/web_api"),
    ("https://api.loja.com.br/outra", "https://www.loja.com.br/web_api", "https://www.loja.com.br/web_api"),
    ("", "https://www.loja.com.br/web_api", "https://www.loja.com.br/web_api"),
])
def test_site_da_resposta(app, api_host, site, esperado):
    assert services.site_da_resposta(api_host, site) == esperado


def test_mudar_o_site_descarta_os_tokens(loja, sim):
    sim.limpar_log()
    services.editar(loja, site="https://www.nova-loja.com.br/web_api")
    db.session.expire_all()
    salva = db.session.get(LojaVirtual, loja.id)
    assert salva.site == "https://www.nova-loja.com.br/web_api"
    assert (salva.access_token, salva.refresh_token, salva.code) == (None, None, None)
    assert salva.situacao == "precisa_reconectar" and "reconecte a loja com um novo code" in salva.ultimo_erro
    assert sim.log() == []


def test_mudar_o_site_de_loja_pausada_mantem_a_pausa_sem_tokens(loja, sim):
    services.pausar(loja, "inventário")
    services.editar(loja, site="https://www.nova-loja.com.br/web_api")
    assert loja.pausada and loja.refresh_token is None
    assert services.retomar(loja).situacao == "precisa_reconectar"


def test_mesmo_site_nao_mexe_nos_tokens(loja):
    token = loja.access_token
    services.editar(loja, nome="Outro nome", site=loja.site + "/")
    assert loja.access_token == token and loja.situacao == "conectada"


def test_site_novo_recusado_pela_guarda_nao_muda_nada(loja, sem_rede_local):
    site, token = loja.site, loja.access_token
    with pytest.raises(services.DadosInvalidos, match="endereço interno"):
        services.editar(loja, nome="Outro", site="https://10.0.0.5/web_api")
    db.session.expire_all()
    salva = db.session.get(LojaVirtual, loja.id)
    assert (salva.site, salva.access_token, salva.nome) == (site, token, loja.nome)


def test_tela_de_edicao_leva_a_reconectar_quando_o_site_muda(logado, loja, sim):
    resposta = postar(logado, f"/lojas/{loja.id}/editar", {"nome": loja.nome, "site": sim.url_api + "x/web_api"},
                      pagina=f"/lojas/{loja.id}/editar")
    assert resposta.status_code == 302 and resposta.headers["Location"].endswith(f"/lojas/{loja.id}/reconectar")
    pagina = html.unescape(logado.get(resposta.headers["Location"]).get_data(as_text=True))
    assert "O Site da loja mudou: os tokens antigos foram descartados; reconecte a loja com um novo code." in pagina
