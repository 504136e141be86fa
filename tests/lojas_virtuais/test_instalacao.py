"""Instalação pelo botão "Conectar com a Tray": auth.php da loja → callback com code, api_address e store.

O estado vai no caminho do callback e fica na sessão de quem clicou: um retorno sem ele (ou reaproveitado, ou
de outra sessão) não conecta nada; o api_address passa pela guarda de endereços como um Site digitado."""
import html
import re
from urllib.parse import parse_qs, urlsplit

import requests

from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from tests.util import csrf_de, entrar

ERP = "https://erp.example.com.br"


def _clicar(client, endereco: str):
    """Envia o endereço e, aceito, segue para a página com o link à Tray: devolve uma resposta cujo Location é o
    link (como o 302 que a página daria), ou a do envio recusado."""
    token = csrf_de(client.get("/lojas/nova"))
    resposta = client.post("/lojas/conectar-tray", data={"csrf_token": token, "endereco": endereco})
    if resposta.headers.get("Location", "").endswith("/lojas/nova"):
        return resposta
    assert resposta.headers["Location"].endswith("/lojas/conectar-tray")
    pagina = client.get("/lojas/conectar-tray")
    link = re.search(r'id="ir-para-a-tray" href="([^"]+)"', pagina.get_data(as_text=True)).group(1)
    resposta.headers["Location"] = html.unescape(link)
    return resposta


def _autorizar_na_loja(location: str) -> str:
    """O lojista abre auth.php, vê a página de consentimento e autoriza; devolve para onde a Tray manda."""
    pagina = requests.get(location, timeout=5)
    assert pagina.status_code == 200 and 'id="autorizar"' in pagina.text
    consulta = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    volta = requests.post(location.split("?")[0], data=consulta, allow_redirects=False, timeout=5)
    assert volta.status_code == 302
    return volta.headers["Location"]


def test_botao_leva_ao_auth_php_e_o_retorno_conecta(app, logado, sim):
    app.config["ERP_URL_PUBLICA"] = ERP
    resposta = _clicar(logado, sim.url_base + "/")
    assert resposta.status_code == 302
    destino = urlsplit(resposta.headers["Location"])
    assert f"{destino.scheme}://{destino.netloc}{destino.path}" == f"{sim.url_base}/auth.php"
    consulta = parse_qs(destino.query)
    assert consulta["response_type"] == ["code"] and consulta["consumer_key"] == [sim.consumer_key]
    callback = consulta["callback"][0]
    assert callback.startswith(f"{ERP}/lojas/tray/retorno/") and len(callback.rsplit("/", 1)[1]) >= 40

    volta = urlsplit(_autorizar_na_loja(resposta.headers["Location"]))
    assert f"{volta.scheme}://{volta.netloc}{volta.path}" == callback
    params = parse_qs(volta.query)
    assert params["code"] == [sim.code] and params["store"] == [sim.store_id]
    assert params["api_address"] == [f"{sim.url_base}/web_api/"]

    final = logado.get(f"{volta.path}?{volta.query}", follow_redirects=True)
    assert "conectada pela Tray" in final.get_data(as_text=True)
    loja = db.session.query(LojaVirtual).one()
    assert (loja.usuario, loja.site, loja.situacao) == (sim.store_id, sim.url_api, "conectada")
    assert loja.access_token

    # O mesmo retorno de novo (estado já usado) não faz nada.
    de_novo = logado.get(f"{volta.path}?{volta.query}", follow_redirects=True)
    assert "não corresponde a um pedido de conexão" in de_novo.get_data(as_text=True)


def test_retorno_sem_o_estado_da_sessao_nao_conecta(app, logado, sim, client):
    app.config["ERP_URL_PUBLICA"] = ERP
    resposta = _clicar(logado, sim.url_base)
    volta = urlsplit(_autorizar_na_loja(resposta.headers["Location"]))
    # Estado inventado na mesma sessão: recusado, e o verdadeiro deixa de valer (saiu da sessão).
    forjado = logado.get(f"/lojas/tray/retorno/outro-estado?{volta.query}", follow_redirects=True)
    assert "não corresponde" in forjado.get_data(as_text=True)
    assert "não corresponde" in logado.get(f"{volta.path}?{volta.query}", follow_redirects=True).get_data(
        as_text=True)
    assert db.session.query(LojaVirtual).count() == 0


def test_api_address_passa_pela_guarda_de_enderecos(app, logado, sim):
    app.config["ERP_URL_PUBLICA"] = ERP
    resposta = _clicar(logado, sim.url_base)
    volta = urlsplit(_autorizar_na_loja(resposta.headers["Location"]))
    estado = volta.path.rsplit("/", 1)[1]
    app.config["ERP_PERMITIR_REDE_LOCAL"] = False  # como em produção: 127.0.0.1 é recusado
    consulta = f"code={sim.code}&store={sim.store_id}&api_address=http://169.254.169.254/web_api"
    final = logado.get(f"/lojas/tray/retorno/{estado}?{consulta}", follow_redirects=True)
    assert "https://" in final.get_data(as_text=True)
    assert db.session.query(LojaVirtual).count() == 0


def test_endereco_invalido(logado, sim):
    resposta = _clicar(logado, "ftp://loja")
    assert resposta.status_code == 302 and resposta.headers["Location"].endswith("/lojas/nova")
    assert "começando com https://" in logado.get("/lojas/nova").get_data(as_text=True)


def test_operador_nao_conecta(app, client, usuario, sim):
    from erp.usuarios.services import criar_usuario

    criar_usuario("op@erp.local", "operador-123")
    outro = client
    assert entrar(outro, email="op@erp.local", senha="operador-123").status_code == 302
    token = csrf_de(outro.get("/vendas/"))
    assert outro.post("/lojas/conectar-tray", data={"csrf_token": token, "endereco": sim.url_base}).status_code == 403
    assert outro.get("/lojas/tray/retorno/x?code=a").status_code == 403


def test_auth_php_recusa_chave_de_outro_aplicativo(sim):
    resposta = requests.get(f"{sim.url_base}/auth.php", params={
        "response_type": "code", "consumer_key": "outra", "callback": "https://erp.example/cb"}, timeout=5)
    assert resposta.status_code == 400 and "consumer_key" in resposta.text


def test_reconectar_pelo_botao(app, logado, sim):
    from erp.lojas_virtuais import services

    app.config["ERP_URL_PUBLICA"] = ERP
    loja = services.conectar_loja(sim.store_id, sim.url_api, sim.code, nome="Loja X")
    loja.situacao = "precisa_reconectar"
    db.session.commit()
    pagina = logado.get(f"/lojas/{loja.id}/reconectar").get_data(as_text=True)
    assert f'name="endereco" value="{sim.url_base}"' in pagina
    resposta = _clicar(logado, sim.url_base)
    volta = urlsplit(_autorizar_na_loja(resposta.headers["Location"]))
    logado.get(f"{volta.path}?{volta.query}")
    db.session.expire_all()
    assert db.session.get(LojaVirtual, loja.id).situacao == "conectada"
    assert db.session.query(LojaVirtual).count() == 1
