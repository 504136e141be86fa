"""NF-e autorizada → nota e status no pedido da Tray, uma vez só (simulador por HTTP de verdade)."""
import pytest

from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.retorno_tray import services
from erp.retorno_tray.models import EnvioTray
from erp.tarefas import fila
from erp.tarefas.fila import executar_pendentes
from tests.retorno_tray.apoio import FATURADO_ID, autorizar, venda_com_nota


def _envio(nota_id: int) -> EnvioTray:
    db.session.expire_all()
    return db.session.query(EnvioTray).filter_by(nota_id=nota_id).one()


def test_nota_autorizada_vai_ao_pedido_com_status_e_um_email(configurada, sim):
    nota = venda_com_nota(configurada, "1001", 101, valor="274.80", itens=[("501", None)])
    envio = autorizar(nota)
    assert envio.situacao == "pendente" and len(fila.huey) == 1  # enfileirado depois do commit

    assert executar_pendentes() == 1
    notas = sim.notas("1001")
    assert len(notas) == 1
    na_tray = notas[0]
    assert (na_tray["issue_date"], na_tray["number"], na_tray["serie"], na_tray["value"], na_tray["key"]) == (
        "2026-11-20", "101", "1", "274.80", nota.chave)
    assert na_tray["link"].startswith("https://hom.nfe.fazenda.gov.br/") and nota.chave in na_tray["link"]
    assert na_tray["xml_danfe"] == nota.xml_proc.decode()
    assert [(c["product_id"], c["variation_id"], c["cfop"]) for c in na_tray["ProductCfop"]] == [("501", "0", "5102")]
    pedido = sim.pedido("1001")
    assert pedido["has_invoice"] == "1"
    assert (pedido["_status_id"], pedido["status"]) == (FATURADO_ID, "NOTA FISCAL EMITIDA")
    emails = sim.emails("1001")
    assert [(e["status"], e["para"]) for e in emails] == [("NOTA FISCAL EMITIDA", "carla@example.com")]

    envio = _envio(nota.id)
    assert envio.situacao == "concluido" and envio.tentativas == 0 and envio.ultimo_erro is None
    assert envio.tray_invoice_id == na_tray["id"] and not envio.nota_ja_existia
    assert (envio.status_enviado, envio.status_tray_id) == ("NOTA FISCAL EMITIDA", FATURADO_ID)
    escritas = [(m, p) for m, p, _ in sim.chamadas() if m in ("POST", "PUT")]
    assert escritas == [("POST", "/orders/1001/invoices"), ("PUT", "/orders/1001")]


def test_repetir_nunca_posta_de_novo_nem_reenvia_o_status(configurada, sim):
    nota = venda_com_nota(configurada, "1001", 102)
    autorizar(nota)
    executar_pendentes()
    sim.limpar_requisicoes()

    # A emissão chamando de novo (reprocessamento), a varredura e o "enviar agora" não escrevem nada.
    assert autorizar(nota).situacao == "concluido"
    executar_pendentes()
    assert services.processar_pendentes() == []
    assert services.processar_pendentes(agora_mesmo=True) == []
    with pytest.raises(services.RetornoInvalido, match="já foi enviada"):
        services.tentar_de_novo(_envio(nota.id).id)
    assert sim.chamadas() == []
    assert len(sim.notas("1001")) == 1 and len(sim.emails("1001")) == 1
    assert db.session.query(EnvioTray).count() == 1


def test_so_enfileira_depois_do_commit_e_nada_se_a_transacao_volta(configurada, sim):
    nota = venda_com_nota(configurada, "1001", 103)
    services.nota_autorizada(nota)
    services.nota_autorizada(nota)  # duas vezes na mesma transação: uma linha
    assert len(fila.huey) == 0
    db.session.rollback()
    assert len(fila.huey) == 0 and db.session.query(EnvioTray).count() == 0

    nota = venda_com_nota(configurada, "1001", 103)
    autorizar(nota)
    assert len(fila.huey) == 1 and db.session.query(EnvioTray).count() == 1


def test_nota_ja_no_pedido_e_status_ja_aplicado_nao_sao_reenviados(configurada, sim):
    nota = venda_com_nota(configurada, "1002", 104)
    existente = sim.pre_cadastrar_nota("1002", nota.chave, 104)
    with sim.estado.trava:  # o lojista já mudou o status no painel
        sim.estado.pedidos["1002"]["_status_id"] = FATURADO_ID
        sim.estado.pedidos["1002"]["status"] = "NOTA FISCAL EMITIDA"
    autorizar(nota)
    resultados = services.processar_pendentes()
    assert [(r.pedido_tray, r.resultado) for r in resultados] == [("1002", "ja_enviado")]
    assert not [c for c in sim.chamadas() if c[0] in ("POST", "PUT")]
    assert ("GET", "/orders/1002/invoices", 200) in sim.chamadas()
    envio = _envio(nota.id)
    assert envio.situacao == "concluido" and envio.nota_ja_existia and envio.tray_invoice_id == existente["id"]
    assert sim.emails("1002") == [] and len(sim.notas("1002")) == 1


