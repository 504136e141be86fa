"""Dois trabalhadores ao mesmo tempo: cada nota vai à Tray uma vez (reserva por UPDATE atômico)."""
import threading

from erp.extensions import db
from erp.retorno_tray import services
from erp.retorno_tray.models import EnvioTray
from tests.retorno_tray.apoio import venda_com_nota

PEDIDOS = ["1001", "1002", "1003", "2001", "2002"]


def test_dois_trabalhadores_enviam_cada_nota_uma_vez(app, configurada, sim):
    notas = [venda_com_nota(configurada, pedido, 300 + n) for n, pedido in enumerate(PEDIDOS)]
    for nota in notas:
        services.nota_autorizada(nota)
    db.session.commit()
    # GETs lentos: os dois trabalhadores ficam com envios em andamento ao mesmo tempo.
    sim.falhar("lento", prefixo="/orders", metodo="GET", quantidade=200, atraso_s=0.15)

    largada = threading.Barrier(2)
    saidas, erros = {}, []

    def trabalhador(nome: str) -> None:
        try:
            with app.app_context():
                largada.wait()
                saidas[nome] = services.processar_pendentes()
                db.session.remove()
        except Exception as erro:  # noqa: BLE001
            erros.append(erro)

    threads = [threading.Thread(target=trabalhador, args=(nome,)) for nome in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not erros, erros

    processados = [r.pedido_tray for saida in saidas.values() for r in saida]
    assert sorted(processados) == sorted(PEDIDOS)  # cada envio por exatamente um dos dois
    assert all(saidas.values()), "os dois trabalhadores deveriam ter pego envios"
    assert all(r.resultado == "enviado" for saida in saidas.values() for r in saida)
    for pedido in PEDIDOS:
        assert len(sim.notas(pedido)) == 1
        # 1003 já está ENVIADO na Tray: o retorno não o faz voltar (status mantido, nenhum e-mail).
        assert len(sim.emails(pedido)) == (0 if pedido == "1003" else 1)
    posts = [s for m, p, s in sim.chamadas() if m == "POST"]
    assert posts == [201] * len(PEDIDOS)
    db.session.expire_all()
    assert {e.situacao for e in db.session.query(EnvioTray)} == {"concluido"}
