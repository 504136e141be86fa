"""Rastreio do envio → pedido da Tray (sending_code, sending_date, tracking_url), pela fila, uma vez só."""
import json
from datetime import date

from freezegun import freeze_time

from erp.extensions import db
from erp.retorno_tray import rastreio
from erp.retorno_tray.models import RastreioTray
from erp.tarefas.fila import executar_pendentes
from erp.vendas.models import Venda
from tests.retorno_tray.apoio import venda_com_nota
from tests.util import csrf_de


def _venda(loja, pedido="1001") -> Venda:
    nota = venda_com_nota(loja, pedido, 300 + int(pedido) % 100)
    db.session.commit()
    return nota.venda


def test_rastreio_vai_ao_pedido_uma_vez(loja, sim):
    venda = _venda(loja)
    resultado = rastreio.registrar(venda.id, " BR123456789BR ", "https://rastreio.example/BR123456789BR",
                                   date(2026, 11, 21))
    assert (resultado.resultado, resultado.situacao) == ("registrado", "pendente")
    assert sim.chamadas() == []  # nada antes do commit e da fila
    assert executar_pendentes() == 1

    pedido = sim.pedido("1001")
    assert (pedido["sending_code"], pedido["sending_date"], pedido["tracking_url"]) == (
        "BR123456789BR", "2026-11-21", "https://rastreio.example/BR123456789BR")
    assert sim.emails("1001") == []  # sem status: nenhum e-mail ao comprador
    db.session.expire_all()
    linha = db.session.query(RastreioTray).one()
    assert linha.situacao == "concluido" and linha.enviado_em is not None
    assert (venda.rastreio_codigo, venda.rastreio_data) == ("BR123456789BR", date(2026, 11, 21))

    # O mesmo código de novo (tela, planilha ou linha de comando) não manda outra vez.
    sim.limpar_requisicoes()
    assert rastreio.registrar(venda.id, "BR123456789BR").resultado == "ja_registrado"
    executar_pendentes()
    assert rastreio.processar_pendentes(agora_mesmo=True) == []
    assert sim.chamadas() == [] and db.session.query(RastreioTray).count() == 1


def test_data_de_envio_padrao_e_o_dia_de_brasilia(loja, sim):
    venda = _venda(loja)
    with freeze_time("2026-12-05 01:30:00"):  # 22:30 de 04/12 em Brasília
        rastreio.registrar(venda.id, "BR123456789BR")
    db.session.expire_all()
    assert db.session.get(Venda, venda.id).rastreio_data == date(2026, 12, 4)
    assert db.session.query(RastreioTray).one().data_envio == date(2026, 12, 4)


def test_codigo_corrigido_vai_de_novo(loja, sim):
    venda = _venda(loja)
    rastreio.registrar(venda.id, "AA111111111BR")
    rastreio.registrar(venda.id, "AA222222222BR")
    assert executar_pendentes() == 2
    assert sim.pedido("1001")["sending_code"] == "AA222222222BR"
    assert [(m, p) for m, p, _ in sim.chamadas()] == [("PUT", "/orders/1001"), ("PUT", "/orders/1001")]


def test_falha_passageira_tenta_de_novo_e_recusa_para_em_falhou(loja, sim, app):
    app.config.update(RETORNO_TRAY_ESPERA_BASE_S=0)
    venda = _venda(loja)
    sim.falhar("500", "/web_api/orders/1001", "PUT", quantidade=10)
    rastreio.registrar(venda.id, "BR000000001BR")
    linha_id = db.session.query(RastreioTray.id).scalar()
    resultado = rastreio.enviar(linha_id)
    assert resultado.resultado == "pendente" and "tentativa 1" in resultado.motivo
    sim.limpar_falhas()
    assert rastreio.processar_pendentes(agora_mesmo=True)[0].resultado == "enviado"
    assert sim.pedido("1001")["sending_code"] == "BR000000001BR"

    # A Tray recusa (pedido que não existe na loja): para em "falhou" com o motivo, sem novas tentativas.
    outra = _venda(loja, "7777")
    rastreio.registrar(outra.id, "X1", data_envio=date(2026, 11, 22))
    falhou = rastreio.processar_pendentes(agora_mesmo=True)
    assert [r.resultado for r in falhou] == ["falhou"] and falhou[0].motivo
    linha = db.session.query(RastreioTray).filter_by(codigo="X1").one()
    assert linha.situacao == "falhou" and linha.ultimo_erro
    assert rastreio.processar_pendentes(agora_mesmo=True) == []
    assert rastreio.tentar_de_novo(linha.id).situacao == "pendente"


