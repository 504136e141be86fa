"""Renovação de tokens: antes de expirar, após 401, gravação imediata e refresh token morto."""
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import armazenamento, erros
from erp.lojas_virtuais.tray.client import cliente_da_loja
from tests.util import em_paralelo


def _no_banco(loja_id: int) -> dict:
    """A linha como está gravada (lida por outra conexão, fora da sessão do teste)."""
    return armazenamento.ler(loja_id)


def _expirar_em(loja, minutos: float) -> None:
    loja.access_expira_em = agora() + timedelta(minutes=minutos)
    db.session.commit()


def test_token_vai_na_query_string(loja, sim):
    cliente_da_loja(loja).get("/orders", params={"limit": 1})
    pedido = [r for r in sim.log() if r["path"] == "/web_api/orders"][0]
    assert pedido["query"]["access_token"] == loja.access_token and pedido["query"]["limit"] == "1"


def test_renova_antes_de_expirar(loja, sim):
    antigo_acesso, antigo_refresh = loja.access_token, loja.refresh_token
    _expirar_em(loja, 3)  # dentro da margem de 5 minutos

    corpo = cliente_da_loja(loja).get("/orders", params={"limit": 1})

    assert corpo["paging"]["total"] >= 1
    assert sim.chamadas() == [("GET", "/auth", 200), ("GET", "/orders", 200)]  # renovou antes, sem 401
    gravado = _no_banco(loja.id)
    assert gravado["access_token"] not in (None, antigo_acesso)
    assert gravado["refresh_token"] not in (None, antigo_refresh)
    assert gravado["access_expira_em"] > agora() + timedelta(hours=2, minutes=50)


def test_renova_e_repete_apos_401(loja, sim):
    antigo = loja.access_token
    cliente = cliente_da_loja(loja)
    sim.avancar_relogio(3 * 3600 + 60)  # na Tray o token expirou; para o ERP ainda vale

    corpo = cliente.get("/orders/1001")

    assert corpo["Order"]["id"] == "1001"
    assert sim.chamadas() == [("GET", "/orders/1001", 401), ("GET", "/auth", 200), ("GET", "/orders/1001", 200)]
    assert _no_banco(loja.id)["access_token"] not in (None, antigo)
    assert loja.access_token == _no_banco(loja.id)["access_token"]  # o objeto da sessão acompanha
    assert cliente.get("/orders/1001")["Order"]["id"] == "1001"  # o token novo continua em uso
    assert sim.chamadas("GET", "/auth") == [("GET", "/auth", 200)]


def test_tokens_girados_sao_gravados_na_hora_sem_levar_o_trabalho_pendente(loja, sim):
    antigo = loja.refresh_token
    _expirar_em(loja, 1)
    loja.nome = "Alteração que será desfeita"  # trabalho pendente de quem chamou

    cliente_da_loja(loja).get("/orders/statuses")
    db.session.rollback()  # quem chamou desiste do trabalho dele

    gravado = _no_banco(loja.id)
    assert gravado["refresh_token"] != antigo
    nome = db.session.scalar(select(LojaVirtual.nome).where(LojaVirtual.id == loja.id))
    assert nome != "Alteração que será desfeita"
    # O refresh token gravado é o que vale na Tray agora (o antigo morreu ao ser usado).
    resposta = requests.get(f"{sim.url_api}/auth", params={"refresh_token": gravado["refresh_token"]}, timeout=5)
    assert resposta.status_code == 200


def test_banco_travado_pela_sessao_de_quem_chamou_nao_perde_os_tokens(loja, sim):
    _expirar_em(loja, 1)
    loja.importacao_automatica = True
    db.session.flush()  # a sessão do teste segura a escrita (trava do SQLite / linha no PostgreSQL)

    cliente_da_loja(loja).get("/orders/statuses")

    novo = loja.refresh_token
    db.session.commit()
    assert _no_banco(loja.id)["refresh_token"] == novo
    assert sim.chamadas("GET", "/auth") == [("GET", "/auth", 200)]


def test_refresh_token_morto_marca_precisa_reconectar(loja, sim):
    # Outro sistema usou o refresh token: o nosso morreu.
    requests.get(f"{sim.url_api}/auth", params={"refresh_token": loja.refresh_token}, timeout=5)
    _expirar_em(loja, 1)
    sim.limpar_log()

    with pytest.raises(erros.ErroAutenticacao) as erro:
        cliente_da_loja(loja).get("/orders")
    assert str(erro.value) == "Credenciais recusadas pela Tray: reconecte a loja."
    assert sim.chamadas() == [("GET", "/auth", 401)]  # não insiste
    gravado = _no_banco(loja.id)
    assert gravado["situacao"] == "precisa_reconectar" and "reconecte" in gravado["ultimo_erro"]

    with pytest.raises(erros.ErroAutenticacao):
        cliente_da_loja(db.session.get(LojaVirtual, loja.id)).get("/orders")
    assert len(sim.log()) == 1  # nem tenta mais, até reconectar


