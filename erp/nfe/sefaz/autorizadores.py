"""Autorizadores da NF-e 4.00 (modelo 55): quem autoriza cada UF, a SVC de cada UF e os endereços.

Os dados, com as fontes, ficam em `autorizadores.json` (ao lado deste arquivo); docs/sefaz.md explica de onde vem
cada parte e como atualizar. Módulo puro: sem Flask e sem banco.

- autorizador próprio: AM, BA, GO, MG, MS, MT, PE, PR, RS, SP; SVAN: MA; SVRS: as demais 16 UFs;
- contingência (SVC): SVC-AN (tpEmis 6) ou SVC-RS (tpEmis 7), uma por UF; a SVC não atende a inutilização;
- Ambiente Nacional: recepção de eventos nacionais (NFeRecepcaoEvento4) e distribuição de DF-e.
"""
import json
from functools import cache
from pathlib import Path

SERVICOS = ("NFeAutorizacao4", "NFeRetAutorizacao4", "NFeConsultaProtocolo4", "NFeStatusServico4",
            "NFeInutilizacao4", "NFeRecepcaoEvento4")
SERVICOS_CONTINGENCIA = tuple(s for s in SERVICOS if s != "NFeInutilizacao4")
SERVICOS_AMBIENTE_NACIONAL = ("NFeRecepcaoEvento4", "NFeDistribuicaoDFe")
AMBIENTES = ("homologacao", "producao")
ARQUIVO = Path(__file__).with_name("autorizadores.json")


class ErroEndereco(ValueError):
    """Pedido de endereço que a tabela não atende. `str(erro)` é a mensagem para o usuário."""


class UfDesconhecida(ErroEndereco):
    """A sigla não é de nenhuma das 27 UFs."""


class AmbienteDesconhecido(ErroEndereco):
    """O ambiente não é "homologacao" nem "producao"."""


class ServicoDesconhecido(ErroEndereco):
    """O serviço não é um dos web services da tabela."""


class ServicoForaDaContingencia(ErroEndereco):
    """O serviço existe, mas a SVC não o atende (a inutilização)."""


@cache
def _dados() -> dict:
    return json.loads(ARQUIVO.read_text(encoding="utf-8"))


UFS = tuple(sorted(_dados()["ufs"]))


def _uf(uf) -> str:
    sigla = str(uf or "").strip().upper()
    if sigla not in _dados()["ufs"]:
        raise UfDesconhecida(f"UF desconhecida: {uf!r}. Informe a sigla de uma das 27 UFs "
                             f"({', '.join(UFS)}).")
    return sigla


def _ambiente(ambiente) -> str:
    nome = str(ambiente or "").strip().lower()
    if nome not in AMBIENTES:
        raise AmbienteDesconhecido(f"Ambiente desconhecido: {ambiente!r}. Use \"homologacao\" ou \"producao\".")
    return nome


def _servico(servico, validos: tuple) -> str:
    if servico not in validos:
        raise ServicoDesconhecido(f"Serviço desconhecido: {servico!r}. Serviços atendidos: {', '.join(validos)}.")
    return servico


def autorizador_da_uf(uf: str) -> str:
    """Quem autoriza a NF-e da UF: a própria UF ("SP", "MG", ...), "SVRS" ou "SVAN"."""
    return _dados()["ufs"][_uf(uf)]["autorizador"]


def contingencia_da_uf(uf: str) -> str:
    """A SVC da UF: "SVC-AN" ou "SVC-RS"."""
    return _dados()["ufs"][_uf(uf)]["contingencia"]


def tp_emis_contingencia(uf: str) -> int:
    """tpEmis da nota emitida na SVC da UF: 6 (SVC-AN) ou 7 (SVC-RS)."""
    return _dados()["tp_emis"][contingencia_da_uf(uf)]


def url(uf: str, ambiente: str, servico: str, contingencia: bool = False) -> str:
    """Endereço do serviço para o emitente da UF, no ambiente ("homologacao" ou "producao").

    Com `contingencia=True`, o endereço na SVC da UF; a inutilização não existe na SVC
    (`ServicoForaDaContingencia`).
    """
    sigla, nome_ambiente = _uf(uf), _ambiente(ambiente)
    _servico(servico, SERVICOS)
    if not contingencia:
        return _dados()["autorizadores"][autorizador_da_uf(sigla)][nome_ambiente][servico]
    svc = contingencia_da_uf(sigla)
    if servico not in SERVICOS_CONTINGENCIA:
        raise ServicoForaDaContingencia(
            f"A {svc} não atende {servico}: a inutilização de numeração só é feita na SEFAZ autorizadora "
            f"da UF ({autorizador_da_uf(sigla)}); faça-a quando ela voltar a atender.")
    return _dados()["contingencia"][svc][nome_ambiente][servico]


def enderecos(uf: str | None = None, ambiente: str | None = None, contingencia: bool = False) -> list[dict]:
    """Todos os endereços (ou os da UF e/ou do ambiente), ordenados por uf, ambiente e serviço.

    Cada linha: {"uf", "ambiente", "autorizador", "servico", "url"}; em contingência, "autorizador" é a SVC.
    """
    ufs = (_uf(uf),) if uf else UFS
    ambientes = (_ambiente(ambiente),) if ambiente else AMBIENTES
    servicos = SERVICOS_CONTINGENCIA if contingencia else SERVICOS
    linhas = [
        {"uf": sigla, "ambiente": nome_ambiente,
         "autorizador": contingencia_da_uf(sigla) if contingencia else autorizador_da_uf(sigla),
         "servico": servico, "url": url(sigla, nome_ambiente, servico, contingencia)}
        for sigla in ufs for nome_ambiente in ambientes for servico in servicos
    ]
    return sorted(linhas, key=lambda linha: (linha["uf"], linha["ambiente"], linha["servico"]))


def url_ambiente_nacional(ambiente: str, servico: str) -> str:
    """Endereço de um serviço do Ambiente Nacional: "NFeRecepcaoEvento4" ou "NFeDistribuicaoDFe"."""
    nome_ambiente = _ambiente(ambiente)
    return _dados()["ambiente_nacional"][nome_ambiente][_servico(servico, SERVICOS_AMBIENTE_NACIONAL)]
