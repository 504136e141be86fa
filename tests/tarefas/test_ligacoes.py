"""Cada "NF-e nº N" dos resultados vira link para a nota; o resto do texto continua escapado."""
from erp.tarefas.ligacoes import com_link


def test_nfe_numero_vira_link_e_o_texto_continua_escapado():
    html = com_link('NF-e nº 12, série 1 <script>alert("x")</script>', "/nfe/7")
    assert '<a href="/nfe/7" class="link-nfe">NF-e nº 12</a>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_sem_endereco_nao_ha_link():
    assert "<a" not in com_link("NF-e nº 12", None)
    assert com_link(None, "/nfe/1") == ""
