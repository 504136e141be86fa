"""DANFE em PDF da nota autorizada e inutilização dos números que ficaram sem NF-e."""
import re
import shutil
import subprocess
import zlib

import pytest

from erp.extensions import db
from erp.nfe.models import NotaFiscal, NumeroInutilizar
from erp.nfe.models import InutilizacaoNFe
from erp.nfe.services import estados
from tests.conftest import ARTEFATOS
from tests.nfe.services import fabrica
from tests.nfe.sefaz import xmls
from tests.nfe.sefaz.conftest import assinar, cli_json, sandbox, transmitir


def _texto_do_pdf(pdf: bytes) -> str:
    """O texto dos fluxos de conteúdo (o fpdf2 comprime com zlib e escreve strings literais)."""
    partes = []
    for fluxo in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            partes.append(zlib.decompress(fluxo).decode("latin-1"))
        except zlib.error:
            partes.append(fluxo.decode("latin-1"))
    return "".join(re.findall(r"\((.*?)(?<!\\)\)", "".join(partes)))


def test_danfe_da_nota_autorizada(runner, empresa, sefaz_sim, tmp_path):
    [nota] = assinar(runner, fabrica.venda())
    transmitir(runner, nota)
    saida = tmp_path / "danfe.pdf"

    resultado = runner.invoke(args=["nfe", "danfe", "--nota", str(nota.id), "--saida", str(saida)])

    assert resultado.exit_code == 0, resultado.output
    pdf = saida.read_bytes()
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-64:]
    texto = _texto_do_pdf(pdf).replace(" ", "")
    assert nota.chave in texto
    assert "SEMVALORFISCAL" in texto  # homologação
    db.session.expire_all()
    assert db.session.get(NotaFiscal, nota.id).protocolo in texto
    if shutil.which("pdftoppm"):  # imagem da primeira página para conferir o leiaute (artefatos/)
        ARTEFATOS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(saida), str(ARTEFATOS / "danfe")],
                       check=True, timeout=60)
        assert (ARTEFATOS / "danfe.png").stat().st_size > 10_000


def test_danfe_so_existe_para_nota_autorizada(runner, empresa, sefaz_sim, tmp_path):
    [nota] = assinar(runner, fabrica.venda())

    resultado = runner.invoke(args=["nfe", "danfe", "--nota", str(nota.id), "--saida", str(tmp_path / "x.pdf")])

    assert resultado.exit_code == 1
    assert "o DANFE só existe para nota autorizada pela SEFAZ" in resultado.output


def test_inutiliza_o_numero_de_nota_descartada(runner, empresa, sefaz_sim):
    notas = assinar(runner, fabrica.venda(), fabrica.venda(), fabrica.venda())
    for nota in notas[:2]:
        estados.descartar(nota, "Venda cancelada antes da transmissão.")
    db.session.commit()
    transmitir(runner, notas[2])

    resultados = cli_json(runner, "nfe", "inutilizar")

    assert len(resultados) == 1  # 1 e 2 são seguidos: um pedido para a faixa
    [faixa] = resultados
    assert (faixa["serie"], faixa["inicio"], faixa["fim"], faixa["resultado"], faixa["cstat"]) == (1, 1, 2, "inutilizada",
                                                                                                     102)
    db.session.expire_all()
    assert [db.session.get(NotaFiscal, n.id).situacao for n in notas] == ["inutilizada", "inutilizada", "autorizada"]
    assert {p.situacao for p in db.session.query(NumeroInutilizar)} == {"inutilizado"}
    registro = db.session.query(InutilizacaoNFe).one()
    assert registro.protocolo == faixa["protocolo"] and b"procInutNFe" in registro.xml_retorno
    inutilizados = sandbox(sefaz_sim, "inutilizados")["inutilizados"]
    assert sorted(i["numero"] for i in inutilizados) == [1, 2]
    assert cli_json(runner, "nfe", "inutilizar") == []


def test_nota_rejeitada_tem_o_numero_inutilizado(runner, empresa, sefaz_sim):
    [nota] = assinar(runner, fabrica.venda())
    nota.xml = xmls.reassinar(nota.xml, fabrica.pfx("11222333000181"))
    db.session.commit()
    assert transmitir(runner, nota)[0]["resultado"] == "rejeitada"

    [faixa] = cli_json(runner, "nfe", "inutilizar")

    assert (faixa["inicio"], faixa["resultado"]) == (1, "inutilizada")
    db.session.expire_all()
    nota = db.session.get(NotaFiscal, nota.id)
    assert nota.situacao == "inutilizada"
    assert "213" in " ".join(e.mensagem or "" for e in nota.eventos)  # a rejeição fica no histórico


def test_faixa_com_numero_usado_e_separada_por_numero(runner, empresa, sefaz_sim):
    notas = assinar(runner, fabrica.venda(), fabrica.venda())
    transmitir(runner, notas[1])  # o nº 2 foi autorizado
    estados.descartar(notas[0], "teste")
    db.session.add(NumeroInutilizar(ambiente="homologacao", serie=1, numero=2, motivo="marcado por engano"))
    db.session.commit()

    resultados = cli_json(runner, "nfe", "inutilizar")

    # a faixa 1–2 é recusada (241) e cada número vai sozinho: o 1 é inutilizado, o 2 não
    assert [(r["inicio"], r["fim"], r["resultado"], r["cstat"]) for r in resultados] == [
        (1, 1, "inutilizada", 102), (2, 2, "rejeitada", 241)]
    assert "Um número da faixa já foi utilizado" in resultados[1]["motivo"]


@pytest.mark.parametrize("cstat", [108, 109])
def test_status_do_servico(runner, empresa, sefaz_sim, cstat):
    saida = runner.invoke(args=["nfe", "status-servico"])
    assert saida.exit_code == 0 and "SEFAZ 107: Serviço em Operação" in saida.output
    assert f"Endereço: {sefaz_sim.url}/ws/nfestatusservico4.asmx" in saida.output
    sandbox(sefaz_sim, "falhas", "post", tipo="paralisado", cstat=cstat)

    saida = runner.invoke(args=["nfe", "status-servico"])

    assert saida.exit_code == 2 and f"SEFAZ {cstat}: Serviço Paralisado" in saida.output
