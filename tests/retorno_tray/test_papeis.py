"""Papéis no retorno à Tray: a configuração da loja é de administrador; a lista e os reenvios são de todos."""
import html

import pytest

from erp.retorno_tray import services
from erp.usuarios.services import criar_usuario
from tests.util import csrf_de, entrar


@pytest.fixture
def operador(client, usuario):
    criar_usuario("op@erp.local", "operador-123")
    assert entrar(client, email="op@erp.local", senha="operador-123").status_code == 302
    return client


def test_operador_recebe_403_na_configuracao(operador, loja, sim):
    url = f"/lojas/{loja.id}/retorno"
    assert operador.get(url).status_code == 403
    token = csrf_de(operador.get("/retorno-tray/"))
    resposta = operador.post(url, data={"csrf_token": token, "ativo": "1", "alterar_status": "1",
                                        "status_nome": "NOTA FISCAL EMITIDA"})
    assert resposta.status_code == 403
    assert services.configuracao_da_loja(loja.id) is None
    assert sim.chamadas() == []


def test_operador_ve_a_lista_sem_os_links_de_configurar(operador, loja):
    resposta = operador.get(f"/retorno-tray/?loja={loja.id}")
    pagina = html.unescape(resposta.get_data(as_text=True))
    assert resposta.status_code == 200
    assert f"/lojas/{loja.id}/retorno" not in pagina and "Configurar" not in pagina
    assert loja.nome in pagina and "feita por um administrador" in pagina


def test_administrador_configura(logado, loja):
    pagina = html.unescape(logado.get(f"/retorno-tray/?loja={loja.id}").get_data(as_text=True))
    assert f'href="/lojas/{loja.id}/retorno"' in pagina and "Configurar" in pagina
    assert logado.get(f"/lojas/{loja.id}/retorno").status_code == 200
