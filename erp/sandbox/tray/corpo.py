"""Leitura do corpo das escritas: JSON envolvido ({"Product": {...}}) ou formulário (Product[name]=...)."""
import json
import re

from flask import Request

from erp.sandbox.tray.respostas import erro_400
from erp.sandbox.tray.valores import texto

_RE_SEGMENTO = re.compile(r"\[([^\]]*)\]")


def _segmentos(chave: str) -> list[str]:
    """'Product[Sku][0][type]' -> ['Product', 'Sku', '0', 'type']; aceita '["Category"]["name"]'."""
    inicio = chave.split("[", 1)[0]
    partes = [inicio] if inicio else []
    partes += [s.strip().strip('"').strip("'") for s in _RE_SEGMENTO.findall(chave[len(inicio):])]
    return partes or [chave]


def _listas(no):
    """Converte objetos cujas chaves são todas números ou '' em listas ordenadas."""
    if isinstance(no, dict):
        convertido = {k: _listas(v) for k, v in no.items()}
        if convertido and all(k.isdigit() or k.startswith("\0") for k in convertido):
            return [v for _, v in sorted(convertido.items(), key=lambda kv: _ordem(kv[0]))]
        return convertido
    return no


def _ordem(chave: str) -> int:
    return int(chave[1:]) if chave.startswith("\0") else int(chave)


def formulario_aninhado(pares) -> dict:
    raiz: dict = {}
    contador = 0
    for chave, valor in pares:
        no = raiz
        segmentos = _segmentos(chave)
        for i, seg in enumerate(segmentos):
            if seg == "":
                seg = f"\0{contador}"
                contador += 1
            ultimo = i == len(segmentos) - 1
            if ultimo:
                no[seg] = valor
            else:
                proximo = no.get(seg)
                if not isinstance(proximo, dict):
                    proximo = no[seg] = {}
                no = proximo
    return _listas(raiz)


def ler_corpo(requisicao: Request) -> dict:
    """Corpo como dicionário (vazio se não houver), com escalares já convertidos para texto."""
    bruto = requisicao.get_data(cache=True)
    tipo = (requisicao.mimetype or "").lower()
    if tipo == "application/json" or (tipo not in ("application/x-www-form-urlencoded", "multipart/form-data")
                                       and bruto.strip()[:1] in (b"{", b"[")):
        if not bruto.strip():
            return {}
        try:
            dados = json.loads(bruto)
        except (ValueError, UnicodeDecodeError):
            raise erro_400("corpo: JSON inválido") from None
        if not isinstance(dados, dict):
            raise erro_400("corpo: o JSON deve ser um objeto")
        return texto(dados)
    return texto(formulario_aninhado(requisicao.form.items(multi=True)))


def entidade(corpo: dict, nome: str) -> dict:
    """Os campos dentro do envelope da entidade; 400 quando o corpo não vem envolvido."""
    dados = corpo.get(nome)
    if not isinstance(dados, dict) or not dados:
        raise erro_400(f"{nome}: envie os dados dentro de {nome} ({{\"{nome}\": {{...}}}} ou {nome}[campo]=valor)")
    return dados
