"""Comandos `flask lojas ...`."""
import json

from cryptography.fernet import Fernet
from sqlalchemy import text

from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from tests.util import porta_livre


def test_conectar_json_e_listar_json(runner, sim):
    resultado = runner.invoke(args=["lojas", "conectar", "--usuario", sim.store_id, "--site", sim.url_api,
                                    "--code", sim.code, "--nome", "Loja CLI", "--json"])
    assert resultado.exit_code == 0, resultado.output
    dados = json.loads(resultado.stdout)
    loja = db.session.get(LojaVirtual, dados["id"])
    assert dados == {"id": loja.id, "nome": "Loja CLI", "situacao": "conectada"}

    resultado = runner.invoke(args=["lojas", "listar", "--json"])
    assert resultado.exit_code == 0
    lista = json.loads(resultado.stdout)
    assert lista == [{"id": loja.id, "nome": "Loja CLI", "usuario": sim.store_id, "site": sim.url_api,
                      "situacao": "conectada",
                      "token_expira_em": loja.refresh_expira_em.isoformat(sep=" ", timespec="seconds")}]


def test_conectar_imprime_o_id(runner, sim):
    resultado = runner.invoke(args=["lojas", "conectar", "--usuario", sim.store_id, "--site", sim.url_api,
                                    "--code", sim.code])
    assert resultado.exit_code == 0
    assert resultado.stdout.strip() == str(db.session.query(LojaVirtual).one().id)


def test_conectar_com_erro_sai_com_1_e_mensagem(runner, sim):
    resultado = runner.invoke(args=["lojas", "conectar", "--usuario", sim.store_id, "--site", sim.url_api,
                                    "--code", "errado", "--json"])
    assert resultado.exit_code == 1 and resultado.stdout == ""
    assert "Code inválido ou já utilizado: gere um novo code no painel da Tray" in resultado.stderr
    site = f"http://127.0.0.1:{porta_livre()}/web_api"
    resultado = runner.invoke(args=["lojas", "conectar", "--usuario", "1", "--site", site, "--code", "x"])
    assert resultado.exit_code == 1 and f"Não foi possível acessar {site}" in resultado.stderr


def test_listar_tabela_testar_pausar_retomar(runner, loja, sim):
    resultado = runner.invoke(args=["lojas", "listar"])
    assert loja.nome in resultado.stdout and "Conectada" in resultado.stdout

    resultado = runner.invoke(args=["lojas", "testar", "--loja", str(loja.id)])
    assert resultado.exit_code == 0 and "funcionando" in resultado.stdout

    resultado = runner.invoke(args=["lojas", "pausar", "--loja", str(loja.id), "--motivo", "inventário"])
    assert resultado.exit_code == 0 and "Pausada: inventário" in resultado.stdout
    resultado = runner.invoke(args=["lojas", "testar", "--loja", str(loja.id)])
    assert resultado.exit_code == 1 and "pausada" in resultado.stderr

    resultado = runner.invoke(args=["lojas", "retomar", "--loja", str(loja.id)])
    assert resultado.exit_code == 0 and "Conectada" in resultado.stdout
    resultado = runner.invoke(args=["lojas", "testar", "--loja", "999"])
    assert resultado.exit_code == 1 and "loja 999 não encontrada" in resultado.stderr


def test_recifrar_troca_a_chave_dos_segredos(app, runner, loja, monkeypatch):
    token = loja.access_token
    nova = Fernet.generate_key().decode()
    monkeypatch.setitem(app.config, "ERP_CHAVE_SEGREDOS_NOVA", nova)
    resultado = runner.invoke(args=["lojas", "recifrar"])
    assert resultado.exit_code == 0, resultado.output
    assert "lojas_virtuais.access_token: 1" in resultado.stdout

    bruto = db.session.execute(text("SELECT access_token FROM lojas_virtuais WHERE id = :id"),
                               {"id": loja.id}).scalar()
    assert Fernet(nova.encode()).decrypt(bytes(bruto)).decode() == token
    app.config["ERP_CHAVE_SEGREDOS"] = nova
    db.session.expire_all()
    assert db.session.get(LojaVirtual, loja.id).access_token == token


def test_recifrar_sem_chave(runner, monkeypatch):
    monkeypatch.delenv("ERP_CHAVE_SEGREDOS_NOVA", raising=False)
    resultado = runner.invoke(args=["lojas", "recifrar"])
    assert resultado.exit_code == 1 and "ERP_CHAVE_SEGREDOS_NOVA" in resultado.stderr
