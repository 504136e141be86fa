"""`flask retorno enviar`, `flask retorno listar` e `flask retorno tentar`."""
import json

from erp.extensions import db
from erp.retorno_tray import services
from erp.retorno_tray.models import EnvioTray
from tests.retorno_tray.apoio import venda_com_nota


def _rodar(runner, *args):
    resultado = runner.invoke(args=list(args))
    assert resultado.exit_code == 0, resultado.output
    return resultado.output


def test_enviar_json_com_cada_resultado(runner, loja, sim):
    notas = {pedido: venda_com_nota(loja, pedido, numero, dv_errado=pedido == "1003")
             for pedido, numero in (("1001", 401), ("1002", 402), ("1003", 403))}
    sim.pre_cadastrar_nota("1002", notas["1002"].chave, 402)
    for nota in notas.values():
        services.nota_autorizada(nota)
    db.session.commit()
    ids = {p: (n.id, n.venda_id, n.chave) for p, n in notas.items()}

    # Loja ainda sem configuração: tudo pendente, com o motivo.
    saida = json.loads(_rodar(runner, "retorno", "enviar", "--json"))
    assert {(r["pedido_tray"], r["resultado"]) for r in saida} == {("1001", "pendente"), ("1002", "pendente"),
                                                                   ("1003", "pendente")}
    assert all("ainda não tem o retorno à Tray configurado" in r["motivo"] for r in saida)
    assert sim.chamadas() == []

    services.salvar_configuracao(loja, ativo=True, alterar_status=False, status_nome="")
    saida = json.loads(_rodar(runner, "retorno", "enviar", "--json"))
    por_pedido = {r["pedido_tray"]: r for r in saida}
    assert {p: r["resultado"] for p, r in por_pedido.items()} == {
        "1001": "enviado", "1002": "ja_enviado", "1003": "falhou"}
    nota_id, venda_id, chave = ids["1001"]
    assert por_pedido["1001"] == {"envio": por_pedido["1001"]["envio"], "nota": nota_id, "numero": 401,
                                  "venda": venda_id, "pedido_tray": "1001", "chave": chave,
                                  "resultado": "enviado", "motivo": None}
    assert por_pedido["1003"]["motivo"].startswith("A Tray recusou a nota fiscal do pedido 1003: key:")
    assert json.loads(_rodar(runner, "retorno", "enviar", "--json")) == []  # nada mais pendente

    listados = json.loads(_rodar(runner, "retorno", "listar", "--json"))
    assert {(e["pedido_tray"], e["situacao"]) for e in listados} == {
        ("1001", "concluido"), ("1002", "concluido"), ("1003", "falhou")}
    falhas = json.loads(_rodar(runner, "retorno", "listar", "--situacao", "falhou", "--json"))
    assert [e["pedido_tray"] for e in falhas] == ["1003"]

    texto = _rodar(runner, "retorno", "listar")
    assert "NF-e 403 · pedido 1003 · Falhou — A Tray recusou a nota fiscal" in texto
    assert "Envio" in _rodar(runner, "retorno", "tentar", str(falhas[0]["envio"]))
    db.session.expire_all()
    assert db.session.get(EnvioTray, falhas[0]["envio"]).situacao == "pendente"


def test_enviar_em_texto(runner, loja, sim):
    services.salvar_configuracao(loja, ativo=True, alterar_status=True, status_nome="NOTA FISCAL EMITIDA")
    services.nota_autorizada(venda_com_nota(loja, "1001", 410))
    db.session.commit()
    texto = _rodar(runner, "retorno", "enviar")
    assert "NF-e 410 · pedido 1001: enviado" in texto
    assert "1 enviada(s), 0 já estavam na Tray, 0 pendente(s), 0 com falha." in texto
    resultado = runner.invoke(args=["retorno", "tentar", "999"])
    assert resultado.exit_code != 0 and "Envio não encontrado." in resultado.output


def test_lojas_configurar_mostra_e_muda_todos_os_ajustes_da_loja(runner, loja, sim):
    from erp.lojas_virtuais.models import LojaVirtual

    saida = json.loads(_rodar(runner, "lojas", "configurar", "--loja", str(loja.id), "--json"))
    assert saida["loja"]["id"] == loja.id
    assert saida["importacao"] == {"importacao_automatica": False, "status_importaveis": [],
                                   "juros_como": "outras_despesas", "sondagem_min": 0, "sondagem_em": None}
    assert saida["retorno"] == {"configurado": False, "ativo": False, "alterar_status": False, "status": ""}
    assert sim.chamadas() == []  # só mostrar não fala com a Tray

    saida = json.loads(_rodar(runner, "lojas", "configurar", "--loja", str(loja.id), "--importacao-automatica",
                              "sim", "--status-importaveis", "A ENVIAR, ENVIADO", "--sondagem-min", "15",
                              "--retorno", "sim", "--retorno-status", "ENVIADO", "--json"))
    assert saida["importacao"]["importacao_automatica"] is True
    assert saida["importacao"]["status_importaveis"] == ["A ENVIAR", "ENVIADO"]
    assert saida["importacao"]["sondagem_min"] == 15
    assert saida["retorno"] == {"configurado": True, "ativo": True, "alterar_status": True, "status": "ENVIADO"}
    db.session.expire_all()
    gravada = db.session.get(LojaVirtual, loja.id)
    assert (gravada.sondagem_min, gravada.importacao_automatica) == (15, True)
    assert services.configuracao_da_loja(loja.id).status_nome == "ENVIADO"

    # Só o que foi pedido muda; 0 desliga a sondagem.
    saida = json.loads(_rodar(runner, "lojas", "configurar", "--loja", str(loja.id), "--sondagem-min", "0",
                              "--retorno", "nao", "--json"))
    assert saida["importacao"]["sondagem_min"] == 0 and saida["importacao"]["importacao_automatica"] is True
    assert saida["retorno"]["ativo"] is False and saida["retorno"]["status"] == "ENVIADO"
    texto = _rodar(runner, "lojas", "configurar", "--loja", str(loja.id))
    assert "sondagem: desligada" in texto and "retorno à Tray: desligado" in texto


def test_lojas_configurar_recusa_status_que_a_loja_nao_tem(runner, loja, sim):
    resultado = runner.invoke(args=["lojas", "configurar", "--loja", str(loja.id), "--status-importaveis",
                                    "INVENTADO"])
    assert resultado.exit_code == 1 and "Status que a loja não tem: INVENTADO" in resultado.output
    resultado = runner.invoke(args=["lojas", "configurar", "--loja", str(loja.id), "--retorno-status", "NADA"])
    assert resultado.exit_code == 1 and "não existe na loja" in resultado.output
    resultado = runner.invoke(args=["lojas", "configurar", "--loja", str(loja.id), "--sondagem-min", "-5"])
    assert resultado.exit_code == 1 and "0 (desligada)" in resultado.output
    resultado = runner.invoke(args=["lojas", "configurar", "--loja", "999"])
    assert resultado.exit_code == 1 and "não encontrada" in resultado.output