@pytest.mark.parametrize("status", ["400", "403"])
def test_refresh_recusado_com_qualquer_4xx_marca_precisa_reconectar(loja, sim, status):
    _expirar_em(loja, 1)
    sim.falhar(status, prefixo="/auth", metodo="GET")

    with pytest.raises(erros.ErroAutenticacao):
        cliente_da_loja(loja).get("/orders")
    assert sim.chamadas() == [("GET", "/auth", int(status))]  # não insiste
    assert _no_banco(loja.id)["situacao"] == "precisa_reconectar"


def test_refresh_com_limite_excedido_nao_marca_reconectar(loja, sim):
    _expirar_em(loja, 1)
    sim.falhar("429", quantidade=20, prefixo="/auth", metodo="GET")

    with pytest.raises(erros.ErroTray) as erro:
        cliente_da_loja(loja).get("/orders")
    assert not isinstance(erro.value, erros.ErroAutenticacao)
    assert _no_banco(loja.id)["situacao"] == "conectada"


def test_refresh_expirado_nem_chama_a_tray(loja, sim):
    loja.access_expira_em = agora() - timedelta(hours=1)
    loja.refresh_expira_em = agora() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(erros.ErroAutenticacao):
        cliente_da_loja(loja).get("/orders")
    assert sim.log() == []
    assert _no_banco(loja.id)["situacao"] == "precisa_reconectar"


def test_adota_tokens_renovados_por_outro_processo(loja, sim):
    cliente = cliente_da_loja(loja)
    sim.avancar_relogio(3 * 3600 + 60)  # o access token do nosso cliente expirou na Tray
    # Outro processo (o trabalhador da fila) renovou e gravou os tokens novos.
    novos = requests.get(f"{sim.url_api}/auth", params={"refresh_token": loja.refresh_token}, timeout=5).json()
    armazenamento.gravar(loja.id, access_token=novos["access_token"], refresh_token=novos["refresh_token"],
                         access_expira_em=agora() + timedelta(hours=3))
    sim.limpar_log()

    assert cliente.get("/orders/1001")["Order"]["id"] == "1001"
    # Usou o token do banco em vez de renovar com um refresh token que já morreu.
    assert sim.chamadas() == [("GET", "/orders/1001", 401), ("GET", "/orders/1001", 200)]
    assert _no_banco(loja.id)["situacao"] == "conectada"


def test_loja_pausada_recusa_o_uso(loja, sim):
    from erp.lojas_virtuais import services

    services.pausar(loja, "inventário")
    with pytest.raises(erros.LojaPausada) as erro:
        cliente_da_loja(loja).get("/orders")
    assert "pausada" in str(erro.value) and "inventário" in str(erro.value)
    assert isinstance(erro.value, erros.ErroTray)
    assert sim.log() == []


def test_segundo_processo_adota_tokens_girados_pelo_primeiro(loja, sim):
    from erp.lojas_virtuais.tray.client import ClienteTray

    _expirar_em(loja, 2)
    processo_a, processo_b = ClienteTray(loja), ClienteTray(loja)  # cada um com o seu estado em memória
    processo_a.get("/orders/statuses")  # renova e grava
    processo_b.get("/orders/statuses")  # acha no banco um par mais novo e não gasta o refresh token morto
    assert sim.chamadas("GET", "/auth") == [("GET", "/auth", 200)]
    assert _no_banco(loja.id)["situacao"] == "conectada"
    assert processo_b._estado["access_token"] == processo_a._estado["access_token"]


def test_threads_do_mesmo_cliente_renovam_uma_vez_so(app, loja, sim):

    _expirar_em(loja, 1)
    cliente = cliente_da_loja(loja)
    erros_threads = []

    def trabalhar():
        with app.app_context():
            try:
                cliente.get("/orders/statuses")
            except Exception as erro:  # noqa: BLE001 - o teste mostra qualquer falha
                erros_threads.append(erro)

    em_paralelo([trabalhar] * 4)
    assert erros_threads == []
    assert sim.chamadas("GET", "/auth") == [("GET", "/auth", 200)]
    assert len(sim.chamadas("GET", "/orders/statuses")) == 4
