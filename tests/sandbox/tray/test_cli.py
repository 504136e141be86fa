"""Comando `flask sandbox tray`: sobe a loja simulada com a semente dada, ou recusa a semente inválida."""
import json
import socket
import subprocess
import sys
import time

import requests
from click.testing import CliRunner

from erp.sandbox.cli import sandbox_cli
from erp.sandbox.tray import semente_minima


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
