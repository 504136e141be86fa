"""`flask vendas listar`."""
import json

from erp.extensions import db
from erp.vendas.models import Venda


def rodar(runner, *args):
    resultado = runner.invoke(args=list(args))
    return resultado


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
        "total": "274.80", "rastreio": {"codigo": None, "url": None, "data": None}, "cancelado_na_tray": None}
    assert todas[1]["cliente"]["cpf_cnpj"] == "11222333000181" and todas[1]["outras_despesas"] == "42.45"
    faturadas = json.loads(rodar(runner, "vendas", "listar", "--situacao", "faturado", "--json").output)
    assert [v["pedido_tray"] for v in faturadas] == ["1002"]
    texto = rodar(runner, "vendas", "listar", "--situacao", "pronto_para_faturar").output
    assert "1001" in texto and "1003" in texto and "1002" not in texto
    assert rodar(runner, "vendas", "listar", "--situacao", "outra").exit_code == 2
