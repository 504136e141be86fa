"""Dois processos importando os mesmos pedidos ao mesmo tempo: uma venda por pedido, sempre."""
import json
import os
import subprocess
import sys
from pathlib import Path

from erp.extensions import db
from erp.vendas.models import Venda
from tests.pedidos import dados
from tests.pedidos.ajuda import conectar

RAIZ = Path(__file__).resolve().parents[2]


def _ambiente(app, pasta: Path) -> dict:
    ambiente = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "WERKZEUG_"))}
    ambiente.update(
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        ERP_CHAVE_SEGREDOS=app.config["ERP_CHAVE_SEGREDOS"],
        ERP_INSTANCIA=str(pasta),
        HUEY_ARQUIVO=app.config["HUEY_ARQUIVO"],
        PYTHONPATH=str(RAIZ),
    )
    return ambiente


def test_dois_processos_importando_os_mesmos_pedidos(app, tray_sim_factory, tmp_path):
    simulador = tray_sim_factory(dados.semente(pedidos_extras=24))
    loja = conectar(app, simulador)
    loja_id = loja.id
    db.session.commit()
    db.session.remove()
    flask = str(Path(sys.executable).with_name("flask"))
    comando = [flask, "--app", "wsgi", "pedidos", "importar", "--loja", str(loja_id), "--todos", "--json"]
    processos = [subprocess.Popen(comando, cwd=RAIZ, env=_ambiente(app, tmp_path), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
    saidas = []
    for processo in processos:
        saida, erro = processo.communicate(timeout=240)
        assert processo.returncode == 0, erro[-3000:]
        saidas.append(json.loads(saida.strip().splitlines()[-1]))

    todos = {str(p) for p in [1001, 1002, 1003, 1004] + list(range(2001, 2025))}
    # Os que aguardam pagamento ficam fora da importação padrão (só os pagos), nos dois processos.
    aguardando = [{r["pedido_tray"] for r in saida if r["resultado"] == "ignorado"} for saida in saidas]
    assert aguardando[0] == aguardando[1] and "1004" in aguardando[0]
    assert all("aguardando pagamento" in r["motivo"] for r in saidas[0] if r["resultado"] == "ignorado")
    pedidos = todos - aguardando[0]
    for saida in saidas:
        assert {r["pedido_tray"] for r in saida} == todos
        assert all(r["resultado"] in ("importado", "ja_importado") for r in saida if r["pedido_tray"] in pedidos), saida
    # Cada pedido foi importado por exatamente um dos processos; o outro viu "já importado" da mesma venda.
    for pedido in pedidos:
        resultados = [next(r for r in saida if r["pedido_tray"] == pedido) for saida in saidas]
        assert sorted(r["resultado"] for r in resultados) == ["importado", "ja_importado"], resultados
        assert resultados[0]["venda"] == resultados[1]["venda"]
    vendas = db.session.query(Venda).filter_by(loja_id=loja_id).all()
    assert sorted(v.pedido_tray_id for v in vendas) == sorted(pedidos)
