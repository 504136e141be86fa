"""`flask pedidos importar` e `flask vendas listar`."""
import json

from erp.extensions import db
from erp.vendas.models import Venda
from tests.vendas import dados
from tests.vendas.ajuda import conectar


def rodar(runner, *args):
    resultado = runner.invoke(args=list(args))
    return resultado


def test_importar_ids_json(runner, loja, sim):
    saida = rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--ids", "1001,1003,999999", "--json")
    assert saida.exit_code == 0, saida.output
    resultados = json.loads(saida.output)
    vendas = {v.pedido_tray_id: v.id for v in db.session.query(Venda)}
    assert resultados == [
        {"pedido_tray": "1001", "resultado": "importado", "venda": vendas["1001"], "motivo": None},
        {"pedido_tray": "1003", "resultado": "importado", "venda": vendas["1003"], "motivo": None},
        {"pedido_tray": "999999", "resultado": "falhou", "venda": None, "motivo": "Pedido não encontrado na Tray."},
    ]
    again = json.loads(rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--ids", "1001",
                             "--json").output)
    assert again == [{"pedido_tray": "1001", "resultado": "ja_importado", "venda": vendas["1001"],
                      "motivo": f"Já importado como venda nº {vendas['1001']}."}]


def test_importar_todos_com_status_desde_e_ignorados(app, runner, tray_sim_factory):
    cancelado = dados.cliente("30", "Quem Cancelou", cpf="39053344705")
    simulador = tray_sim_factory(dados.semente(
        clientes=[cancelado], pedidos=[("3005", cancelado, [dados.CHALEIRA], dados.CANCELADO, {})]))
    loja = conectar(app, simulador)
    loja.status_importaveis = ["A ENVIAR", "ENVIADO", "CANCELADO"]
    db.session.commit()
    saida = rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--todos", "--desde", "2026-11-18",
                  "--json")
    assert saida.exit_code == 0, saida.output
    resultados = {r["pedido_tray"]: r["resultado"] for r in json.loads(saida.output)}
    # 1004 é de 2026-11-17 (fora do --desde); 3005 está cancelado (nunca importado).
    assert resultados == {"3005": "ignorado", "1003": "importado", "1002": "importado", "1001": "importado"}
    saida = rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--todos", "--status", "A ENVIAR")
    assert saida.exit_code == 0
    assert "0 importado(s), 2 já importado(s), 0 ignorado(s), 0 com falha" in saida.output


def test_resumo_em_texto_com_motivos(runner, loja, sim):
    loja.status_importaveis = ["A ENVIAR"]
    db.session.commit()
    saida = rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--ids", "1001,1004")
    assert saida.exit_code == 0
    assert "1 importado(s), 0 já importado(s), 1 ignorado(s), 0 com falha" in saida.output
    assert "pedido 1004: ignorado — Status 'AGUARDANDO PAGAMENTO' não está entre os que esta loja importa." in \
        saida.output


def test_erros_de_uso(runner, loja):
    assert rodar(runner, "pedidos", "importar", "--loja", str(loja.id)).exit_code == 2
    assert rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--todos", "--ids", "1").exit_code == 2
    assert rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--ids", "a,b").exit_code == 2
    assert rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--todos", "--desde", "ontem").exit_code == 2
    saida = rodar(runner, "pedidos", "importar", "--loja", "9999", "--todos")
    assert saida.exit_code == 1 and "Loja virtual 9999 não encontrada" in saida.output


def test_vendas_listar_json(runner, loja, sim):
    rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--ids", "1001,1002,1003")
    venda = db.session.query(Venda).filter_by(pedido_tray_id="1002").one()
    venda.situacao = "faturado"
    db.session.commit()
    saida = rodar(runner, "vendas", "listar", "--json")
    assert saida.exit_code == 0, saida.output
    todas = json.loads(saida.output)
    assert [v["pedido_tray"] for v in todas] == ["1001", "1002", "1003"]
    assert todas[0] == {
        "id": todas[0]["id"], "pedido_tray": "1001", "loja": loja.id, "situacao": "pronto_para_faturar",
        "cliente": {"nome": "Carla Nogueira", "cpf_cnpj": "52998224725", "uf": "SP", "municipio_ibge": "3550308"},
        "itens": 1, "total_produtos": "259.80", "frete": "25.00", "desconto": "10.00", "outras_despesas": "0.00",
        "total": "274.80"}
    assert todas[1]["cliente"]["cpf_cnpj"] == "11222333000181" and todas[1]["outras_despesas"] == "42.45"
    faturadas = json.loads(rodar(runner, "vendas", "listar", "--situacao", "faturado", "--json").output)
    assert [v["pedido_tray"] for v in faturadas] == ["1002"]
    texto = rodar(runner, "vendas", "listar", "--situacao", "pronto_para_faturar").output
    assert "1001" in texto and "1003" in texto and "1002" not in texto
    assert rodar(runner, "vendas", "listar", "--situacao", "outra").exit_code == 2