def test_chave_ja_cadastrada_no_pedido_conta_como_enviada(configurada, sim):
    nota = venda_com_nota(configurada, "1001", 105)
    sim.pre_cadastrar_nota("1001", nota.chave, 105)
    with sim.estado.trava:  # has_invoice desatualizado: só o 400 da Tray revela a nota
        sim.estado.pedidos["1001"]["has_invoice"] = "0"
    autorizar(nota)
    executar_pendentes()
    envio = _envio(nota.id)
    assert envio.situacao == "concluido" and envio.nota_ja_existia
    assert [s for m, p, s in sim.chamadas("/orders/1001/invoices") if m == "POST"] == [400]
    assert len(sim.notas("1001")) == 1 and len(sim.emails("1001")) == 1


def test_chave_cadastrada_em_outro_pedido_falha_com_motivo(configurada, sim):
    nota = venda_com_nota(configurada, "1001", 106)
    sim.pre_cadastrar_nota("1004", nota.chave, 106)
    autorizar(nota)
    executar_pendentes()
    envio = _envio(nota.id)
    assert envio.situacao == "falhou"
    assert envio.ultimo_erro == (f"A chave {nota.chave} já está cadastrada no pedido 1004 da Tray, não no "
                                 "pedido 1001: confira os pedidos na loja.")
    assert sim.notas("1001") == [] and sim.emails() == []


def test_sem_status_configurado_envia_so_a_nota(loja, sim):
    services.salvar_configuracao(loja, ativo=True, alterar_status=False, status_nome="")
    nota = venda_com_nota(loja, "1001", 107)
    autorizar(nota)
    executar_pendentes()
    envio = _envio(nota.id)
    assert envio.situacao == "concluido" and envio.status_enviado is None
    assert len(sim.notas("1001")) == 1 and sim.emails() == []
    assert not [c for c in sim.chamadas() if c[0] == "PUT"]


def test_loja_com_retorno_desligado_ou_outra_plataforma_nao_gera_envio(loja, sim):
    services.salvar_configuracao(loja, ativo=False, alterar_status=True, status_nome="")
    assert autorizar(venda_com_nota(loja, "1001", 108)) is None
    outra = LojaVirtual(nome="Outra", plataforma="outra", usuario="x", site="http://x")
    db.session.add(outra)
    db.session.flush()
    assert autorizar(venda_com_nota(outra, "9", 109)) is None
    assert db.session.query(EnvioTray).count() == 0 and len(fila.huey) == 0


def test_nota_nao_autorizada_e_recusada_pela_emissao(configurada):
    nota = venda_com_nota(configurada, "1001", 110, situacao="em_processamento")
    with pytest.raises(ValueError, match="não está autorizada"):
        services.nota_autorizada(nota)


def test_nota_cancelada_antes_do_envio_nao_vai(configurada, sim):
    nota = venda_com_nota(configurada, "1001", 111)
    autorizar(nota)
    nota.situacao = "cancelada"
    db.session.commit()
    executar_pendentes()
    envio = _envio(nota.id)
    assert envio.situacao == "falhou" and "não está mais autorizada (cancelada)" in envio.ultimo_erro
    assert sim.notas("1001") == []


def test_sinal_da_autorizacao_registra_e_o_envio_sai_so_depois_do_commit(configurada, sim):
    """A autorização envia `nota_autorizada` dentro da sua transação: a linha nasce nela (num savepoint do
    ouvinte) e a tarefa sai só com o commit de quem autorizou."""
    from erp.nfe.sinais import nota_autorizada

    nota = venda_com_nota(configurada, "1001", 112)
    nota_autorizada.send(nota)
    services.nota_autorizada(nota)  # o sinal e uma chamada direta na mesma transação: uma linha, uma tarefa
    assert len(fila.huey) == 0  # liberar o savepoint não é o commit
    db.session.commit()
    assert len(fila.huey) == 1 and db.session.query(EnvioTray).count() == 1
    executar_pendentes()
    assert _envio(nota.id).situacao == "concluido" and len(sim.emails("1001")) == 1

    # O registro falha: a autorização segue (o erro fica no log), sem linha e sem tarefa.
    outra = venda_com_nota(configurada, "1002", 113)
    outra.chave = None
    nota_autorizada.send(outra)
    db.session.commit()
    assert len(fila.huey) == 0
    assert db.session.query(EnvioTray).filter_by(nota_id=outra.id).count() == 0
    assert sim.notas("1002") == []

    # Transação de quem autorizou desfeita: nada fica, nada sai.
    terceira = venda_com_nota(configurada, "1003", 114)
    chave = terceira.chave
    nota_autorizada.send(terceira)
    db.session.rollback()
    assert len(fila.huey) == 0 and db.session.query(EnvioTray).filter_by(chave=chave).count() == 0


