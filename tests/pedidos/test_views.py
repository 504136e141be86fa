"""Tela Importar Pedidos: lista da Tray, filtros, paginação, selos, origem e as importações."""
import re
from datetime import date, timedelta

from erp.extensions import db
from erp.pedidos import consultas_tray
from erp.pedidos.importacao import importar_lote
from erp.pedidos.models import ImportacaoPedido
from erp.tarefas.fila import executar_pendentes
from erp.tarefas.models import Tarefa
from erp.vendas.models import Venda
from tests.util import postar
from tests.pedidos import dados
from tests.pedidos.ajuda import conectar


def linhas(html: str) -> list[str]:
    return re.findall(r'<tr data-pedido="(\d+)"', html)


def url(loja, **params) -> str:
    consulta = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/lojas/{loja.id}/pedidos" + (f"?{consulta}" if consulta else "")


def test_pagina_de_lojas_leva_ao_importar_pedidos(logado, loja):
    html = logado.get("/pedidos/").get_data(as_text=True)
    assert "Loja Teste" in html and f"/lojas/{loja.id}/pedidos" in html


def test_lista_mais_novos_primeiro_com_colunas_e_origem(logado, loja, sim):
    resposta = logado.get(url(loja))
    html = resposta.get_data(as_text=True)
    assert resposta.status_code == 200
    assert linhas(html) == ["1004", "1003", "1002", "1001"]
    assert "4 pedido(s)" in html
    linha_ml = html.split('data-pedido="1003"')[1].split("</tr>")[0]
    assert "João Araújo" in linha_ml and "111.444.777-35" in linha_ml and "129,90" in linha_ml
    assert "ENVIADO" in linha_ml and "MERCADO LIVRE" in linha_ml and "Não integrado" in linha_ml
    linha_pj = html.split('data-pedido="1002"')[1].split("</tr>")[0]
    assert "Ferragens Paulista Ltda" in linha_pj and "11.222.333/0001-81" in linha_pj
    assert "Loja virtual" in linha_pj and "1.036,95" in linha_pj
    # Status da loja vêm da Tray para o filtro.
    assert '<option value="AGUARDANDO PAGAMENTO"' in html and '<option value="CANCELADO"' in html
    # Uma página da lista + status + uma página da lista de clientes (nada de um GET por cliente).
    caminhos = sim.caminhos()
    assert caminhos.count("/orders") == 1 and caminhos.count("/orders/statuses") == 1
    assert [c for c in caminhos if c.startswith("/customers")] == ["/customers"]


def test_lista_sem_um_get_de_cliente_por_pedido(app, logado, tray_sim_factory):
    """N+1: 40 pedidos de 40 clientes desconhecidos custam uma leitura da lista de clientes, não 40."""
    novos = [dados.cliente(str(100 + n), f"Cliente {n:02d}", cpf="52998224725") for n in range(40)]
    simulador = tray_sim_factory(dados.semente(
        clientes=novos, pedidos=[(str(3000 + n), c, [dados.CHALEIRA], dados.A_ENVIAR, {})
                                 for n, c in enumerate(novos)]))
    loja = conectar(app, simulador)
    simulador.estado.requisicoes.clear()
    html = logado.get(url(loja, limite=50)).get_data(as_text=True)
    assert len(linhas(html)) == 44 and "Cliente 39" in html and "Cliente 00" in html
    caminhos = [r["path"].removeprefix("/web_api") for r in simulador.estado.requisicoes]
    assert [c for c in caminhos if c.startswith("/customers")] == ["/customers"]
    # Depois de importar, o cadastro vem do banco: nenhuma leitura de cliente.
    importar_lote(loja, [str(3000 + n) for n in range(40)] + ["1001", "1002", "1003", "1004"])
    consultas_tray.limpar_cache()
    simulador.estado.requisicoes.clear()
    html = logado.get(url(loja, limite=50)).get_data(as_text=True)
    caminhos = [r["path"].removeprefix("/web_api") for r in simulador.estado.requisicoes]
    assert not [c for c in caminhos if c.startswith("/customers")] and len(linhas(html)) == 44


