"""Falhas da Tray no meio do envio: respostas ambíguas, limites, recusas e queda entre a nota e o status."""
from datetime import timedelta

from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais import services as lojas
from erp.retorno_tray import services
from erp.retorno_tray.models import EnvioTray
from erp.tarefas.fila import executar_pendentes
from tests.retorno_tray.apoio import FATURADO_ID, autorizar, venda_com_nota


def _envio(nota_id: int) -> EnvioTray:
    db.session.expire_all()
    return db.session.query(EnvioTray).filter_by(nota_id=nota_id).one()


def _enviar(loja, pedido: str, numero: int):
    """Venda com a NF-e autorizada e a fila executada: (nota, envio)."""
    nota = venda_com_nota(loja, pedido, numero)
    autorizar(nota)
    executar_pendentes()
    return nota, _envio(nota.id)


def _posts(sim, pedido: str) -> list:
    return [s for m, p, s in sim.chamadas(f"/orders/{pedido}/invoices") if m == "POST"]


def test_500_antes_de_gravar_confere_e_posta_de_novo_uma_nota_so(configurada, sim):
    sim.falhar("500", prefixo="/orders/1001/invoices", metodo="POST")
    _, envio = _enviar(configurada, "1001", 201)
    assert envio.situacao == "concluido"
    assert len(sim.notas("1001")) == 1 and len(sim.emails("1001")) == 1
    chamadas = [(m, p) for m, p, _ in sim.chamadas("/orders/1001")]
    # Depois do 500 ambíguo, confere a lista de notas do pedido antes de postar outra vez.
    segundo_post = len(chamadas) - 1 - chamadas[::-1].index(("POST", "/orders/1001/invoices"))
    assert ("GET", "/orders/1001/invoices") in chamadas[chamadas.index(("POST", "/orders/1001/invoices")):segundo_post]
    assert _posts(sim, "1001") == [500, 201]


def test_conexao_derrubada_no_post_termina_com_uma_nota(configurada, sim):
    sim.falhar("desconectar", prefixo="/orders/1001/invoices", metodo="POST")
    _, envio = _enviar(configurada, "1001", 202)
    assert envio.situacao == "concluido" and not envio.conferir_na_tray
    assert len(sim.notas("1001")) == 1 and len(sim.emails("1001")) == 1
    assert _posts(sim, "1001") == [None, 201]  # None: conexão derrubada sem resposta


def test_post_gravado_mas_resposta_perdida_nao_posta_de_novo(app, configurada, sim):
    """A Tray grava a nota, mas a resposta não chega (tempo esgotado): a próxima tentativa acha a nota."""
    app.config.update(TRAY_TIMEOUT_LEITURA=0.3, RETORNO_TRAY_ESPERA_BASE_S=60)
    sim.falhar("lento", prefixo="/orders/1001/invoices", metodo="POST", atraso_s=0.8)
    nota, envio = _enviar(configurada, "1001", 203)
    assert envio.situacao == "pendente" and envio.conferir_na_tray and envio.tentativas == 1
    assert "tempo esgotado" in envio.ultimo_erro
    sim.esperar(lambda: len(sim.notas("1001")) == 1)  # a Tray terminou de gravar

    app.config.update(TRAY_TIMEOUT_LEITURA=5.0)
    resultados = services.processar_pendentes(agora_mesmo=True)
    assert [r.resultado for r in resultados] == ["enviado"]  # o status foi mandado agora
    envio = _envio(nota.id)
    assert envio.situacao == "concluido" and envio.nota_ja_existia
    assert envio.tray_invoice_id == sim.notas("1001")[0]["id"]
    assert len(_posts(sim, "1001")) == 1 and len(sim.notas("1001")) == 1 and len(sim.emails("1001")) == 1


def test_falha_passageira_espera_cada_vez_mais_e_desiste_no_limite(app, configurada, sim):
    app.config.update(RETORNO_TRAY_ESPERA_BASE_S=60, RETORNO_TRAY_TENTATIVAS=3)
    sim.falhar("500", prefixo="/orders/1001/invoices", metodo="POST", quantidade=10)
    nota, envio = _enviar(configurada, "1001", 204)
    espera = (envio.proxima_tentativa_em - agora()).total_seconds()
    assert envio.tentativas == 1 and 50 < espera <= 60

    assert services.processar_pendentes() == []  # ainda não venceu: nada vai à Tray
    assert len(_posts(sim, "1001")) == 1
    envio.proxima_tentativa_em = agora() - timedelta(seconds=1)
    db.session.commit()
    services.processar_pendentes()
    envio = _envio(nota.id)
    espera = (envio.proxima_tentativa_em - agora()).total_seconds()
    assert envio.tentativas == 2 and 110 < espera <= 120  # a espera dobrou

    services.processar_pendentes(agora_mesmo=True)
    envio = _envio(nota.id)
    assert envio.situacao == "falhou" and envio.proxima_tentativa_em is None
    assert envio.ultimo_erro == "A Tray não respondeu depois de 3 tentativas: Loja Tray indisponível (erro 500)"
    assert _posts(sim, "1001") == [500, 500, 500] and sim.notas("1001") == []

    # "Tentar de novo" depois que a loja voltou.
    sim.limpar_falhas()
    services.tentar_de_novo(envio.id)
    executar_pendentes()
    envio = _envio(nota.id)
    assert envio.situacao == "concluido" and len(sim.notas("1001")) == 1 and len(sim.emails("1001")) == 1


