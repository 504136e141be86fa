"""Envio do estoque com vários trabalhadores: uma reserva por linha (compara e troca), um envio por item e
janela, nada perdido quando uma venda chega durante o envio, linhas apagadas no meio do caminho puladas; e só o
estoque definido no ERP vai à loja (a importação de pedidos num catálogo vazio não escreve nada)."""
import re
import threading
import time
from datetime import timedelta

import pytest
import requests
from sqlalchemy import delete

from erp.comum.modelos import agora
from erp.extensions import db
from erp.produtos import estoque
from erp.produtos.exportacao.exportar import exportar_produto
from erp.produtos.models import EstoquePendente, Produto, Variacao
from erp.produtos.sincronizacao import sincronizar_pendentes
from erp.tarefas import fila


def _exportado(loja, fazer_produto, ref, quantidade="12"):
    produto = fazer_produto(ref, estoque=quantidade)
    resultado = exportar_produto(loja, produto)
    assert resultado.sucesso, resultado
    return produto, resultado.produto_tray


def _lento(sim, atraso_s: float, quantidade: int = 2) -> None:
    requests.post(f"{sim.base}/_sandbox/falhas", json={"tipo": "lento", "quantidade": quantidade,
                                                       "prefixo": "/products", "metodo": "PUT",
                                                       "atraso_s": atraso_s}, timeout=5).raise_for_status()


def _em_thread(app, funcao, barreira=None):
    """Roda `funcao` num trabalhador à parte (contexto e sessão próprios); devolve (thread, resultado)."""
    resultado = {}

    def rodar():
        with app.app_context():
            try:
                if barreira is not None:
                    barreira.wait(5)
                resultado["valor"] = funcao()
            except Exception as erro:  # noqa: BLE001 — o teste confere
                resultado["erro"] = erro
            finally:
                db.session.remove()

    thread = threading.Thread(target=rodar)
    thread.start()
    return thread, resultado


def _puts(sim) -> list[str]:
    return [caminho for metodo, caminho, _ in sim.chamadas("PUT")]


def _vencer_tudo() -> None:
    db.session.query(EstoquePendente).update({"proxima_tentativa_em": agora() - timedelta(seconds=1)})
    db.session.commit()


def test_dois_trabalhadores_ao_mesmo_tempo_um_put_por_item(app, loja, sim, fazer_produto):
    itens = [_exportado(loja, fazer_produto, f"DUO-{n}") for n in range(3)]
    for produto, _ in itens:
        estoque.definir_estoque(produto, None, 5, "ajuste")
    db.session.commit()
    _vencer_tudo()
    sim.limpar_log()
    _lento(sim, 0.5, quantidade=6)
    barreira = threading.Barrier(2)
    trabalhadores = [_em_thread(app, sincronizar_pendentes, barreira) for _ in range(2)]
    for thread, _ in trabalhadores:
        thread.join(30)
    assert [r.get("erro") for _, r in trabalhadores] == [None, None]
    assert sorted(_puts(sim)) == sorted(f"/products/{tray}" for _, tray in itens)  # nenhum PUT dobrado
    assert sum(r["valor"]["enviados"] for _, r in trabalhadores) == 3
    assert db.session.query(EstoquePendente).count() == 0
    assert all(sim.produto(tray)["stock"] == "5" for _, tray in itens)


