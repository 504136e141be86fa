"""`flask nfe exportar` e a escolha de vendas de `nfe gerar --pendentes`."""
from erp.extensions import db
from erp.nfe.models import NotaFiscal
from tests.nfe.apoio import gerar_json, gerar_vendas
from tests.nfe.services import fabrica


def test_exportar_grava_o_xml_atual_de_cada_nota(runner, empresa, tmp_path):
    a, b = gerar_vendas(runner, fabrica.venda(), fabrica.venda())
    autorizada = db.session.query(NotaFiscal).filter_by(chave=b["chave"]).one()
    autorizada.situacao = "autorizada"
    autorizada.xml_proc = b"<nfeProc>" + autorizada.xml + b"<protNFe/></nfeProc>"
    db.session.commit()

    saida = runner.invoke(args=["nfe", "exportar", "--destino", str(tmp_path / "xml")])

    assert saida.exit_code == 0, saida.output
    assert "2 XML gravado(s)" in saida.output
    arquivos = sorted(p.name for p in (tmp_path / "xml").iterdir())
    assert arquivos == sorted([f"{a['chave']}.xml", f"{b['chave']}.xml"])
    assert (tmp_path / "xml" / f"{a['chave']}.xml").read_bytes() == (
        db.session.query(NotaFiscal).filter_by(chave=a["chave"]).one().xml)
    assert (tmp_path / "xml" / f"{b['chave']}.xml").read_bytes().startswith(b"<nfeProc>")


def test_exportar_ignora_notas_sem_xml_valido(runner, empresa, tmp_path, monkeypatch):
    from erp.nfe.fiscal import emitir
    from erp.nfe.fiscal.erros import SchemaInvalido

    def quebrado(*args, **kwargs):
        raise SchemaInvalido(["erro"])

    monkeypatch.setattr(emitir, "gerar_nfe", quebrado)
    gerar_vendas(runner, fabrica.venda())
    saida = runner.invoke(args=["nfe", "exportar", "--destino", str(tmp_path)])
    assert "0 XML gravado(s)" in saida.output
    assert list(tmp_path.iterdir()) == []


def test_pendentes_so_pega_vendas_prontas_e_sem_nota(runner, empresa):
    pronta = fabrica.venda()
    fabrica.venda(situacao="faturado")
    fabrica.venda(situacao="cancelado")

    primeira = gerar_json(runner, "--pendentes")
    segunda = gerar_json(runner, "--pendentes")

    assert [r["venda"] for r in primeira] == [pronta.id]
    assert segunda == []


def test_venda_que_ja_tem_nota_nao_ganha_outra(runner, empresa):
    venda = fabrica.venda()
    [primeira] = gerar_vendas(runner, venda)
    [segunda] = gerar_vendas(runner, venda)
    assert segunda["resultado"] == "falhou"
    assert f"já tem a NF-e nº {primeira['numero']}" in segunda["motivo"]
    assert segunda["numero"] == primeira["numero"]
    assert db.session.query(NotaFiscal).filter_by(venda_id=venda.id).count() == 1


def test_vendas_inexistentes_ou_ja_faturadas_falham_com_motivo(runner, empresa):
    faturada = fabrica.venda(situacao="faturado")
    falha_faturada, falha_inexistente = gerar_json(runner, "--vendas", f"{faturada.id},9999")
    assert "está faturado" in falha_faturada["motivo"]
    assert falha_inexistente == {"venda": 9999, "pedido_tray": None, "resultado": "falhou", "numero": None,
                                 "serie": None, "chave": None, "motivo": "Venda 9999 não encontrada."}


def test_resumo_sem_json(runner, empresa):
    ok = fabrica.venda()
    ruim = fabrica.venda(itens=[(fabrica.produto(nome="Sem NCM", ncm=None), "1", "5.00")])
    saida = runner.invoke(args=["nfe", "gerar", "--vendas", f"{ok.id},{ruim.id}"])
    assert saida.exit_code == 0
    assert f"Venda {ok.id}: NF-e nº 1 série 1 assinada" in saida.output
    assert f"Venda {ruim.id}: falhou" in saida.output and "NCM" in saida.output
    assert "1 NF-e assinada(s), 1 com falha." in saida.output


def test_gerar_exige_pendentes_ou_vendas(runner, empresa):
    assert runner.invoke(args=["nfe", "gerar"]).exit_code == 2
    assert runner.invoke(args=["nfe", "gerar", "--vendas", "a,b"]).exit_code == 2


def test_filtro_de_datas_da_emissao_pelo_dia_de_brasilia(app):
    """A venda das 22:30 de 04/12 (01:30 de 05/12 em UTC) está em "até 04/12" e fora de "de 05/12"."""
    from datetime import date, datetime

    from erp.nfe.services.notas import FiltrosEmissao, ids_do_filtro

    noite, madrugada = fabrica.venda(), fabrica.venda()
    noite.data_pedido = datetime(2026, 12, 5, 1, 30)
    madrugada.data_pedido = datetime(2026, 12, 5, 3, 0)  # 00:00 de 05/12
    db.session.commit()
    assert ids_do_filtro(FiltrosEmissao(de=date(2026, 12, 4), ate=date(2026, 12, 4))) == [noite.id]
    assert ids_do_filtro(FiltrosEmissao(de=date(2026, 12, 5), ate=date(2026, 12, 5))) == [madrugada.id]
