"""`flask pedidos importar`."""
import json

from erp.extensions import db
from erp.vendas.models import Venda
from tests.pedidos import dados
from tests.pedidos.ajuda import conectar


def rodar(runner, *args):
    resultado = runner.invoke(args=list(args))
    return resultado


def test_importar_ids_json(runner, loja, sim):
    saida = rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--ids", "1001,1003,999999", "--json")
    assert saida.exit_code == 0, saida.output
    resultados = json.loads(saida.output)
    vendas = {v.pedido_tray_id: v.id for v in db.session.query(Venda)}
    assert resultados == [
        {"pedido_tray": "1001", "resultado": "importado", "venda": vendas["1001"], "motivo": None, "acao": None},
        {"pedido_tray": "1003", "resultado": "importado", "venda": vendas["1003"], "motivo": None, "acao": None},
        {"pedido_tray": "999999", "resultado": "falhou", "venda": None, "motivo": "Pedido não encontrado na Tray.",
         "acao": "Confira o número do pedido na Tray."},
    ]
    again = json.loads(rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--ids", "1001",
                             "--json").output)
    assert again == [{"pedido_tray": "1001", "resultado": "ja_importado", "venda": vendas["1001"],
                      "motivo": f"Já importado como venda nº {vendas['1001']}.", "acao": None}]


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
    assert ("pedido 1004: ignorado — Status 'AGUARDANDO PAGAMENTO' não está entre os que esta loja importa. Para "
            "importar pedidos neste status, marque-o em Configuração da importação.") in saida.output


def test_falhas_primeiro_com_o_que_fazer(runner, loja, sim):
    saida = rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--ids", "1004,999999,1001")
    assert saida.exit_code == 0
    linhas = saida.output.splitlines()
    assert linhas[0].endswith("1 importado(s), 0 já importado(s), 1 ignorado(s), 1 com falha.")
    assert linhas[1] == "  pedido 999999: falhou — Pedido não encontrado na Tray. Confira o número do pedido na Tray."
    assert linhas[2].startswith("  pedido 1004: ignorado — Pedido aguardando pagamento (AGUARDANDO PAGAMENTO)")


def test_erros_de_uso(runner, loja):
    assert rodar(runner, "pedidos", "importar", "--loja", str(loja.id)).exit_code == 2
    assert rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--todos", "--ids", "1").exit_code == 2
    assert rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--ids", "a,b").exit_code == 2
    assert rodar(runner, "pedidos", "importar", "--loja", str(loja.id), "--todos", "--desde", "ontem").exit_code == 2
    saida = rodar(runner, "pedidos", "importar", "--loja", "9999", "--todos")
    assert saida.exit_code == 1 and "Loja virtual 9999 não encontrada" in saida.output
