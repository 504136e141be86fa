"""Papéis nas lojas virtuais: administradores cadastram, editam, reconectam, pausam, retomam e removem lojas;
os demais usuários veem a lista, testam a conexão e fazem o trabalho do dia (importar, exportar)."""
import html

import pytest

from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.usuarios.services import criar_usuario
from tests.util import csrf_de, entrar

EMAIL_OPERADOR, SENHA_OPERADOR = "op@erp.local", "operador-123"


@pytest.fixture
def operador(client, usuario):
    criar_usuario(EMAIL_OPERADOR, SENHA_OPERADOR)
    assert entrar(client, email=EMAIL_OPERADOR, senha=SENHA_OPERADOR).status_code == 302
    return client


def _paginas_de_admin(loja_id: int) -> list[str]:
    return ["/lojas/nova", f"/lojas/{loja_id}/editar", f"/lojas/{loja_id}/reconectar",
            f"/lojas/{loja_id}/remover", f"/lojas/{loja_id}/pausar"]


def test_operador_recebe_403_em_get_e_post_e_nada_muda(operador, loja, sim):
    token = csrf_de(operador.get("/lojas/"))
    for url in _paginas_de_admin(loja.id):
        assert operador.get(url).status_code == 403, url
        assert operador.post(url, data={"csrf_token": token, "nome": "Outra", "site": "https://x.com.br/web_api",
                                        "code": sim.code, "usuario": "1", "motivo": "teste"}).status_code == 403, url
    assert operador.post(f"/lojas/{loja.id}/retomar", data={"csrf_token": token}).status_code == 403
    db.session.expire_all()
    salva = db.session.get(LojaVirtual, loja.id)
    assert salva is not None and salva.nome == loja.nome and salva.situacao == "conectada"
    assert db.session.query(LojaVirtual).count() == 1
    assert sim.chamadas() == []


def test_operador_nao_ve_os_botoes_de_administracao(operador, loja):
    pagina = html.unescape(operador.get("/lojas/").get_data(as_text=True))
    assert "Nova loja virtual" not in pagina and "/lojas/nova" not in pagina
    for trecho in ("Editar", "Reconectar", "Remover", "Pausar", f"/lojas/{loja.id}/retorno"):
        assert trecho not in pagina, trecho
    # O trabalho do dia continua à mão.
    assert "Importar Pedidos" in pagina and "Exportar Produtos" in pagina and "Testar conexão" in pagina


def test_operador_testa_a_conexao(operador, loja, sim):
    resposta = operador.post(f"/lojas/{loja.id}/testar", data={"csrf_token": csrf_de(operador.get("/lojas/"))},
                             follow_redirects=True)
    assert "funcionando" in html.unescape(resposta.get_data(as_text=True))


def test_operador_sem_lojas_nao_ve_o_convite_para_conectar(operador):
    pagina = html.unescape(operador.get("/lojas/").get_data(as_text=True))
    assert "Conectar uma loja Tray" not in pagina and "administrador" in pagina


def test_administrador_ve_e_usa_tudo(logado, loja):
    pagina = html.unescape(logado.get("/lojas/").get_data(as_text=True))
    for trecho in ("Nova loja virtual", "Editar", "Reconectar", "Remover", "Pausar", f"/lojas/{loja.id}/retorno"):
        assert trecho in pagina, trecho
    for url in _paginas_de_admin(loja.id):
        assert logado.get(url).status_code == 200, url
