"""A SEFAZ Virtual de Contingência no simulador: quais UF usam cada SVC e quais caminhos são da SVC.

A SVC é outra base: notas, números e protocolos próprios (um EstadoSefaz à parte). Ela atende a UF só nos
caminhos da sua estrutura — SVC-AN nos da SVAN (`/NFeAutorizacao4/NFeAutorizacao4.asmx`…), SVC-RS nos da SVRS
(`/ws/NfeAutorizacao/NFeAutorizacao4.asmx`…) — e uma UF nunca tem como SVC a estrutura que já a autoriza; por isso
caminho + cUF dizem, sem ambiguidade, se a chamada é para a SVC. Fonte da divisão: Relação de Serviços Web do
Portal Nacional da NF-e, "Autorizadores em contingência" (docs/sefaz.md).
"""
import re

# cUF das UF atendidas pela SVC-RS; as demais usam a SVC-AN.
UFS_SVC_RS = frozenset({"13", "29", "52", "21", "50", "51", "26", "41"})  # AM BA GO MA MS MT PE PR
_CAMINHO_SVC_AN = re.compile(r"^/?nfe\w+4/nfe\w+4\.asmx$", re.IGNORECASE)
_CAMINHO_SVC_RS = re.compile(r"^/?ws/\w+/\w+4\.asmx$", re.IGNORECASE)


def svc_da_uf(cuf: str) -> str:
    return "SVC-RS" if cuf in UFS_SVC_RS else "SVC-AN"


def estrutura_do_caminho(caminho: str) -> str | None:
    """"SVC-AN" ou "SVC-RS" se o caminho é da estrutura de uma SVC; senão None."""
    if _CAMINHO_SVC_AN.match(caminho):
        return "SVC-AN"
    if _CAMINHO_SVC_RS.match(caminho):
        return "SVC-RS"
    return None


def para_a_svc(caminho: str, cuf: str) -> bool:
    return estrutura_do_caminho(caminho) == svc_da_uf(cuf)
