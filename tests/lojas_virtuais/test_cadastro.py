"""Serviços do cadastro: testar conexão, pausar/retomar, editar, remover e o texto da situação."""
from datetime import timedelta

import pytest

from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais import services
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import erros


def test_testar_conexao_usa_pedidos_e_nao_produtos(loja, sim):
    mensagem = services.testar_conexao(loja)
    assert mensagem == f"Conexão com a loja “{loja.nome}” funcionando."
    assert sim.chamadas() == [("GET", "/orders", 200)]  # /products é público: não provaria nada
    assert sim.log()[0]["query"]["limit"] == "1"


def test_testar_conexao_com_token_recusado(loja, sim):
    loja.access_token = "token-que-a-tray-nao-conhece"
    loja.refresh_token = "refresh-que-a-tray-nao-conhece"
    db.session.commit()
    with pytest.raises(erros.ErroAutenticacao, match="reconecte a loja"):
        services.testar_conexao(loja)
    assert loja.situacao == "precisa_reconectar"
    assert services.situacao_texto(loja) == "Precisa reconectar"


def test_testar_conexao_com_a_tray_fora_do_ar(loja, sim):
    sim.falhar("500", quantidade=5, prefixo="/orders")
    with pytest.raises(erros.Indisponivel):
        services.testar_conexao(loja)
    assert loja.situacao == "erro"
    assert services.situacao_texto(loja) == "Erro: Loja Tray indisponível (erro 500)"
    sim.limpar_falhas()  # a loja voltou
    services.testar_conexao(loja)
    assert loja.situacao == "conectada" and loja.ultimo_erro is None


def test_pausar_e_retomar(loja, sim):
    with pytest.raises(services.DadosInvalidos, match="motivo"):
        services.pausar(loja, "  ")
    services.pausar(loja, "Balanço de estoque")
    assert loja.pausada and loja.situacao == "pausada"
    assert services.situacao_texto(loja) == "Pausada: Balanço de estoque"
    assert not services.conectada(loja)
    with pytest.raises(erros.LojaPausada):
        services.testar_conexao(loja)
    services.retomar(loja)
    assert not loja.pausada and loja.situacao == "conectada" and loja.motivo_pausa is None
    assert services.conectada(loja)


def test_retomar_com_token_vencido_pede_reconexao(loja):
    services.pausar(loja, "férias")
    loja.refresh_expira_em = agora() - timedelta(days=1)
    db.session.commit()
    services.retomar(loja)
    assert loja.situacao == "precisa_reconectar"


def test_situacao_texto_mostra_quando_o_token_expira(loja):
    loja.refresh_expira_em = agora().replace(year=2030, month=1, day=15, hour=15, minute=30)
    assert services.situacao_texto(loja) == "Conectada · token expira em 15/01/2030 12:30"  # hora de Brasília
    loja.situacao, loja.ultimo_erro = "erro", "Loja Tray indisponível (tempo esgotado)"
    assert services.situacao_texto(loja) == "Erro: Loja Tray indisponível (tempo esgotado)"
    assert services.situacao_cor(loja) == "danger"


def test_editar(loja):
    services.editar(loja, nome=" Loja Centro ", site="https://loja.com.br/web_api/")
    db.session.expire_all()
    loja = db.session.get(LojaVirtual, loja.id)
    assert loja.nome == "Loja Centro" and loja.site == "https://loja.com.br/web_api"
    with pytest.raises(services.DadosInvalidos, match="nome"):
        services.editar(loja, nome="")
    with pytest.raises(services.DadosInvalidos, match="/web_api"):
        services.editar(loja, site="https://loja.com.br")


def test_reconectar_gera_tokens_novos(loja, sim):
    loja.situacao, loja.ultimo_erro = "precisa_reconectar", "refresh recusado"
    db.session.commit()
    antigo = loja.access_token
    services.reconectar(loja, sim.code)
    assert loja.situacao == "conectada" and loja.ultimo_erro is None and loja.access_token != antigo


def test_remover(loja):
    from erp.tarefas import services as tarefas

    tarefa = tarefas.criar_tarefa("teste", "Tarefa da loja", loja_id=loja.id)
    services.remover(loja)
    assert db.session.get(LojaVirtual, loja.id) is None
    db.session.expire_all()
    assert db.session.get(type(tarefa), tarefa.id).loja_id is None  # ON DELETE SET NULL


def test_remover_recusa_loja_com_vendas(loja):
    from erp.vendas.models import Cliente, Venda

    cliente = Cliente(nome="Carla Nogueira")
    db.session.add(cliente)
    db.session.flush()
    db.session.add(Venda(loja_id=loja.id, pedido_tray_id="1001", cliente_id=cliente.id, data_pedido=agora()))
    db.session.commit()
    with pytest.raises(services.DadosInvalidos, match="não pode ser removida; pause-a"):
        services.remover(loja)
    assert db.session.get(LojaVirtual, loja.id) is not None
