"""A sessão da Tray é a guardada: cada requisição e cada redirecionamento passa pela guarda, e um
redirecionamento para outro host não é seguido (o token na URL não vai junto)."""
import pytest
from werkzeug.wrappers import Response

from erp.lojas_virtuais.tray import erros
from erp.lojas_virtuais.tray.transporte import Transporte


def test_redirecionamento_para_outro_host_nao_e_seguido(app, servidor_gravador):
    base_outro, no_outro = servidor_gravador(lambda e, g: Response("{}", mimetype="application/json"))
    destino = base_outro.replace("127.0.0.1", "localhost") + "/web_api/orders"

    def redirecionar(environ, _g):
        return Response("", status=302, headers={"Location": destino})

    base, gravadas = servidor_gravador(redirecionar)
    transporte = Transporte(f"{base}/web_api", "1", tentativas=1)
    with pytest.raises(erros.EnderecoInvalido, match="redirecionou para outro endereço"):
        transporte.enviar("GET", "/orders", params={"access_token": "SEGREDO"})
    assert len(gravadas) == 1 and no_outro == []


def test_redirecionamento_no_mesmo_host_e_seguido(app, servidor_gravador):
    def responder(environ, _g):
        if environ["PATH_INFO"] == "/web_api/orders":
            return Response("", status=301, headers={"Location": "/web_api/orders/"})
        return Response('{"ok": 1}', mimetype="application/json")

    base, gravadas = servidor_gravador(responder)
    assert Transporte(f"{base}/web_api", "1", tentativas=1).enviar("GET", "/orders") == {"ok": 1}
    assert [g["caminho"] for g in gravadas] == ["/web_api/orders", "/web_api/orders/"]


def test_endereco_interno_recusado_sem_conectar(app, servidor_gravador):
    app.config["ERP_PERMITIR_REDE_LOCAL"] = False
    base, gravadas = servidor_gravador(lambda e, g: Response("{}", mimetype="application/json"))
    transporte = Transporte(f"{base.replace('http://', 'https://')}/web_api", "1", tentativas=1)
    with pytest.raises(erros.EnderecoInvalido, match="endereço interno"):
        transporte.enviar("GET", "/orders")
    assert gravadas == []