def test_selo_integrado_com_link_e_motivo_de_falha(app, logado, tray_sim_factory):
    cpf_ruim = dados.cliente("21", "CPF Errado", cpf="52998224724")
    simulador = tray_sim_factory(dados.semente(clientes=[cpf_ruim],
                                               pedidos=[("3002", cpf_ruim, [dados.CHALEIRA], dados.A_ENVIAR, {})]))
    loja = conectar(app, simulador)
    importar_lote(loja, ["1001", "3002"])
    venda = db.session.query(Venda).filter_by(pedido_tray_id="1001").one()
    html = logado.get(url(loja)).get_data(as_text=True)
    linha = html.split('data-pedido="1001"')[1].split("</tr>")[0]
    assert f'href="/vendas/{venda.id}"' in linha and "Integrado" in linha
    falha = html.split('data-pedido="3002"')[1].split("</tr>")[0]
    assert "Não integrado" in falha and "CPF 529.982.247-24 inválido" in falha
    assert "Corrija na Tray e importe de novo." in falha
    # Filtro de situação, resolvido no nosso banco.
    assert linhas(logado.get(url(loja, situacao="integrado")).get_data(as_text=True)) == ["1001"]
    assert linhas(logado.get(url(loja, situacao="nao_integrado")).get_data(as_text=True)) == [
        "3002", "1004", "1003", "1002"]


def test_filtros_enviados_a_tray(logado, loja, sim):
    assert linhas(logado.get(url(loja, status="A ENVIAR")).get_data(as_text=True)) == ["1002", "1001"]
    assert linhas(logado.get(url(loja, de="2026-11-18", ate="2026-11-19")).get_data(as_text=True)) == [
        "1003", "1002"]
    assert linhas(logado.get(url(loja, de="2026-11-19")).get_data(as_text=True)) == ["1002", "1001"]
    assert linhas(logado.get(url(loja, numero="1003")).get_data(as_text=True)) == ["1003"]
    consultas = [r["query"] for r in sim.requisicoes() if r["path"].endswith("/orders")]
    amanha = (date.today() + timedelta(days=1)).isoformat()  # sempre com o fim explícito
    assert [{k: c.get(k) for k in ("status", "date", "id", "sort")} for c in consultas] == [
        {"status": "A ENVIAR", "date": None, "id": None, "sort": "id_desc"},
        {"status": None, "date": "2026-11-18,2026-11-19", "id": None, "sort": "id_desc"},
        {"status": None, "date": f"2026-11-19,{amanha}", "id": None, "sort": "id_desc"},
        {"status": None, "date": None, "id": "1003", "sort": "id_desc"},
    ]


def test_filtro_por_cliente(logado, loja, sim):
    assert linhas(logado.get(url(loja, cliente="carla")).get_data(as_text=True)) == ["1004", "1001"]
    assert linhas(logado.get(url(loja, cliente="Ferragens")).get_data(as_text=True)) == ["1002"]
    assert linhas(logado.get(url(loja, cliente="111.444.777-35")).get_data(as_text=True)) == ["1003"]
    # CNPJ só com dígitos: vai à Tray pontuado, como ela o guarda.
    assert linhas(logado.get(url(loja, cliente="11222333000181")).get_data(as_text=True)) == ["1002"]
    buscas = [r["query"] for r in sim.requisicoes() if r["path"].endswith("/customers") and "cnpj" in r["query"]]
    assert [b["cnpj"] for b in buscas] == ["11.222.333/0001-81"]
    html = logado.get(url(loja, cliente="Ninguém Assim")).get_data(as_text=True)
    assert linhas(html) == [] and "Nenhum pedido encontrado" in html


def test_paginacao_da_tray(app, logado, tray_sim_factory):
    simulador = tray_sim_factory(dados.semente(pedidos_extras=21))
    loja = conectar(app, simulador)
    html = logado.get(url(loja, limite=10)).get_data(as_text=True)
    assert linhas(html) == [str(i) for i in range(2021, 2011, -1)]
    assert "25 pedido(s) · página 1 de 3" in html
    html = logado.get(url(loja, limite=10, pagina=3)).get_data(as_text=True)
    assert linhas(html) == ["2001", "1004", "1003", "1002", "1001"]
    assert sim_pagina(simulador) == {"page": "3", "limit": "10"}
    assert "página 3 de 3" in html
    assert 'id="paginacao"' in html and f'href="/lojas/{loja.id}/pedidos?pagina=2&amp;limite=10"' in html
    # Página além do fim: a última (a Tray devolveria uma página vazia).
    html = logado.get(url(loja, limite=10, pagina=9)).get_data(as_text=True)
    assert linhas(html) == ["2001", "1004", "1003", "1002", "1001"] and "página 3 de 3" in html
    html = logado.get(url(loja, limite=10, pagina=9, situacao="nao_integrado")).get_data(as_text=True)
    assert linhas(html) == ["2001", "1004", "1003", "1002", "1001"] and "página 3 de 3" in html
    # Página pedida acima do máximo da Tray fica em 50.
    html = logado.get(url(loja, limite=500)).get_data(as_text=True)
    assert len(linhas(html)) == 25 and "página 1 de 1" in html


