"""`/auth.php` do simulador: consentimento e volta ao callback com code, api_address, store (docs/tray.md)."""
from urllib.parse import parse_qs, urlsplit

import requests

from tests.fixtures_tray import obter_tokens


def _pedido(sim, **troca) -> dict:
    return {"response_type": "code", "consumer_key": sim.consumer_key, "callback": "https://app.example/tray/cb/",
            **troca}


def test_consentimento_e_volta_ao_callback(tray_sim):
    base = tray_sim.url_api.rsplit("/web_api", 1)[0]
    pagina = requests.get(f"{base}/auth.php", params=_pedido(tray_sim), timeout=5)
    assert pagina.status_code == 200 and 'id="autorizar"' in pagina.text
    assert tray_sim.estado.instalacoes == []  # só ver a página não autoriza nada
    volta = requests.post(f"{base}/auth.php", data=_pedido(tray_sim), allow_redirects=False, timeout=5)
    assert volta.status_code == 302
    destino = urlsplit(volta.headers["Location"])
    assert f"{destino.scheme}://{destino.netloc}{destino.path}" == "https://app.example/tray/cb/"
    params = {k: v[0] for k, v in parse_qs(destino.query).items()}
    assert params == {"code": tray_sim.code, "api_address": f"{base}/web_api/", "store": tray_sim.store_id,
                      "adm_user": "admin", "store_host": base}
    assert len(tray_sim.estado.instalacoes) == 1
    # O code devolvido é o que POST /auth troca por tokens.
    assert obter_tokens(tray_sim)["store_id"] == tray_sim.store_id


def test_callback_com_query_recebe_os_parametros_depois(tray_sim):
    base = tray_sim.url_api.rsplit("/web_api", 1)[0]
    volta = requests.post(f"{base}/auth.php", data=_pedido(tray_sim, callback="https://app.example/cb?x=1"),
                          allow_redirects=False, timeout=5)
    assert volta.headers["Location"].startswith("https://app.example/cb?x=1&code=")


def test_pedidos_malformados(tray_sim):
    base = tray_sim.url_api.rsplit("/web_api", 1)[0]
    for troca, motivo in (({"response_type": "token"}, "response_type"), ({"consumer_key": "x"}, "consumer_key"),
                          ({"callback": "javascript:alert(1)"}, "callback")):
        resposta = requests.get(f"{base}/auth.php", params=_pedido(tray_sim, **troca), timeout=5)
        assert resposta.status_code == 400 and motivo in resposta.text
        resposta = requests.post(f"{base}/auth.php", data=_pedido(tray_sim, **troca), allow_redirects=False,
                                 timeout=5)
        assert resposta.status_code == 400 and "Location" not in resposta.headers
    assert tray_sim.estado.instalacoes == []