def test_recusa_da_tray_falha_com_motivo_e_as_outras_seguem(configurada, sim):
    ruim = venda_com_nota(configurada, "1001", 205, dv_errado=True)
    boa = venda_com_nota(configurada, "1002", 206)
    services.nota_autorizada(ruim)
    services.nota_autorizada(boa)
    db.session.commit()
    executar_pendentes()
    falhou, foi = _envio(ruim.id), _envio(boa.id)
    assert falhou.situacao == "falhou" and falhou.tentativas == 0
    assert falhou.ultimo_erro == ("A Tray recusou a nota fiscal do pedido 1001: key: dígito verificador da chave "
                                  "de acesso inválido")
    assert foi.situacao == "concluido" and len(sim.notas("1002")) == 1
    assert sim.notas("1001") == [] and sim.emails("1001") == [] and len(sim.emails("1002")) == 1


def test_pedido_inexistente_na_tray_falha(configurada, sim):
    _, envio = _enviar(configurada, "7777", 207)
    assert (envio.situacao, envio.ultimo_erro) == ("falhou", "O pedido 7777 não foi encontrado na loja Tray.")


def test_queda_entre_a_nota_e_o_status_retoma_so_o_status(app, configurada, sim):
    app.config.update(RETORNO_TRAY_ESPERA_BASE_S=60)
    sim.falhar("500", prefixo="/orders/1001", metodo="PUT", quantidade=1)  # o PUT de status não se repete sozinho
    nota, envio = _enviar(configurada, "1001", 208)
    assert envio.situacao == "nota_enviada" and envio.nota_na_tray and not envio.status_na_tray
    assert len(sim.notas("1001")) == 1 and sim.emails("1001") == []
    sim.limpar_requisicoes()

    resultados = services.processar_pendentes(agora_mesmo=True)
    assert [r.resultado for r in resultados] == ["enviado"]
    assert [(m, p) for m, p, _ in sim.chamadas() if m != "GET"] == [("PUT", "/orders/1001")]
    assert not [c for c in sim.chamadas("/orders/1001/invoices")]  # a nota não é nem conferida de novo
    assert _envio(nota.id).situacao == "concluido"
    assert len(sim.notas("1001")) == 1 and len(sim.emails("1001")) == 1


def test_trabalhador_morto_depois_de_escrever_retoma_sem_repetir(configurada, sim):
    """A nota e o status chegaram à Tray mas o trabalhador morreu antes de gravar: a reserva vence e a
    varredura confere na Tray em vez de repetir."""
    nota = venda_com_nota(configurada, "1002", 209)
    autorizar(nota)
    sim.pre_cadastrar_nota("1002", nota.chave, 209)
    with sim.estado.trava:
        sim.estado.pedidos["1002"]["_status_id"] = FATURADO_ID
        sim.estado.pedidos["1002"]["status"] = "NOTA FISCAL EMITIDA"
    envio = _envio(nota.id)
    envio.situacao, envio.reservado_em = "enviando", agora() - timedelta(minutes=5)
    db.session.commit()
    assert services.processar_pendentes() == []  # reserva recente: outro trabalhador pode estar nela
    envio = _envio(nota.id)
    envio.reservado_em = agora() - timedelta(hours=1)
    db.session.commit()
    assert [r.resultado for r in services.processar_pendentes()] == ["ja_enviado"]
    assert not [c for c in sim.chamadas() if c[0] in ("POST", "PUT")] and sim.emails() == []


def test_loja_sem_configuracao_fica_pendente_com_mensagem_ate_configurar(loja, sim):
    nota, envio = _enviar(loja, "1001", 210)
    assert envio.situacao == "pendente" and envio.tentativas == 0
    assert envio.ultimo_erro == ("A loja Loja Bela Casa ainda não tem o retorno à Tray configurado: escolha o "
                                 "status do pedido depois de faturado em Lojas Virtuais → Retorno à Tray.")
    assert sim.chamadas() == []

    services.salvar_configuracao(loja, ativo=True, alterar_status=True, status_nome="NOTA FISCAL EMITIDA")
    executar_pendentes()  # salvar a configuração solta a fila da loja
    assert _envio(nota.id).situacao == "concluido" and len(sim.emails("1001")) == 1


def test_status_que_sumiu_da_loja_e_loja_pausada_ficam_pendentes(configurada, sim):
    with sim.estado.trava:
        del sim.estado.status[FATURADO_ID]
    nota, envio = _enviar(configurada, "1001", 211)
    assert envio.situacao == "pendente" and envio.ultimo_erro == (
        "O status “NOTA FISCAL EMITIDA” não existe mais na loja Loja Bela Casa: escolha outro em Retorno à Tray.")
    assert sim.notas("1001") == []

    lojas.pausar(configurada, "Inventário")
    services.processar_pendentes(agora_mesmo=True)
    envio = _envio(nota.id)
    assert envio.situacao == "pendente" and "está pausada (Inventário)" in envio.ultimo_erro
    assert envio.tentativas == 0
