"""Cada ajuste é declarado uma vez em Config, e a tabela do README é feita dessa lista."""
import ast
import re
from pathlib import Path

from erp.config import AJUSTES, Config, tabela_markdown

RAIZ = Path(__file__).resolve().parent.parent


def test_readme_tem_a_tabela_feita_da_config():
    readme = (RAIZ / "README.md").read_text()
    trecho = re.search(r"<!-- configuracao:inicio[^>]*-->\n(.*?)\n<!-- configuracao:fim -->", readme, re.S)
    assert trecho, "README sem os marcadores da tabela de configuração"
    assert trecho.group(1).strip() == tabela_markdown().strip(), (
        "A tabela de configuração do README está diferente de erp/config.py: rode `python -m erp.config`")


def test_cada_ajuste_uma_vez_e_com_descricao():
    nomes = [a.nome for a in AJUSTES]
    assert len(nomes) == len(set(nomes))
    assert all(len(a.descricao) > 10 for a in AJUSTES)


def test_nada_le_o_ambiente_fora_da_config():
    """Só erp/config.py lê variáveis de ambiente (os simuladores à parte)."""
    achados = []
    for arquivo in (RAIZ / "erp").rglob("*.py"):
        relativo = arquivo.relative_to(RAIZ).as_posix()
        if relativo in ("erp/config.py",) or relativo.startswith("erp/sandbox/"):
            continue
        for no in ast.walk(ast.parse(arquivo.read_text())):
            if isinstance(no, ast.Attribute) and no.attr in ("environ", "getenv") and \
                    isinstance(no.value, ast.Name) and no.value.id == "os":
                achados.append(f"{relativo}:{no.lineno}")
    assert achados == []


def test_configuracoes_lidas_existem_na_config():
    """Todo `config["NOME"]`/`config.get("NOME")` lido pelo produto está declarado em Config."""
    faltam = set()
    padrao = re.compile(r"config(?:\.get\(|\[)\"([A-Z][A-Z0-9_]+)\"")
    for arquivo in (RAIZ / "erp").rglob("*.py"):
        if "sandbox" in arquivo.parts:
            continue
        for nome in padrao.findall(arquivo.read_text()):
            if not hasattr(Config, nome) and not nome.startswith(("SQLALCHEMY_", "WTF_", "SESSION_", "REMEMBER_")):
                faltam.add(nome)
    assert faltam == set()
