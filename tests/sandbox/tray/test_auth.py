"""Autenticação do simulador: troca do code, renovação, expiração e corpos de 401 (tray-api.md §12)."""
import requests

from erp.sandbox.tray import semente_minima
from tests.sandbox.tray.apoio import Cliente, corpo_de_erro, sandbox


def _auth(sim, **campos):
    dados = {"consumer_key": sim.consumer_key, "consumer_secret": sim.consumer_secret, "code": sim.code, **campos}
    return requests.post(f"{sim.url_api}/auth", data=dados, timeout=5)


def test_troca_do_code_por_form_e_json(tray_sim):
    resposta = _auth(tray_sim)
    assert resposta.status_code == 201
    corpo = resposta.json()
    assert corpo["code"] == 201 and corpo["message"] == "Created tokens"
    assert corpo["store_id"] == tray_sim.store_id == "123456"
    assert corpo["api_host"] == tray_sim.url_api
    for campo in ("date_expiration_access_token", "date_expiration_refresh_token", "date_activated"):
        assert len(corpo[campo]) == 19 and corpo[campo][10] == " "
    por_json = requests.post(f"{tray_sim.url_api}/auth", json={
        "consumer_key": "ck-teste", "consumer_secret": "cs-teste", "code": "code-teste"}, timeout=5)
    assert por_json.status_code == 201
    assert por_json.json()["access_token"] != corpo["access_token"]


def test_credenciais_erradas_dao_invalid_code(tray_sim):
    for campo, valor in (("consumer_key", "x"), ("consumer_secret", "y"), ("code", "z")):
        resposta = _auth(tray_sim, **{campo: valor})
        assert resposta.status_code == 401
        assert resposta.json() == corpo_de_erro(401, "//auth", ["Invalid code"], 1099)


def test_code_reutilizado_emite_novo_par_e_o_antigo_continua_valendo(tray_sim):
    primeiro, segundo = _auth(tray_sim).json(), _auth(tray_sim).json()
    assert primeiro["access_token"] != segundo["access_token"]
    for token in (primeiro["access_token"], segundo["access_token"]):
        assert Cliente(tray_sim, token).get("/orders").status_code == 200


def test_renovacao_gira_os_dois_tokens_e_mata_o_refresh_antigo(tray_sim):
    par = _auth(tray_sim).json()
    resposta = requests.get(f"{tray_sim.url_api}/auth", params={"refresh_token": par["refresh_token"]}, timeout=5)
    assert resposta.status_code == 200
    novo = resposta.json()
    assert novo["code"] == "200" and novo["message"] == "Refreshed tokens"
    assert novo["access_token"] != par["access_token"] and novo["refresh_token"] != par["refresh_token"]
    assert Cliente(tray_sim, par["access_token"]).get("/orders").status_code == 200
    assert Cliente(tray_sim, novo["access_token"]).get("/orders").status_code == 200
    reuso = requests.get(f"{tray_sim.url_api}/auth", params={"refresh_token": par["refresh_token"]}, timeout=5)
    assert reuso.status_code == 401
    assert reuso.json() == corpo_de_erro(401, "//auth", ["Invalid or expired token"], 1099)
    desconhecido = requests.get(f"{tray_sim.url_api}/auth", params={"refresh_token": "nada"}, timeout=5)
    assert desconhecido.json()["error_code"] == 1099


def test_expiracao_pelo_relogio(tray_sim_factory):
    sim = tray_sim_factory(semente_minima(access_token_ttl_s=600, refresh_token_ttl_s=3600))
    par = _auth(sim).json()
    cliente = Cliente(sim, par["access_token"])
    assert cliente.get("/orders").status_code == 200
    sandbox(sim, "POST", "/clock", json={"advance_s": 601})
    expirado = cliente.get("/orders")
    assert expirado.status_code == 401
    assert expirado.json() == corpo_de_erro(401, "//orders", ["Invalid or expired token"], 1000)
    renovado = requests.get(f"{sim.url_api}/auth", params={"refresh_token": par["refresh_token"]}, timeout=5)
    assert renovado.status_code == 200
    sandbox(sim, "POST", "/clock", json={"advance_s": 3601})
    vencido = requests.get(f"{sim.url_api}/auth", params={"refresh_token": renovado.json()["refresh_token"]},
                           timeout=5)
    assert vencido.status_code == 401 and vencido.json()["error_code"] == 1000


def test_ttl_padrao_de_tres_horas(tray_sim):
    par = _auth(tray_sim).json()
    cliente = Cliente(tray_sim, par["access_token"])
    sandbox(tray_sim, "POST", "/clock", json={"advance_s": 3 * 3600 - 30})
    assert cliente.get("/orders").status_code == 200
    sandbox(tray_sim, "POST", "/clock", json={"advance_s": 60})
    assert cliente.get("/orders").json()["error_code"] == 1000


def test_token_ausente_desconhecido_ou_refresh_no_lugar_do_access(tray_sim):
    par = _auth(tray_sim).json()
    for params in ({}, {"access_token": "inventado"}, {"refresh_token": par["refresh_token"]}):
        resposta = requests.get(f"{tray_sim.url_api}/orders", params=params, timeout=5)
        assert resposta.status_code == 401
        assert resposta.json()["error_code"] == 1099
        assert resposta.json()["causes"] == ["Invalid or expired token"]


def test_rotas_publicas_do_catalogo_sem_token(tray_sim):
    publico = Cliente(tray_sim, token="")
    assert publico.get("/products").status_code == 200
    assert publico.get("/products/501").json()["Product"]["name"] == "Chaleira Inox 2 L"
    assert publico.get("/products/variants", {"product_id": "502"}).json()["paging"]["total"] == 2
    for caminho in ("/orders", "/customers", "/categories", "/products/variants/880", "/orders/invoices"):
        assert publico.get(caminho).status_code == 401, caminho
    assert publico.post("/products", json={"Product": {"name": "X", "price": "1"}}).status_code == 401


def test_info_da_loja_exige_token_e_responde_sem_envelope(tray_sim_factory):
    sim = tray_sim_factory(semente_minima(company_name="Loja Teste Comércio Ltda", cnpj="11.222.333/0001-81",
                                          city="São Paulo", state="SP", email_1="contato@loja.example"))
    sem_token = requests.get(f"{sim.url_api}/info", timeout=5)
    assert sem_token.status_code == 401 and sem_token.json()["error_code"] == 1099
    token = _auth(sim).json()["access_token"]
    info = requests.get(f"{sim.url_api}/info", params={"access_token": token}, timeout=5).json()
    assert "Info" not in info
    assert list(info) == ["id", "name", "company_name", "cnpj", "address", "postal_code", "city", "state", "country",
                          "phone_number_1", "phone_number_2", "phone_number_3", "email_1", "email_2", "office_hour",
                          "uri", "secure_uri", "logo", "logo_mobile", "user", "internal_status", "favicon", "messages"]
    assert (info["id"], info["name"]) == (sim.store_id, "Loja Teste")
    assert (info["company_name"], info["cnpj"], info["city"], info["country"]) == (
        "Loja Teste Comércio Ltda", "11.222.333/0001-81", "São Paulo", "Brasil")
    assert info["uri"] == info["secure_uri"] == sim.url_base and info["internal_status"] == "ativa"
    assert set(info["logo"]) == {"http", "https"} and set(info["messages"]) == {"footer"}
