"""Saídas de texto dos comandos `nfe ...` (o JSON de cada um é conferido nos testes dos serviços)."""
import pytest

from erp.extensions import db
from erp.nfe.models import NotaFiscal
from tests.nfe.apoio import assinar, sandbox
from tests.nfe.services import fabrica


def test_transmitir_exige_uma_selecao(runner, empresa, sefaz_sim):
    saida = runner.invoke(args=["nfe", "transmitir"])
    assert saida.exit_code == 2 and "Use --pendentes ou --notas 1,2,3" in saida.output


def test_saidas_de_texto(runner, empresa, sefaz_sim, tmp_path):
    [nota] = assinar(runner, fabrica.venda())

    saida = runner.invoke(args=["nfe", "transmitir", "--notas", str(nota.id)])
    assert saida.exit_code == 0, saida.output
    assert "NF-e nº 1 (venda" in saida.output and "autorizada — Autorizado o uso da NF-e (protocolo 1352" in saida.output
    assert "1 NF-e autorizada(s), 0 não autorizada(s)." in saida.output

    saida = runner.invoke(args=["nfe", "consultar", "--nota", str(nota.id)])
    assert "NF-e nº 1: Autorizada — SEFAZ 100: Autorizado o uso da NF-e" in saida.output

    saida = runner.invoke(args=["nfe", "cce", "--nota", str(nota.id), "--correcao", "Volumes: 2 caixas de papelão"])
    assert saida.output.startswith("Carta de correção registrada na SEFAZ: protocolo 1352")

    saida = runner.invoke(args=["nfe", "cancelar", "--nota", str(nota.id), "--justificativa", "Pedido duplicado na loja"])
    assert saida.output.startswith("Cancelamento registrado na SEFAZ: protocolo 1352")
    db.session.expire_all()
    assert db.session.get(NotaFiscal, nota.id).situacao == "cancelada"

    saida = runner.invoke(args=["nfe", "danfe", "--nota", str(nota.id), "--saida", str(tmp_path / "d.pdf")])
    assert saida.exit_code == 0 and "DANFE gravado em" in saida.output  # a cancelada também tem DANFE (com a marca)

    saida = runner.invoke(args=["nfe", "inutilizar"])
    assert saida.output.strip() == "Nenhum número pendente de inutilização."


@pytest.mark.parametrize("cstat", [108, 109])
def test_status_do_servico(runner, empresa, sefaz_sim, cstat):
    saida = runner.invoke(args=["nfe", "status-servico"])
    assert saida.exit_code == 0 and "SEFAZ 107: Serviço em Operação" in saida.output
    assert f"Endereço: {sefaz_sim.url}/ws/nfestatusservico4.asmx" in saida.output
    sandbox(sefaz_sim, "falhas", "post", tipo="paralisado", cstat=cstat)

    saida = runner.invoke(args=["nfe", "status-servico"])

    assert saida.exit_code == 2 and f"SEFAZ {cstat}: Serviço Paralisado" in saida.output