# -- o retorno só leva o pedido para a frente -------------------------------------------------------------------
def test_pedido_ja_enviado_mantem_o_status_e_recebe_a_nota(configurada, sim, logado):
    """1003 está ENVIADO na Tray: a nota vai, o status não volta para NOTA FISCAL EMITIDA, nenhum e-mail."""
    nota = venda_com_nota(configurada, "1003", 121)
    autorizar(nota)
    executar_pendentes()
    envio = _envio(nota.id)
    assert envio.situacao == "concluido" and envio.status_mantido == "ENVIADO" and envio.status_enviado is None
    assert len(sim.notas("1003")) == 1 and sim.pedido("1003")["status"] == "ENVIADO"
    assert [(m, p) for m, p, _ in sim.chamadas() if m in ("POST", "PUT")] == [("POST", "/orders/1003/invoices")]
    assert sim.emails("1003") == []
    pagina = logado.get("/retorno-tray/").get_data(as_text=True)
    assert "pedido já estava em ENVIADO na Tray: status mantido" in pagina
    assert services.envio_como_dict(envio)["status_mantido"] == "ENVIADO"
    sim.limpar_requisicoes()
    assert services.processar_pendentes(agora_mesmo=True) == [] and sim.chamadas() == []


@pytest.mark.parametrize("status_id,nome,tipo", [
    ("6", "FINALIZADO", None), ("9", "CANCELADO", None),
    ("41", "ARQUIVADO NA LOJA", "closed"),           # nome qualquer, tipo que encerra o pedido
    ("42", "Pedido Entregue ao cliente", "open"),    # tipo aberto, nome que já passou do faturado
])
def test_status_posterior_ou_final_nao_e_trocado(configurada, sim, status_id, nome, tipo):
    if tipo is not None:
        with sim.estado.trava:
            sim.estado.status[status_id] = {**sim.estado.status["6"], "id": status_id, "status": nome, "type": tipo}
    with sim.estado.trava:
        sim.estado.pedidos["1001"]["_status_id"] = status_id
        sim.estado.pedidos["1001"]["status"] = nome
    nota = venda_com_nota(configurada, "1001", 122)
    autorizar(nota)
    executar_pendentes()
    envio = _envio(nota.id)
    assert (envio.situacao, envio.status_mantido) == ("concluido", nome)
    assert sim.pedido("1001")["_status_id"] == status_id and len(sim.notas("1001")) == 1
    assert not [c for c in sim.chamadas() if c[0] == "PUT"] and sim.emails("1001") == []


def test_status_anterior_continua_indo_para_a_frente(configurada, sim):
    with sim.estado.trava:
        sim.estado.pedidos["1001"]["_status_id"] = "1"
        sim.estado.pedidos["1001"]["status"] = "AGUARDANDO PAGAMENTO"
    nota = venda_com_nota(configurada, "1001", 123)
    autorizar(nota)
    executar_pendentes()
    envio = _envio(nota.id)
    assert envio.status_enviado == "NOTA FISCAL EMITIDA" and envio.status_mantido is None
    assert sim.pedido("1001")["status"] == "NOTA FISCAL EMITIDA"


@pytest.mark.parametrize("nome,tipo,posterior", [
    ("ENVIADO", "open", True), ("Enviada", "", True), ("FINALIZADO", "closed", True), ("CANCELADO", "", True),
    ("Cancelada pelo cliente", "canceled", True), ("ENTREGUE", "", True), ("Concluído", "", True),
    ("A ENVIAR", "open", False), ("AGUARDANDO ENVIO", "open", False), ("AGUARDANDO PAGAMENTO", "open", False),
    ("NOTA FISCAL EMITIDA", "open", False), ("EM SEPARAÇÃO", "", False),
])
def test_tabela_de_status_posteriores(nome, tipo, posterior):
    from erp.retorno_tray.envio import status_posterior

    assert status_posterior(nome, tipo) is posterior
