"""Tabela dos autorizadores da NF-e 4.00 (modelo 55): UF → autorizador, UF → SVC, endereços e Ambiente Nacional.

Os endereços esperados abaixo foram escritos à mão a partir de nfephp-org/sped-nfe storage/wsnfe_4.00_mod55.xml
(commit 3b44ec9), independentemente de autorizadores.json.
"""
import ast
import json
from urllib.parse import urlsplit

import pytest

from erp.nfe.sefaz import autorizadores as a

PROPRIOS = {"AM", "BA", "GO", "MG", "MS", "MT", "PE", "PR", "RS", "SP"}
SVAN = {"MA"}
SVRS = {"AC", "AL", "AP", "CE", "DF", "ES", "PA", "PB", "PI", "RJ", "RN", "RO", "RR", "SC", "SE", "TO"}
SVC_AN = {"AC", "AL", "AP", "CE", "DF", "ES", "MG", "PA", "PB", "PI", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP",
          "TO"}
SVC_RS = {"AM", "BA", "GO", "MA", "MS", "MT", "PE", "PR"}

# Os 44 endereços que a tabela antiga (urls.py) não tinha ou tinha errados.
CORRIGIDOS = {
    ("AM", "producao"): {
        "NFeAutorizacao4": "https://nfe.sefaz.am.gov.br/services2/services/NfeAutorizacao4",
        "NFeRetAutorizacao4": "https://nfe.sefaz.am.gov.br/services2/services/NfeRetAutorizacao4",
        "NFeConsultaProtocolo4": "https://nfe.sefaz.am.gov.br/services2/services/NfeConsulta4",
        "NFeStatusServico4": "https://nfe.sefaz.am.gov.br/services2/services/NfeStatusServico4",
        "NFeInutilizacao4": "https://nfe.sefaz.am.gov.br/services2/services/NfeInutilizacao4",
        "NFeRecepcaoEvento4": "https://nfe.sefaz.am.gov.br/services2/services/RecepcaoEvento4",
    },
    ("MS", "homologacao"): {
        "NFeAutorizacao4": "https://hom.nfe.sefaz.ms.gov.br/ws/NFeAutorizacao4",
        "NFeRetAutorizacao4": "https://hom.nfe.sefaz.ms.gov.br/ws/NFeRetAutorizacao4",
        "NFeConsultaProtocolo4": "https://hom.nfe.sefaz.ms.gov.br/ws/NFeConsultaProtocolo4",
        "NFeStatusServico4": "https://hom.nfe.sefaz.ms.gov.br/ws/NFeStatusServico4",
        "NFeInutilizacao4": "https://hom.nfe.sefaz.ms.gov.br/ws/NFeInutilizacao4",
        "NFeRecepcaoEvento4": "https://hom.nfe.sefaz.ms.gov.br/ws/NFeRecepcaoEvento4",
    },
    ("MS", "producao"): {
        "NFeAutorizacao4": "https://nfe.sefaz.ms.gov.br/ws/NFeAutorizacao4",
        "NFeRetAutorizacao4": "https://nfe.sefaz.ms.gov.br/ws/NFeRetAutorizacao4",
        "NFeConsultaProtocolo4": "https://nfe.sefaz.ms.gov.br/ws/NFeConsultaProtocolo4",
        "NFeStatusServico4": "https://nfe.sefaz.ms.gov.br/ws/NFeStatusServico4",
        "NFeInutilizacao4": "https://nfe.sefaz.ms.gov.br/ws/NFeInutilizacao4",
        "NFeRecepcaoEvento4": "https://nfe.sefaz.ms.gov.br/ws/NFeRecepcaoEvento4",
    },
    ("MT", "homologacao"): {
        "NFeAutorizacao4": "https://homologacao.sefaz.mt.gov.br/nfews/v2/services/NfeAutorizacao4",
        "NFeRetAutorizacao4": "https://homologacao.sefaz.mt.gov.br/nfews/v2/services/NfeRetAutorizacao4",
        "NFeConsultaProtocolo4": "https://homologacao.sefaz.mt.gov.br/nfews/v2/services/NfeConsulta4",
        "NFeStatusServico4": "https://homologacao.sefaz.mt.gov.br/nfews/v2/services/NfeStatusServico4",
        "NFeInutilizacao4": "https://homologacao.sefaz.mt.gov.br/nfews/v2/services/NfeInutilizacao4",
        "NFeRecepcaoEvento4": "https://homologacao.sefaz.mt.gov.br/nfews/v2/services/RecepcaoEvento4",
    },
    ("MT", "producao"): {
        "NFeAutorizacao4": "https://nfe.sefaz.mt.gov.br/nfews/v2/services/NfeAutorizacao4",
        "NFeRetAutorizacao4": "https://nfe.sefaz.mt.gov.br/nfews/v2/services/NfeRetAutorizacao4",
        "NFeConsultaProtocolo4": "https://nfe.sefaz.mt.gov.br/nfews/v2/services/NfeConsulta4",
        "NFeStatusServico4": "https://nfe.sefaz.mt.gov.br/nfews/v2/services/NfeStatusServico4",
        "NFeInutilizacao4": "https://nfe.sefaz.mt.gov.br/nfews/v2/services/NfeInutilizacao4",
        "NFeRecepcaoEvento4": "https://nfe.sefaz.mt.gov.br/nfews/v2/services/RecepcaoEvento4",
    },
    ("PE", "homologacao"): {
        "NFeAutorizacao4": "https://nfehomolog.sefaz.pe.gov.br/nfe-service/services/NFeAutorizacao4",
        "NFeRetAutorizacao4": "https://nfehomolog.sefaz.pe.gov.br/nfe-service/services/NFeRetAutorizacao4",
        "NFeConsultaProtocolo4": "https://nfehomolog.sefaz.pe.gov.br/nfe-service/services/NFeConsultaProtocolo4",
        "NFeStatusServico4": "https://nfehomolog.sefaz.pe.gov.br/nfe-service/services/NFeStatusServico4",
        "NFeInutilizacao4": "https://nfehomolog.sefaz.pe.gov.br/nfe-service/services/NFeInutilizacao4",
        "NFeRecepcaoEvento4": "https://nfehomolog.sefaz.pe.gov.br/nfe-service/services/NFeRecepcaoEvento4",
    },
    ("PE", "producao"): {
        "NFeAutorizacao4": "https://nfe.sefaz.pe.gov.br/nfe-service/services/NFeAutorizacao4",
        "NFeRetAutorizacao4": "https://nfe.sefaz.pe.gov.br/nfe-service/services/NFeRetAutorizacao4",
        "NFeConsultaProtocolo4": "https://nfe.sefaz.pe.gov.br/nfe-service/services/NFeConsultaProtocolo4",
        "NFeStatusServico4": "https://nfe.sefaz.pe.gov.br/nfe-service/services/NFeStatusServico4",
        "NFeInutilizacao4": "https://nfe.sefaz.pe.gov.br/nfe-service/services/NFeInutilizacao4",
        "NFeRecepcaoEvento4": "https://nfe.sefaz.pe.gov.br/nfe-service/services/NFeRecepcaoEvento4",
    },
    ("MG", "homologacao"): {
        "NFeConsultaProtocolo4": "https://hnfe.fazenda.mg.gov.br/nfe2/services/NFeConsultaProtocolo4",
    },
    ("MG", "producao"): {
        "NFeConsultaProtocolo4": "https://nfe.fazenda.mg.gov.br/nfe2/services/NFeConsultaProtocolo4",
    },
}

