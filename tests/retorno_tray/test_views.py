"""Telas: lista de envios (/retorno-tray/) e configuração da loja (/lojas/<id>/retorno)."""
from erp.extensions import db
from erp.retorno_tray import services
from erp.retorno_tray.models import EnvioTray
from erp.tarefas import fila
from erp.tarefas.fila import executar_pendentes
from tests.retorno_tray.apoio import venda_com_nota
from tests.util import postar


def test_configuracao_da_loja_lista_status_da_tray_e_grava_pelo_nome(logado, loja, sim):
    nota = venda_com_nota(loja, "1001", 501)
    services.nota_autorizada(nota)
    db.session.commit()
    fila.huey.flush()
    url = f"/lojas/{loja.id}/retorno"
    html = logado.get(url).get_data(as_text=True)
    assert "ainda não foi configurada" in html and "1 nota(s) aguardando envio" in html
    for nome in ("A ENVIAR", "NOTA FISCAL EMITIDA"):
        assert f'<option value="{nome}"' in html
    for nome in ("AGUARDANDO PAGAMENTO", "CANCELADO"):  # só para a frente: nem volta a aguardar, nem cancela
        assert f'<option value="{nome}"' not in html
    assert "1 nota(s) aguardando vão para os pedidos na Tray." in html

    # A prévia (antes de salvar): quantos pedidos mudam de status e quantos e-mails a Tray manda.
    previa = logado.get(f"{url}/previa?ativo=1&alterar_status=1&status_nome=NOTA+FISCAL+EMITIDA")
    texto = previa.get_data(as_text=True)
    assert "1 pedido(s) mudam para “NOTA FISCAL EMITIDA”" in texto and "1 e-mail(s)" in texto
    sem_status = logado.get(f"{url}/previa?ativo=1&status_nome=NOTA+FISCAL+EMITIDA").get_data(as_text=True)
    assert "nenhum e-mail é enviado" in sem_status
    assert services.configuracao_da_loja(loja.id) is None  # a prévia não grava nada

    resposta = postar(logado, url, {"ativo": "1", "alterar_status": "1", "status_nome": "AGUARDANDO PAGAMENTO"},
                      pagina=url, follow_redirects=True)
    assert "levaria o pedido para trás" in resposta.get_data(as_text=True)
    assert services.configuracao_da_loja(loja.id) is None

    resposta = postar(logado, url, {"ativo": "1", "alterar_status": "1", "status_nome": ""}, pagina=url,
                      follow_redirects=True)
    assert "Escolha o status da Tray que o pedido recebe depois de faturado" in resposta.get_data(as_text=True)
    assert services.configuracao_da_loja(loja.id) is None

    resposta = postar(logado, url, {"ativo": "1", "alterar_status": "1", "status_nome": "INEXISTENTE"},
                      pagina=url, follow_redirects=True)
    assert "O status “INEXISTENTE” não existe na loja Loja Bela Casa." in resposta.get_data(as_text=True)

    resposta = postar(logado, url, {"ativo": "1", "alterar_status": "1", "status_nome": "NOTA FISCAL EMITIDA"},
                      pagina=url, follow_redirects=True)
    assert "Configuração do retorno à Tray salva." in resposta.get_data(as_text=True)
    config = services.configuracao_da_loja(loja.id)
    assert (config.ativo, config.alterar_status, config.status_nome) == (True, True, "NOTA FISCAL EMITIDA")
    assert 'value="NOTA FISCAL EMITIDA" selected' in logado.get(url).get_data(as_text=True)
    executar_pendentes()  # salvar enfileirou os envios que esperavam a configuração
    assert len(sim.notas("1001")) == 1 and len(sim.emails("1001")) == 1


def test_lista_mostra_situacoes_erros_e_tentar_de_novo(logado, configurada, sim):
    boa = venda_com_nota(configurada, "1001", 502)
    ruim = venda_com_nota(configurada, "1002", 503, dv_errado=True)
    services.nota_autorizada(boa)
    services.nota_autorizada(ruim)
    db.session.commit()
    executar_pendentes()

    html = logado.get("/retorno-tray/").get_data(as_text=True)
    assert 'data-situacao="concluido">Concluído</span>' in html
    assert 'data-situacao="falhou">Falhou</span>' in html
    assert "A Tray recusou a nota fiscal do pedido 1002: key: dígito verificador da chave de acesso inválido" in html
    assert "NOTA FISCAL EMITIDA" in html and "Tentar de novo" in html
    so_falhas = logado.get("/retorno-tray/?situacao=falhou").get_data(as_text=True)
    assert ruim.chave in so_falhas and boa.chave not in so_falhas
    busca = logado.get(f"/retorno-tray/?busca={boa.chave[-14:]}").get_data(as_text=True)
    assert boa.chave in busca and ruim.chave not in busca

    envio = db.session.query(EnvioTray).filter_by(nota_id=ruim.id).one()
    resposta = postar(logado, f"/retorno-tray/{envio.id}/tentar", {"voltar": "/retorno-tray/?situacao=falhou"},
                      pagina="/retorno-tray/")
    assert resposta.status_code == 302 and resposta.headers["Location"].endswith("/retorno-tray/?situacao=falhou")
    db.session.expire_all()
    envio = db.session.get(EnvioTray, envio.id)
    assert (envio.situacao, envio.ultimo_erro, envio.tentativas) == ("pendente", None, 0)
    assert len(fila.huey) == 1
    html = logado.get(resposta.headers["Location"]).get_data(as_text=True)
    assert "voltou para a fila de envio à Tray" in html

    # Destino fora da tela é ignorado; o botão geral enfileira os pendentes.
    resposta = postar(logado, "/retorno-tray/processar", {"voltar": "https://example.com/"}, pagina="/retorno-tray/")
    assert resposta.headers["Location"] == "/retorno-tray/"
    assert len(fila.huey) == 2


def test_telas_pedem_login(client):
    assert client.get("/retorno-tray/").status_code == 302
    assert client.get("/lojas/1/retorno").status_code == 302
