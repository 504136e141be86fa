"""DANFE em PDF da nota autorizada (e só dela)."""
import re
import shutil
import subprocess
import zlib

from erp.extensions import db
from erp.nfe.models import NotaFiscal
from tests.conftest import ARTEFATOS
from tests.nfe.apoio import assinar, transmitir
from tests.nfe.services import fabrica


def _texto_do_pdf(pdf: bytes) -> str:
    """O texto dos fluxos de conteúdo (o fpdf2 comprime com zlib e escreve strings literais).

    O fluxo vai de "stream" até "endstream" inteiro: o fim de linha antes de "endstream" pode faltar, e os bytes
    comprimidos podem terminar em \r; o descompressor para sozinho no fim do fluxo zlib."""
    partes = []
    for fluxo in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        descompressor = zlib.decompressobj()
        try:
            partes.append(descompressor.decompress(fluxo).decode("latin-1"))
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