SVRS_URLS = {
    "homologacao": {
        "NFeAutorizacao4": "https://nfe-homologacao.svrs.rs.gov.br/ws/NfeAutorizacao/NFeAutorizacao4.asmx",
        "NFeRetAutorizacao4": "https://nfe-homologacao.svrs.rs.gov.br/ws/NfeRetAutorizacao/NFeRetAutorizacao4.asmx",
        "NFeConsultaProtocolo4": "https://nfe-homologacao.svrs.rs.gov.br/ws/NfeConsulta/NfeConsulta4.asmx",
        "NFeStatusServico4": "https://nfe-homologacao.svrs.rs.gov.br/ws/NfeStatusServico/NfeStatusServico4.asmx",
        "NFeInutilizacao4": "https://nfe-homologacao.svrs.rs.gov.br/ws/nfeinutilizacao/nfeinutilizacao4.asmx",
        "NFeRecepcaoEvento4": "https://nfe-homologacao.svrs.rs.gov.br/ws/recepcaoevento/recepcaoevento4.asmx",
    },
    "producao": {
        "NFeAutorizacao4": "https://nfe.svrs.rs.gov.br/ws/NfeAutorizacao/NFeAutorizacao4.asmx",
        "NFeRetAutorizacao4": "https://nfe.svrs.rs.gov.br/ws/NfeRetAutorizacao/NFeRetAutorizacao4.asmx",
        "NFeConsultaProtocolo4": "https://nfe.svrs.rs.gov.br/ws/NfeConsulta/NfeConsulta4.asmx",
        "NFeStatusServico4": "https://nfe.svrs.rs.gov.br/ws/NfeStatusServico/NfeStatusServico4.asmx",
        "NFeInutilizacao4": "https://nfe.svrs.rs.gov.br/ws/nfeinutilizacao/nfeinutilizacao4.asmx",
        "NFeRecepcaoEvento4": "https://nfe.svrs.rs.gov.br/ws/recepcaoevento/recepcaoevento4.asmx",
    },
}
SVAN_HOSTS = {"homologacao": "https://hom.sefazvirtual.fazenda.gov.br",
              "producao": "https://www.sefazvirtual.fazenda.gov.br"}


