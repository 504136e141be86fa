"""A guarda dos endereços de saída: só https e só endereços públicos, salvo ERP_PERMITIR_REDE_LOCAL."""
import pytest
import requests

from erp.comum import rede
from erp.comum.rede import EnderecoRecusado, mesmo_dominio_registravel, sessao_guardada, verificar_url

INTERNOS = [
    "https://127.0.0.1/web_api", "https://localhost/web_api", "https://10.0.0.5/", "https://172.16.3.4/",
    "https://192.168.0.10/", "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://[fe80::1]/",
    "https://[fc00::1]/", "https://[::ffff:127.0.0.1]/", "https://2130706433/", "https://0x7f000001/",
    "https://0177.0.0.1/", "https://0.0.0.0/", "https://224.0.0.1/", "https://100.64.0.1/", "https://240.0.0.1/",
]


@pytest.mark.parametrize("url", INTERNOS)
def test_endereco_interno_recusado(url):
    with pytest.raises(EnderecoRecusado, match="interno|não foi encontrado"):
        verificar_url(url, permitir_rede_local=False)


@pytest.mark.parametrize("url", ["http://93.184.216.34/", "ftp://93.184.216.34/", "file:///etc/passwd",
                                 "/etc/passwd", "https://", "javascript:alert(1)", "https://u:s@93.184.216.34/"])
def test_esquema_ou_forma_recusados(url):
    with pytest.raises(EnderecoRecusado):
        verificar_url(url, permitir_rede_local=False)


def test_publico_em_https_aceito():
    assert verificar_url(" https://93.184.216.34/web_api ", permitir_rede_local=False) == "https://93.184.216.34/web_api"


def test_rede_local_liberada_pela_opcao():
    assert verificar_url("http://127.0.0.1:8765/web_api", permitir_rede_local=True)


def test_opcao_lida_da_aplicacao(app):
    app.config["ERP_PERMITIR_REDE_LOCAL"] = False
    with pytest.raises(EnderecoRecusado):
        verificar_url("http://127.0.0.1:8765/web_api")
    app.config["ERP_PERMITIR_REDE_LOCAL"] = True
    assert verificar_url("http://127.0.0.1:8765/web_api")


def test_sessao_recusa_antes_de_conectar():
    with pytest.raises(EnderecoRecusado):
        sessao_guardada(False).get("https://127.0.0.1:9/", timeout=1)


def test_redirecionamento_para_endereco_interno_recusado(monkeypatch):
    """Um servidor público que redireciona para o endereço de metadados da nuvem não leva a conexão até lá."""
    monkeypatch.setattr(rede, "_ips", lambda host, porta: [rede.ipaddress.ip_address(
        "93.184.216.34" if host == "loja.exemplo.com.br" else host)])
    enviados = []

    def enviar(self, request, *args, **kwargs):
        enviados.append(request.url)
        resposta = requests.Response()
        resposta.status_code, resposta.url, resposta.request = 302, request.url, request
        resposta.headers["Location"] = "https://169.254.169.254/latest/meta-data"
        resposta.raw = None
        resposta._content = b""
        return resposta

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", enviar)
    with pytest.raises(EnderecoRecusado):
        sessao_guardada(False).get("https://loja.exemplo.com.br/web_api/orders")
    assert enviados == ["https://loja.exemplo.com.br/web_api/orders"]


def test_mesmo_dominio_registravel():
    assert mesmo_dominio_registravel("https://www.loja.com.br/web_api", "https://api.loja.com.br/web_api")
    assert not mesmo_dominio_registravel("https://www.loja.com.br/web_api", "https://outra.com.br/web_api")
    assert not mesmo_dominio_registravel("https://loja.com.br/", "https://com.br/")
    assert mesmo_dominio_registravel("https://a.lojas.tray.com.br/", "https://b.tray.com.br/")
    assert not mesmo_dominio_registravel("http://10.0.0.1/web_api", "http://127.0.0.1/web_api")
    assert mesmo_dominio_registravel("http://127.0.0.1:8765/web_api", "http://127.0.0.1:9000/web_api")