def test_venda_durante_o_envio_nao_se_perde_e_espera_a_janela(app, loja, sim, fazer_produto):
    produto, tray = _exportado(loja, fazer_produto, "JAN")
    estoque.definir_estoque(produto, None, 10, "ajuste")
    db.session.commit()
    _vencer_tudo()
    app.config["ESTOQUE_ATRASO_S"] = 60  # a janela: um envio por item a cada minuto
    sim.limpar_log()
    _lento(sim, 0.8, quantidade=1)
    thread, resultado = _em_thread(app, sincronizar_pendentes)
    time.sleep(0.3)  # o trabalhador já reservou a linha e está no PUT (lento) com o estoque 10
    assert sincronizar_pendentes()["enviados"] == 0  # um segundo trabalhador não pega a linha reservada
    for _ in range(4):  # vendas chegando durante o envio
        estoque.movimentar(db.session.get(Produto, produto.id), None, -1, "venda", "teste")
        db.session.commit()
    thread.join(30)
    assert resultado.get("erro") is None and resultado["valor"]["enviados"] == 1
    assert _puts(sim) == [f"/products/{tray}"] and sim.produto(tray)["stock"] == "10"

    linha = db.session.query(EstoquePendente).one()  # a venda não se perdeu: a linha ficou
    assert linha.proxima_tentativa_em > agora() + timedelta(seconds=50)
    assert sincronizar_pendentes()["enviados"] == 0 and len(_puts(sim)) == 1  # nada antes da janela
    _vencer_tudo()
    assert sincronizar_pendentes()["enviados"] == 1
    assert _puts(sim) == [f"/products/{tray}"] * 2 and sim.produto(tray)["stock"] == "6"
    assert db.session.query(EstoquePendente).count() == 0


def test_linha_apagada_durante_o_envio_e_pulada_sem_erro(app, loja, sim, fazer_produto, caplog):
    primeiro, tray1 = _exportado(loja, fazer_produto, "APG-1")
    segundo, _ = _exportado(loja, fazer_produto, "APG-2")
    estoque.definir_estoque(primeiro, None, 3, "ajuste")
    estoque.definir_estoque(segundo, None, 4, "ajuste")
    db.session.commit()
    _vencer_tudo()
    sim.limpar_log()
    _lento(sim, 0.8, quantidade=1)
    thread, resultado = _em_thread(app, sincronizar_pendentes)
    time.sleep(0.3)  # o trabalhador está no PUT do primeiro, com as duas linhas lidas
    db.session.query(EstoquePendente).filter_by(produto_id=segundo.id).delete()  # outro processo a apagou
    db.session.commit()
    thread.join(30)
    assert resultado.get("erro") is None, repr(resultado.get("erro"))
    assert resultado["valor"]["enviados"] == 1 and _puts(sim) == [f"/products/{tray1}"]
    assert "ObjectDeletedError" not in caplog.text


def test_produto_excluido_com_linha_pendente(app, loja, sim, fazer_produto):
    produto, _ = _exportado(loja, fazer_produto, "EXC")
    estoque.definir_estoque(produto, None, 2, "ajuste")
    db.session.commit()
    db.session.execute(delete(Produto).where(Produto.id == produto.id))  # ON DELETE CASCADE leva vínculo e linha
    db.session.commit()
    db.session.expire_all()
    _vencer_tudo()
    sim.limpar_log()
    assert sincronizar_pendentes()["adiados"] == 0 and _puts(sim) == []


# -- só o estoque definido no ERP vai à loja ----------------------------------------------------------------
@pytest.fixture
def importados(app, loja, sim):
    """Pedidos da semente importados num catálogo vazio: os produtos nascem da importação."""
    from erp.pedidos.importacao import importar_lote

    sim.limpar_log()
    resultados = importar_lote(loja, ["1001", "1002", "1003"], "manual")
    assert sum(r.resultado == "importado" for r in resultados) >= 2, resultados
    assert db.session.query(Produto).filter(Produto.referencia.in_(["CHA-2L", "PAN-45"])).count() == 2
    return resultados


def test_importar_pedidos_num_catalogo_vazio_nao_escreve_estoque_na_loja(app, loja, sim, importados):
    chaleira = db.session.query(Produto).filter_by(referencia="CHA-2L").one()
    pano = db.session.query(Variacao).filter_by(referencia="PANO-AZUL").one()
    assert chaleira.estoque < 0 and pano.estoque < 0  # as vendas baixaram o número do ERP
    assert not estoque.estoque_definido_no_erp(chaleira) and not estoque.estoque_definido_no_erp(pano.produto, pano)
    assert db.session.query(EstoquePendente).count() == 0
    fila.executar_pendentes()
    sincronizar_pendentes()
    assert [c for c in sim.chamadas() if c[0] in ("PUT", "POST", "DELETE")] == []  # nenhuma escrita na loja
    assert sim.produto("501")["stock"] == "12" and sim.variacao("880")["stock"] == "4"