def svan_url(ambiente, servico):
    return f"{SVAN_HOSTS[ambiente]}/{servico}/{servico}.asmx"


def test_servicos():
    assert a.SERVICOS == ("NFeAutorizacao4", "NFeRetAutorizacao4", "NFeConsultaProtocolo4", "NFeStatusServico4",
                          "NFeInutilizacao4", "NFeRecepcaoEvento4")


def test_324_enderecos_presentes_e_https():
    linhas = a.enderecos()
    assert len(linhas) == 27 * 2 * 6 == 324
    chaves = {(linha["uf"], linha["ambiente"], linha["servico"]) for linha in linhas}
    assert chaves == {(uf, amb, s) for uf in PROPRIOS | SVAN | SVRS for amb in a.AMBIENTES for s in a.SERVICOS}
    for linha in linhas:
        partes = urlsplit(linha["url"])
        assert partes.scheme == "https" and partes.netloc and partes.path.strip("/"), linha
        assert linha["url"] == a.url(linha["uf"], linha["ambiente"], linha["servico"])


def test_formato_e_ordem_das_linhas():
    linhas = a.enderecos()
    assert all(list(linha) == ["uf", "ambiente", "autorizador", "servico", "url"] for linha in linhas)
    assert linhas == sorted(linhas, key=lambda l: (l["uf"], l["ambiente"], l["servico"]))
    assert json.loads(json.dumps(linhas)) == linhas
    primeira = linhas[0]
    assert primeira == {"uf": "AC", "ambiente": "homologacao", "autorizador": "SVRS", "servico": "NFeAutorizacao4",
                        "url": SVRS_URLS["homologacao"]["NFeAutorizacao4"]}


def test_filtros():
    assert {l["uf"] for l in a.enderecos(uf="sp")} == {"SP"} and len(a.enderecos(uf="SP")) == 12
    producao = a.enderecos(ambiente="producao")
    assert len(producao) == 162 and {l["ambiente"] for l in producao} == {"producao"}
    assert [l["servico"] for l in a.enderecos(uf="PE", ambiente="homologacao")] == sorted(a.SERVICOS)


def test_homologacao_e_producao_nunca_coincidem():
    for uf in a.UFS:
        for servico in a.SERVICOS:
            assert a.url(uf, "homologacao", servico) != a.url(uf, "producao", servico)


def test_autorizador_de_cada_uf():
    assert len(a.UFS) == 27
    for uf in PROPRIOS:
        assert a.autorizador_da_uf(uf) == uf
    assert {uf for uf in a.UFS if a.autorizador_da_uf(uf) == "SVAN"} == SVAN
    assert {uf for uf in a.UFS if a.autorizador_da_uf(uf) == "SVRS"} == SVRS
    assert a.autorizador_da_uf(" ce ") == "SVRS"


@pytest.mark.parametrize("ambiente", a.AMBIENTES)
def test_ufs_da_svrs_e_da_svan_usam_os_mesmos_enderecos(ambiente):
    for servico in a.SERVICOS:
        assert {a.url(uf, ambiente, servico) for uf in SVRS} == {SVRS_URLS[ambiente][servico]}
        assert a.url("MA", ambiente, servico) == svan_url(ambiente, servico)
    linhas = [l for l in a.enderecos(ambiente=ambiente) if l["uf"] in SVRS]
    assert {l["autorizador"] for l in linhas} == {"SVRS"}


@pytest.mark.parametrize(("uf", "ambiente"), sorted(CORRIGIDOS))
def test_enderecos_corrigidos(uf, ambiente):
    for servico, esperado in CORRIGIDOS[(uf, ambiente)].items():
        assert a.url(uf, ambiente, servico) == esperado