def sim_pagina(simulador) -> dict:
    """page/limit da última consulta de pedidos que a Tray recebeu (paginação da própria Tray)."""
    ultima = [r for r in simulador.estado.requisicoes if r["path"].endswith("/orders")][-1]["query"]
    return {"page": ultima.get("page"), "limit": ultima.get("limit")}


def test_importar_selecionados_mostra_o_resultado_por_pedido(logado, loja, sim):
    resposta = postar(logado, f"/lojas/{loja.id}/pedidos/importar",
                      {"pedidos": ["1001", "1003"], "acao": "selecionados", "status": "A ENVIAR"}, pagina=url(loja))
    assert resposta.status_code == 302 and "status=A+ENVIAR" in resposta.location
    html = logado.get(resposta.location).get_data(as_text=True)
    assert 'id="resultado-importacao"' in html and "Pedido 1001" in html and "Pedido 1003" in html
    assert html.count("Importado") >= 2
    assert {v.pedido_tray_id for v in db.session.query(Venda)} == {"1001", "1003"}
    # De novo: já importado, sem duplicar.
    resposta = postar(logado, f"/lojas/{loja.id}/pedidos/importar", {"pedidos": ["1001"], "acao": "selecionados"},
                      pagina=url(loja))
    html = logado.get(resposta.location).get_data(as_text=True)
    assert "Já importado" in html and db.session.query(Venda).count() == 2


def test_importar_todos_do_filtro_pela_fila(logado, loja, sim):
    resposta = postar(logado, f"/lojas/{loja.id}/pedidos/importar", {"acao": "todos", "status": "A ENVIAR"},
                      pagina=url(loja))
    tarefa = db.session.query(Tarefa).one()
    assert f"tarefa={tarefa.id}" in resposta.location and tarefa.situacao == "pendente"
    assert executar_pendentes() >= 1
    db.session.expire_all()
    tarefa = db.session.get(Tarefa, tarefa.id)
    assert (tarefa.situacao, tarefa.total, tarefa.sucessos, tarefa.falhas) == ("concluida", 2, 2, 0)
    assert sorted(i.chave for i in tarefa.itens) == ["Pedido 1001", "Pedido 1002"]
    assert {v.pedido_tray_id for v in db.session.query(Venda)} == {"1001", "1002"}
    html = logado.get(resposta.location).get_data(as_text=True)
    assert "2 importado(s)" in html


def test_configuracao_da_importacao(logado, loja, sim):
    html = logado.get(f"/lojas/{loja.id}/pedidos/configuracao").get_data(as_text=True)
    assert "AGUARDANDO PAGAMENTO" in html and "FINALIZADO" in html
    pagina = f"/lojas/{loja.id}/pedidos/configuracao"
    resposta = postar(logado, pagina, {"status": ["A ENVIAR", "ENVIADO"], "importacao_automatica": "1",
                                       "juros_como": "itens", "sondagem_min": "10"}, pagina=pagina)
    assert resposta.status_code == 302
    db.session.refresh(loja)
    assert (loja.status_importaveis, loja.importacao_automatica, loja.juros_como, loja.sondagem_min) == (
        ["A ENVIAR", "ENVIADO"], True, "itens", 10)
    assert 'id="sondagem-min" value="10"' in logado.get(pagina).get_data(as_text=True)
    resposta = postar(logado, pagina, {"status": ["A ENVIAR"], "juros_como": "itens", "sondagem_min": "x"},
                      pagina=pagina)
    assert "0 (desligada) a 1440 minutos" in resposta.get_data(as_text=True)
    resposta = postar(logado, pagina, {"status": ["INVENTADO"], "juros_como": "itens"}, pagina=pagina)
    assert resposta.status_code == 200 and "Status que a loja não tem: INVENTADO" in resposta.get_data(as_text=True)
    db.session.refresh(loja)
    assert loja.status_importaveis == ["A ENVIAR", "ENVIADO"]