def test_planilha_e_linha_de_comando(loja, sim, app, tmp_path):
    venda = _venda(loja)
    outra = _venda(loja, "1002")
    planilha = tmp_path / "rastreios.csv"
    planilha.write_text("pedido;codigo;url;data\n1001;QQ1;https://r.example/QQ1;21/11/2026\n"
                        "9999;QQ9;;\n" f"{outra.pedido_tray_id};QQ2;;2026-11-23\n", encoding="utf-8")
    saida = app.test_cli_runner().invoke(args=["vendas", "rastreio-planilha", str(planilha), "--json"])
    assert saida.exit_code == 0, saida.output
    linhas = json.loads(saida.output)
    assert [(r["codigo"], r["resultado"]) for r in linhas] == [("QQ1", "registrado"), ("QQ9", "falhou"),
                                                                 ("QQ2", "registrado")]
    assert "linha 3" in linhas[1]["motivo"]
    executar_pendentes()
    assert (sim.pedido("1001")["sending_code"], sim.pedido("1001")["sending_date"]) == ("QQ1", "2026-11-21")
    assert sim.pedido("1002")["sending_date"] == "2026-11-23"

    saida = app.test_cli_runner().invoke(args=["vendas", "rastreio", "--venda", str(venda.id), "--codigo", "QQ1",
                                               "--json"])
    assert saida.exit_code == 0 and json.loads(saida.output)[0]["resultado"] == "ja_registrado"
    saida = app.test_cli_runner().invoke(args=["vendas", "rastreio", "--venda", "999", "--codigo", "Z", "--json"])
    assert saida.exit_code == 0 and json.loads(saida.output)[0]["resultado"] == "falhou"


def test_tela_da_venda_informa_o_rastreio(loja, sim, app, logado):
    cliente_logado = logado
    venda = _venda(loja)
    pagina = cliente_logado.get(f"/vendas/{venda.id}")
    assert b'id="form-rastreio"' in pagina.data
    token = csrf_de(pagina)
    resposta = cliente_logado.post(f"/vendas/{venda.id}/rastreio", data={
        "csrf_token": token, "codigo": "TELA1", "url": "ftp://x", "data": ""}, follow_redirects=True)
    assert "deve começar com https://" in resposta.get_data(as_text=True)
    resposta = cliente_logado.post(f"/vendas/{venda.id}/rastreio", data={
        "csrf_token": token, "codigo": "TELA1", "url": "https://r.example/TELA1", "data": "21/11/2026"},
        follow_redirects=True)
    texto = resposta.get_data(as_text=True)
    assert "Rastreio TELA1 registrado" in texto and "21/11/2026" in texto
    executar_pendentes()
    assert sim.pedido("1001")["tracking_url"] == "https://r.example/TELA1"
    assert "Na Tray" in cliente_logado.get(f"/vendas/{venda.id}").get_data(as_text=True)


def test_loja_pausada_espera_sem_gastar_tentativa(loja, sim):
    from erp.lojas_virtuais import services as lojas

    venda = _venda(loja)
    lojas.pausar(loja, "férias coletivas")
    rastreio.registrar(venda.id, "PZ1")
    (resultado,) = rastreio.processar_pendentes(agora_mesmo=True)
    assert resultado.resultado == "pendente" and "pausada" in resultado.motivo
    linha = db.session.query(RastreioTray).one()
    assert (linha.situacao, linha.tentativas) == ("pendente", 0) and linha.proxima_tentativa_em is not None
    assert rastreio.processar_pendentes() == []  # espera a vez
    assert sim.chamadas() == []
    lojas.retomar(loja)
    assert rastreio.processar_pendentes(agora_mesmo=True)[0].resultado == "enviado"
    assert sim.pedido("1001")["sending_code"] == "PZ1"
