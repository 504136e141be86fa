"""XSD construídos um de cada vez: com duas threads construindo esquemas no mesmo instante o libxml2 falha
("Document is not valid XML Schema") ou derruba o processo; um trabalhador da fila com duas threads descartava
assim a NF-e recém-numerada."""
import re
import threading
import time
from pathlib import Path

from lxml import etree

from erp.comum import esquemas
from erp.nfe.fiscal.xsd import caminho_xsd_nfe
from tests.util import em_paralelo

RAIZ = Path(__file__).resolve().parents[2]


def test_construcoes_simultaneas_esperam_a_vez(monkeypatch):
    dentro, maximo, trava = 0, 0, threading.Lock()

    def construir_devagar(_arvore):
        nonlocal dentro, maximo
        with trava:
            dentro += 1
            maximo = max(maximo, dentro)
        time.sleep(0.02)
        with trava:
            dentro -= 1
        return "esquema"

    monkeypatch.setattr(esquemas.etree, "XMLSchema", construir_devagar)
    barreira = threading.Barrier(6)
    resultados = []

    def construir():
        barreira.wait()
        resultados.append(esquemas.carregar_esquema(caminho_xsd_nfe()))

    em_paralelo([construir] * 6)
    assert resultados == ["esquema"] * 6
    assert maximo == 1


def test_esquema_de_verdade_em_varias_threads_valida():
    """Oito threads carregando o XSD da NF-e ao mesmo tempo: todas recebem um esquema que funciona."""
    barreira = threading.Barrier(8)
    erros = []

    def carregar():
        barreira.wait()
        try:
            esquema = esquemas.carregar_esquema(caminho_xsd_nfe())
            assert not esquema.validate(etree.fromstring(b'<NFe xmlns="http://www.portalfiscal.inf.br/nfe"/>'))
        except Exception as erro:  # noqa: BLE001
            erros.append(erro)

    em_paralelo([carregar] * 8)
    assert erros == []


def test_todo_xsd_do_projeto_passa_pela_trava():
    diretas = [str(arquivo.relative_to(RAIZ)) for arquivo in (RAIZ / "erp").rglob("*.py")
               if arquivo.name != "esquemas.py" or arquivo.parent.name != "comum"
               if re.search(r"\bXMLSchema\(", arquivo.read_text(encoding="utf-8"))]
    assert diretas == []