def test_sao_44_os_corrigidos():
    assert sum(len(v) for v in CORRIGIDOS.values()) == 44


def test_outros_proprios_conferidos():
    assert a.url("SP", "producao", "NFeAutorizacao4") == "https://nfe.fazenda.sp.gov.br/ws/nfeautorizacao4.asmx"
    assert (a.url("BA", "homologacao", "NFeConsultaProtocolo4")
            == "https://hnfe.sefaz.ba.gov.br/webservices/NFeConsultaProtocolo4/NFeConsultaProtocolo4.asmx")
    assert (a.url("GO", "producao", "NFeRecepcaoEvento4")
            == "https://nfe.sefaz.go.gov.br/nfe/services/NFeRecepcaoEvento4")
    assert (a.url("PR", "homologacao", "NFeStatusServico4")
            == "https://homologacao.nfe.sefa.pr.gov.br/nfe/NFeStatusServico4")
    assert (a.url("RS", "producao", "NFeConsultaProtocolo4")
            == "https://nfe.sefazrs.rs.gov.br/ws/NfeConsulta/NfeConsulta4.asmx")
    assert a.url("AM", "homologacao", "NFeRecepcaoEvento4") == (
        "https://homnfe.sefaz.am.gov.br/services2/services/RecepcaoEvento4")


def test_cada_uf_tem_uma_so_contingencia():
    for uf in a.UFS:
        assert a.contingencia_da_uf(uf) in ("SVC-AN", "SVC-RS")
    assert {uf for uf in a.UFS if a.contingencia_da_uf(uf) == "SVC-AN"} == SVC_AN
    assert {uf for uf in a.UFS if a.contingencia_da_uf(uf) == "SVC-RS"} == SVC_RS
    assert SVC_AN.isdisjoint(SVC_RS) and SVC_AN | SVC_RS == set(a.UFS)


def test_tp_emis_da_contingencia():
    for uf in a.UFS:
        assert a.tp_emis_contingencia(uf) == (6 if uf in SVC_AN else 7)
    assert a.tp_emis_contingencia("SP") == 6 and a.tp_emis_contingencia("PR") == 7


def test_a_svc_nunca_e_o_proprio_autorizador():
    for uf in SVRS:
        assert a.contingencia_da_uf(uf) == "SVC-AN"
    for uf in SVAN:
        assert a.contingencia_da_uf(uf) == "SVC-RS"


@pytest.mark.parametrize("ambiente", a.AMBIENTES)
def test_enderecos_de_contingencia_por_uf(ambiente):
    for uf in a.UFS:
        for servico in a.SERVICOS_CONTINGENCIA:
            obtido = a.url(uf, ambiente, servico, contingencia=True)
            if uf in SVC_AN:
                assert obtido == svan_url(ambiente, servico)
            else:
                assert obtido == SVRS_URLS[ambiente][servico]


def test_contingencia_exemplos():
    assert (a.url("SP", "producao", "NFeAutorizacao4", contingencia=True)
            == "https://www.sefazvirtual.fazenda.gov.br/NFeAutorizacao4/NFeAutorizacao4.asmx")
    assert (a.url("PR", "homologacao", "NFeAutorizacao4", contingencia=True)
            == "https://nfe-homologacao.svrs.rs.gov.br/ws/NfeAutorizacao/NFeAutorizacao4.asmx")
    assert (a.url("MA", "producao", "NFeStatusServico4", contingencia=True)
            == "https://nfe.svrs.rs.gov.br/ws/NfeStatusServico/NfeStatusServico4.asmx")


def test_lista_de_contingencia():
    linhas = a.enderecos(contingencia=True)
    assert len(linhas) == 27 * 2 * 5
    assert "NFeInutilizacao4" not in {l["servico"] for l in linhas}
    for linha in linhas:
        assert linha["autorizador"] == a.contingencia_da_uf(linha["uf"])
        assert urlsplit(linha["url"]).scheme == "https"
    assert {l["autorizador"] for l in a.enderecos(uf="MT", contingencia=True)} == {"SVC-RS"}


def test_inutilizacao_fora_da_contingencia():
    with pytest.raises(a.ServicoForaDaContingencia, match="SVC-AN não atende NFeInutilizacao4"):
        a.url("SP", "producao", "NFeInutilizacao4", contingencia=True)
    with pytest.raises(a.ErroEndereco, match="inutilização"):
        a.url("BA", "homologacao", "NFeInutilizacao4", contingencia=True)


