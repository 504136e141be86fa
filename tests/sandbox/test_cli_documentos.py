"""Comando `flask sandbox tray` e funções puras de documentos e de leitura de formulários."""
import json
import socket
import subprocess
import sys
import time

import requests
from click.testing import CliRunner

from erp.sandbox.cli import sandbox_cli
from erp.sandbox.tray import semente_minima
from erp.sandbox.tray.corpo import formulario_aninhado
from erp.sandbox.tray.documentos import cnpj_valido, cpf_valido, dv_chave, gtin_valido, motivo_chave_invalida


def _porta_livre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_sobe_o_simulador_e_mostra_credenciais(tmp_path):
    semente = tmp_path / "semente.json"
    semente.write_text(json.dumps(semente_minima()), encoding="utf-8")
    porta = _porta_livre()
    codigo = ("from erp.sandbox.cli import sandbox_cli; "
              f"sandbox_cli(['tray', '--porta', '{porta}', '--dados', r'{semente}', '--limite-minuto', '3'])")
    processo = subprocess.Popen([sys.executable, "-c", codigo], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                text=True)
    try:
        linhas = []
        while not any("Inspeção" in linha for linha in linhas):
            linha = processo.stdout.readline()
            assert linha, "o comando terminou antes de subir o servidor"
            linhas.append(linha)
        saida = "".join(linhas)
        assert f"http://127.0.0.1:{porta}/web_api" in saida
        assert "123456" in saida and "code-teste" in saida and "ck-teste" in saida and "cs-teste" in saida
        limite = time.monotonic() + 5
        while True:
            try:
                resposta = requests.get(f"http://127.0.0.1:{porta}/web_api/products", timeout=2)
                break
            except requests.ConnectionError:
                assert time.monotonic() < limite
                time.sleep(0.05)
        assert resposta.json()["paging"]["total"] == 3
        assert requests.get(f"http://127.0.0.1:{porta}/_sandbox/limites", timeout=2).json()["por_minuto"] == 3
    finally:
        processo.terminate()
        processo.wait(timeout=5)


def test_cli_recusa_semente_invalida(tmp_path):
    semente = semente_minima()
    semente["orders"][0]["Order"]["customer_id"] = "99"
    arquivo = tmp_path / "ruim.json"
    arquivo.write_text(json.dumps(semente), encoding="utf-8")
    resultado = CliRunner().invoke(sandbox_cli, ["tray", "--porta", "0", "--dados", str(arquivo)])
    assert resultado.exit_code != 0
    assert "Semente recusada" in resultado.output and "cliente 99" in resultado.output


def test_documentos():
    assert cpf_valido("529.982.247-25") and not cpf_valido("529.982.247-24") and not cpf_valido("11111111111")
    assert cnpj_valido("11.222.333/0001-81") and not cnpj_valido("11.222.333/0001-82")
    assert cnpj_valido("12ABC34501DE35")
    assert gtin_valido("7891234567895") and not gtin_valido("7891234567894")
    assert dv_chave("3521032069544800018455001000003589198183992") == 3
    assert dv_chave("5206043300991100250655012000000780026730161") == 5
    assert motivo_chave_invalida("35210320695448000184550010000035891981839923") is None
    assert "dígito" in motivo_chave_invalida("35210320695448000184550010000035891981839924")
    assert "44" in motivo_chave_invalida("3521")


def test_formulario_aninhado():
    pares = [("Product[name]", "Caneca"), ("Product[Sku][0][type]", "Cor"), ("Product[Sku][0][value]", "Azul"),
             ("Product[related_categories][]", "1"), ("Product[related_categories][]", "2"), ("issue_date", "x"),
             ('["Category"]["name"]', "Cozinha")]
    assert formulario_aninhado(pares) == {
        "Product": {"name": "Caneca", "Sku": [{"type": "Cor", "value": "Azul"}], "related_categories": ["1", "2"]},
        "issue_date": "x", "Category": {"name": "Cozinha"}}
