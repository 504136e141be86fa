"""O histórico da nota em português: cada tipo que o código registra tem nome na tabela TIPOS_HISTORICO."""
import re
from pathlib import Path

from erp.nfe.models import TIPOS_HISTORICO, NotaEvento

RAIZ = Path(__file__).resolve().parents[2] / "erp" / "nfe"


def _tipos_no_codigo() -> set[str]:
    tipos = set()
    for arquivo in RAIZ.rglob("*.py"):
        texto = arquivo.read_text(encoding="utf-8")
        tipos |= set(re.findall(r"registrar_evento\([^,]+,\s*\"([a-z_]+)\"", texto))
        tipos |= set(re.findall(r"transicionar\([^)]*tipo=\"([a-z_]+)\"", texto, re.S))
    for nome in ("cancelamento", "carta_correcao"):  # f"pedido_{...}" e f"{...}_rejeitado" em eventos.py
        tipos |= {f"pedido_{nome}", f"{nome}_rejeitado"}
    return tipos


def test_todo_tipo_registrado_tem_nome_em_portugues():
    tipos = _tipos_no_codigo()
    assert {"xml_assinado", "autorizacao", "consulta"} <= tipos  # a busca acha o que deve
    assert sorted(tipos - set(TIPOS_HISTORICO) - {"transicao"}) == []


def test_tipo_desconhecido_aparece_legivel(app):
    assert NotaEvento(tipo="algo_novo").tipo_nome == "Algo novo"
    assert NotaEvento(tipo="xml_assinado").tipo_nome == "XML assinado"