def test_tray_fora_do_ar_mostra_o_erro(logado, loja, sim):
    sim.falhar("500", quantidade=50)
    html = logado.get(url(loja)).get_data(as_text=True)
    assert 'id="erro-tray"' in html


def test_resultado_da_importacao_com_as_falhas_primeiro_e_o_que_fazer(logado, loja, sim):
    resposta = postar(logado, f"/lojas/{loja.id}/pedidos/importar",
                      {"pedidos": ["1001", "1004", "999999", "1003"], "acao": "selecionados"}, pagina=url(loja))
    html = logado.get(resposta.location).get_data(as_text=True)
    resultado = html.split('id="resultado-importacao"')[1].split("</table>")[0]
    assert re.findall(r'data-resultado="(\w+)"', resultado) == ["falhou", "ignorado", "importado", "importado"]
    contagem = resultado.split('id="contagem-importacao"')[1].split("</div>")[0]
    assert [re.sub(r"\s+", " ", t).strip() for t in re.findall(r'data-desfecho="\w+">([^<]+)<', contagem)] == [
        "2 importado(s)", "0 já importado(s)", "1 ignorado(s) — cancelados ou fora dos status importados",
        "1 com falha"]
    falha = resultado.split('data-resultado="falhou"')[1].split("</tr>")[0]
    assert "Pedido não encontrado na Tray." in falha and "Confira o número do pedido na Tray." in falha
    ignorado = resultado.split('data-resultado="ignorado"')[1].split("</tr>")[0]
    assert "aguardando pagamento" in ignorado and "marque-o em Configuração da importação" in ignorado


def test_pedidos_com_falha_na_ultima_importacao(app, logado, tray_sim_factory):
    cpf_ruim = dados.cliente("21", "CPF Errado", cpf="52998224724")
    simulador = tray_sim_factory(dados.semente(clientes=[cpf_ruim],
                                               pedidos=[("3002", cpf_ruim, [dados.CHALEIRA], dados.A_ENVIAR, {})]))
    loja = conectar(app, simulador, nome="Loja Bela Casa")
    importar_lote(loja, ["1001", "3002", "999999"])
    lojas = logado.get("/pedidos/").get_data(as_text=True)
    assert 'id="aviso-falhas"' in lojas and "2 pedido(s) com falha" in lojas and "2 com falha" in lojas
    assert 'href="/pedidos/?situacao=falhou"' in lojas
    html = logado.get("/pedidos/?situacao=falhou").get_data(as_text=True)
    assert sorted(linhas(html)) == ["3002", "999999"]  # a última tentativa falhou; o 1001 entrou
    linha = html.split('data-pedido="3002"')[1].split("</tr>")[0]
    assert "Loja Bela Casa" in linha and "CPF 529.982.247-24 inválido" in linha
    assert "Corrija na Tray e importe de novo." in linha
    assert f'href="/lojas/{loja.id}/pedidos?numero=3002"' in linha
    # Importar de novo daqui: leva à tela do pedido com o resultado.
    resposta = postar(logado, f"/lojas/{loja.id}/pedidos/importar",
                      {"pedidos": ["3002"], "numero": "3002", "acao": "selecionados"}, pagina="/pedidos/?situacao=falhou")
    assert resposta.status_code == 302 and "numero=3002" in resposta.location and "tarefa=" in resposta.location
    # Sem a tentativa que falhou, o pedido sai da lista.
    db.session.query(ImportacaoPedido).filter_by(pedido_tray_id="999999").delete()
    db.session.commit()
    assert linhas(logado.get("/pedidos/?situacao=falhou").get_data(as_text=True)) == ["3002"]


def test_configuracao_sem_escolha_marca_os_pagos(logado, loja, sim):
    html = logado.get(f"/lojas/{loja.id}/pedidos/configuracao").get_data(as_text=True)
    marcados = re.findall(r'name="status" value="([^"]+)" id="[^"]+" checked', html)
    assert marcados == ["A ENVIAR", "ENVIADO", "FINALIZADO"]
    assert "aguarda pagamento: fora do padrão" in html and 'id="status-padrao"' in html