def test_estoque_definido_depois_da_importacao_passa_a_ir(runner, app, loja, sim, importados):
    saida = runner.invoke(args=["produtos", "estoque", "--referencia", "CHA-2L", "--quantidade", "9"])
    assert saida.exit_code == 0, saida.output
    chaleira = db.session.query(Produto).filter_by(referencia="CHA-2L").one()
    assert estoque.estoque_definido_no_erp(chaleira)
    sim.limpar_log()
    fila.executar_pendentes()
    assert _puts(sim) == ["/products/501"] and sim.produto("501")["stock"] == "9"
    estoque.movimentar(chaleira, None, -2, "venda", "outra venda")  # daqui em diante, as vendas também vão
    db.session.commit()
    fila.executar_pendentes()
    assert sim.produto("501")["stock"] == "7"


def test_editar_o_produto_importado_sem_mexer_no_estoque_nao_o_define(app, logado, loja, sim, importados):
    from tests.util import postar

    chaleira = db.session.query(Produto).filter_by(referencia="CHA-2L").one()
    tela = logado.get(f"/produtos/{chaleira.id}").get_data(as_text=True)
    assert 'id="estoque-nao-definido"' in tela and re.search(r'name="estoque"[^>]*value=""', tela)
    # Completar o cadastro (ex.: a descrição) com o campo de estoque como a tela o traz: vazio.
    resposta = postar(logado, f"/produtos/{chaleira.id}", {
        "referencia": "CHA-2L", "nome": chaleira.nome, "preco": "129,90", "ncm": "73239300", "origem": "0",
        "unidade": "UN", "estoque": "", "ativo": "1", "descricao": "Inox"}, pagina=f"/produtos/{chaleira.id}")
    assert resposta.status_code == 302
    db.session.expire_all()
    assert not db.session.get(Produto, chaleira.id).estoque_definido
    assert db.session.query(EstoquePendente).count() == 0

    # Informar um número (mesmo o que as vendas deixaram) é definir o estoque: daí em diante ele vai à loja.
    atual = db.session.get(Produto, chaleira.id).estoque
    postar(logado, f"/produtos/{chaleira.id}", {
        "referencia": "CHA-2L", "nome": chaleira.nome, "preco": "129,90", "ncm": "73239300", "origem": "0",
        "unidade": "UN", "estoque": str(atual), "ativo": "1"}, pagina=f"/produtos/{chaleira.id}")
    db.session.expire_all()
    assert db.session.get(Produto, chaleira.id).estoque_definido
    assert db.session.query(EstoquePendente).count() == 1


def test_exportar_produto_importado_nao_manda_o_estoque(app, loja, sim, importados):
    chaleira = db.session.query(Produto).filter_by(referencia="CHA-2L").one()
    chaleira.descricao = "<p>Inox</p>"
    db.session.commit()
    sim.limpar_log()
    resultado = exportar_produto(loja, chaleira)
    assert resultado.sucesso and resultado.produto_tray == "501"
    assert sim.produto("501")["description"] == "<p>Inox</p>" and sim.produto("501")["stock"] == "12"
    assert db.session.query(EstoquePendente).count() == 0


def test_planilha_com_o_mesmo_estoque_define(app, loja, sim, importados):
    from erp.produtos.planilha import importar_planilha

    chaleira = db.session.query(Produto).filter_by(referencia="CHA-2L").one()
    atual = chaleira.estoque
    resultado = importar_planilha(f"referencia,estoque\nCHA-2L,{atual}\n")
    assert resultado.erros == [] and resultado.atualizados == 1
    db.session.expire_all()
    assert db.session.get(Produto, chaleira.id).estoque_definido
    assert db.session.query(EstoquePendente).count() == 1