@pytest.mark.parametrize("uf", ["XX", "", None, "São Paulo", "EX"])
def test_uf_desconhecida(uf):
    with pytest.raises(a.UfDesconhecida, match="UF desconhecida"):
        a.url(uf, "producao", "NFeAutorizacao4")
    with pytest.raises(a.UfDesconhecida, match="Informe a sigla de uma das 27 UFs"):
        a.autorizador_da_uf(uf)
    with pytest.raises(a.UfDesconhecida):
        a.contingencia_da_uf(uf)
    with pytest.raises(a.UfDesconhecida):
        a.tp_emis_contingencia(uf)
    if uf:
        with pytest.raises(a.UfDesconhecida):
            a.enderecos(uf=uf)


def test_servico_e_ambiente_desconhecidos():
    with pytest.raises(a.ServicoDesconhecido, match="Serviço desconhecido: 'NfeConsulta2'"):
        a.url("SP", "producao", "NfeConsulta2")
    with pytest.raises(a.ServicoDesconhecido):
        a.url("SP", "producao", "NFeDistribuicaoDFe")
    with pytest.raises(a.AmbienteDesconhecido, match="Ambiente desconhecido"):
        a.url("SP", "teste", "NFeAutorizacao4")
    with pytest.raises(a.AmbienteDesconhecido):
        a.enderecos(ambiente="prod")
    assert issubclass(a.ErroEndereco, ValueError)


def test_ambiente_nacional():
    assert (a.url_ambiente_nacional("homologacao", "NFeRecepcaoEvento4")
            == "https://hom1.nfe.fazenda.gov.br/NFeRecepcaoEvento4/NFeRecepcaoEvento4.asmx")
    assert (a.url_ambiente_nacional("producao", "NFeRecepcaoEvento4")
            == "https://www.nfe.fazenda.gov.br/NFeRecepcaoEvento4/NFeRecepcaoEvento4.asmx")
    assert (a.url_ambiente_nacional("homologacao", "NFeDistribuicaoDFe")
            == "https://hom1.nfe.fazenda.gov.br/NFeDistribuicaoDFe/NFeDistribuicaoDFe.asmx")
    assert (a.url_ambiente_nacional("producao", "NFeDistribuicaoDFe")
            == "https://www1.nfe.fazenda.gov.br/NFeDistribuicaoDFe/NFeDistribuicaoDFe.asmx")
    with pytest.raises(a.ServicoDesconhecido):
        a.url_ambiente_nacional("producao", "NFeAutorizacao4")
    with pytest.raises(a.AmbienteDesconhecido):
        a.url_ambiente_nacional("", "NFeDistribuicaoDFe")


def test_dados_com_fonte():
    dados = json.loads(a.ARQUIVO.read_text(encoding="utf-8"))
    assert set(dados["fontes"]) >= {"enderecos", "autorizador_da_uf", "contingencia_da_uf"}
    assert "3b44ec9f1cf2e6fd2a7f7e8877f9ebd5890b71ed" in dados["fontes"]["enderecos"]
    assert "NT 2013.007" in dados["fontes"]["contingencia_da_uf"]
    assert dados["tp_emis"] == {"SVC-AN": 6, "SVC-RS": 7}


def test_modulo_puro():
    arvore = ast.parse(a.__loader__.get_source(a.__name__))
    importados = {n.name.split(".")[0] for no in ast.walk(arvore) if isinstance(no, ast.Import) for n in no.names}
    importados |= {no.module.split(".")[0] for no in ast.walk(arvore) if isinstance(no, ast.ImportFrom)}
    assert importados <= {"json", "functools", "pathlib"}


def test_comando_nfe_enderecos(runner, app):
    import json as _json

    todos = _json.loads(runner.invoke(args=["nfe", "enderecos", "--json"]).output)
    assert len(todos) == 324 and set(todos[0]) == {"uf", "ambiente", "autorizador", "servico", "url"}
    sp = _json.loads(runner.invoke(args=["nfe", "enderecos", "--uf", "SP", "--ambiente", "producao",
                                         "--json"]).output)
    assert len(sp) == 6 and all(e["autorizador"] == "SP" and e["url"].startswith("https://") for e in sp)
    svc = _json.loads(runner.invoke(args=["nfe", "enderecos", "--uf", "SP", "--contingencia", "--json"]).output)
    assert svc and all(e["autorizador"] == "SVC-AN" for e in svc)
    erro = runner.invoke(args=["nfe", "enderecos", "--uf", "XX", "--json"])
    assert erro.exit_code != 0
