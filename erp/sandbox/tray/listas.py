"""Listas da API: filtros, ordenação `campo_asc|desc`, paginação (30 por padrão, 50 no máximo) e envelope."""
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Callable

from erp.sandbox.tray.documentos import limpar_cnpj, so_digitos
from erp.sandbox.tray.respostas import erro_400
from erp.sandbox.tray.valores import data_hora_valida, data_valida

LIMITE_PADRAO = 30
LIMITE_MAXIMO = 50
_RE_ORDEM = re.compile(r"^([A-Za-z0-9_]+)_(asc|desc)$")


@dataclass
class EspecLista:
    plural: str
    singular: str
    filtros: dict  # campo -> "igual" | "contem" | "igual_ci" | "data" | "documento" | "lista"
    padroes: dict = field(default_factory=dict)  # campos do modelo, com valor padrão
    ordem_padrao: str = "id_asc"
    embrulhar: bool = True  # False: `apresentar` já devolve o elemento com o envelope
    valor: Callable = field(default=lambda item, campo: item.get(campo))

    def ler(self, item: dict, campo: str):
        valor = self.valor(item, campo)
        return self.padroes.get(campo, "") if valor is None else valor


def _data(campo: str, limite: str) -> str:
    limite = limite.strip()
    if not (data_valida(limite) or data_hora_valida(limite)):
        raise erro_400(f"{campo}: data inválida (use AAAA-MM-DD ou AAAA-MM-DD,AAAA-MM-DD)")
    return limite


def _casa_data(campo: str, filtro: str, valor: str) -> bool:
    partes = filtro.split(",")
    if len(partes) > 2:
        raise erro_400(f"{campo}: use uma data ou um intervalo início,fim")
    inicio = _data(campo, partes[0])
    fim = _data(campo, partes[1]) if len(partes) == 2 else None
    if not valor or valor.startswith("0000-00-00"):
        return False
    if valor[:len(inicio)] < inicio:
        return False
    return fim is None or valor[:len(fim)] <= fim


def _casa(campo: str, tipo: str, filtro: str, valor) -> bool:
    valor = "" if valor is None else str(valor)
    if tipo == "data":
        return _casa_data(campo, filtro, valor)
    if tipo == "contem":
        return filtro.casefold() in valor.casefold()
    if tipo == "igual_ci":
        return filtro.casefold() == valor.casefold()
    if tipo == "documento":
        digitos = so_digitos(filtro)
        return limpar_cnpj(filtro) == limpar_cnpj(valor) or bool(digitos and digitos == so_digitos(valor))
    if tipo == "lista":
        return valor in {f.strip() for f in filtro.split(",")}
    return filtro == valor


def _chave_ordem(valor):
    texto = "" if valor is None else str(valor)
    try:
        return (0, Decimal(texto), "")
    except InvalidOperation:
        return (1, Decimal(0), texto.casefold())


def _ordem(args, espec: EspecLista) -> tuple[str, str]:
    bruto = args.get("sort") or espec.ordem_padrao
    casamento = _RE_ORDEM.match(bruto)
    if not casamento:
        raise erro_400("sort: use <campo>_asc ou <campo>_desc")
    return casamento.group(1), casamento.group(2)


def _inteiro(args, nome: str, padrao: int) -> int:
    bruto = args.get(nome)
    if bruto in (None, ""):
        return padrao
    try:
        numero = int(bruto)
    except ValueError:
        raise erro_400(f"{nome}: deve ser um número inteiro") from None
    if numero < 1:
        raise erro_400(f"{nome}: deve ser maior que zero")
    return numero


def listar(itens: list[dict], args, espec: EspecLista, apresentar: Callable) -> dict:
    """Envelope da Tray para `itens` (dicionários guardados), apresentados com `apresentar`."""
    aplicados = {}
    for campo, tipo in espec.filtros.items():
        filtro = args.get(campo)
        if filtro is None or filtro == "":
            continue
        aplicados[campo] = filtro
        itens = [i for i in itens if _casa(campo, tipo, filtro, espec.ler(i, campo))]
    campo, direcao = _ordem(args, espec)
    if campo not in espec.padroes and campo not in espec.filtros and all(campo not in i for i in itens):
        raise erro_400(f"sort: campo {campo} desconhecido")
    itens = sorted(itens, key=lambda i: _chave_ordem(i.get("id")))
    itens = sorted(itens, key=lambda i: _chave_ordem(espec.ler(i, campo)), reverse=direcao == "desc")
    limite = min(_inteiro(args, "limit", LIMITE_PADRAO), LIMITE_MAXIMO)
    pagina = _inteiro(args, "page", 1)
    inicio = (pagina - 1) * limite
    return {
        "paging": {"total": len(itens), "page": pagina, "offset": inicio, "limit": limite, "maxLimit": LIMITE_MAXIMO},
        "sort": [{campo: direcao}],
        "availableFilters": list(espec.filtros),
        "appliedFilters": aplicados or [],
        espec.plural: [{espec.singular: apresentar(i)} if espec.embrulhar else apresentar(i)
                       for i in itens[inicio:inicio + limite]],
    }
