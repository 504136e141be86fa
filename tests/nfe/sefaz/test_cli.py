"""Saídas de texto dos comandos e o comando do simulador."""
import socket

from erp.extensions import db
from erp.nfe.models import NotaFiscal
from tests.nfe.services import fabrica
from tests.nfe.sefaz.conftest import assinar


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


def test_sandbox_sefaz_em_porta_ocupada(runner):
    with socket.socket() as ocupado:
        ocupado.bind(("127.0.0.1", 0))
        ocupado.listen()
        saida = runner.invoke(args=["sandbox", "sefaz", "--porta", str(ocupado.getsockname()[1])])
    assert saida.exit_code == 1 and "Não foi possível abrir a porta" in saida.output
    ajuda = runner.invoke(args=["sandbox", "sefaz", "--help"])
    assert "--consultas-em-processamento" in ajuda.output and "SEFAZ simulada" in ajuda.output
