"""Montagem rápida de árvores lxml: registra a estrutura e os textos; materializa copiando esqueletos.

Criar cada elemento com SubElement custa ~1 µs. Os blocos de primeiro nível (ide, emit, dest, cada det,
total...) se repetem de nota para nota com a mesma estrutura (mesmos campos, na mesma ordem): o esqueleto
de cada bloco (só as tags, montado com SubElement na primeira vez) fica em cache, e cada nota recebe uma
cópia profunda dele (feita em C) com os textos e atributos preenchidos. O resultado é idêntico ao de
montar elemento a elemento.
"""
import threading

from lxml import etree

NS = "http://www.portalfiscal.inf.br/nfe"
P = "{%s}" % NS
_SE = etree.SubElement
_FECHA = "-"
_MAXIMO_ESQUELETOS = 2048
_local = threading.local()


class Escritor:
    """Blocos de primeiro nível, cada um em ordem de documento:

        w.abrir("emit"); w.e("CNPJ", ...); w.abrir("enderEmit"); ...; w.fechar(); w.fechar(); w.fim_bloco()
    """

    __slots__ = ("blocos", "estrutura", "valores")

    def __init__(self):
        self.blocos: list = []  # (estrutura, valores, chave do cache de blocos prontos ou None)
        self.estrutura: list[str] = []
        self.valores: list = []  # um por elemento do bloco: texto, dict de atributos ou None

    def e(self, tag: str, texto: str) -> None:
        self.estrutura.append(tag)
        self.valores.append(texto)

    def campos(self, tags: tuple, textos) -> None:
        """Vários campos simples seguidos (mais rápido que chamar e() um a um)."""
        self.estrutura.extend(tags)
        self.valores.extend(textos)

    def abrir(self, tag: str, atributos: dict | None = None) -> None:
        self.estrutura.append("+" + tag)
        self.valores.append(atributos)

    def fechar(self) -> None:
        self.estrutura.append(_FECHA)

    def fim_bloco(self, chave_pronto=None) -> None:
        self.blocos.append((tuple(self.estrutura), self.valores, chave_pronto))
        self.estrutura = []
        self.valores = []

    def bloco_fixo(self, chave, escrever) -> None:
        """Bloco que só depende de `chave` (hashable), como o emitente: escrito uma vez com
        `escrever(self)` e depois copiado pronto, sem refazer formatação nem preenchimento."""
        pronto = _prontos().get(chave)
        if pronto is not None:
            self.blocos.append((None, pronto, None))
            return
        escrever(self)
        self.fim_bloco(chave)

    def materializar(self, tag: str, atributos: dict) -> etree._Element:
        """Raiz `tag` (de um documento novo) com os blocos dentro."""
        raiz = etree.Element(P + tag, atributos, nsmap={None: NS})
        esqueletos = getattr(_local, "esqueletos", None)
        if esqueletos is None:
            esqueletos = _local.esqueletos = {}
        anexar = raiz.append
        for estrutura, valores, chave_pronto in self.blocos:
            if estrutura is None:
                anexar(valores.__copy__())  # no lxml a cópia de um elemento leva a subárvore inteira
                continue
            esqueleto = esqueletos.get(estrutura)
            if esqueleto is None:
                if len(esqueletos) >= _MAXIMO_ESQUELETOS:
                    esqueletos.clear()
                esqueleto = esqueletos[estrutura] = _esqueleto(estrutura)
            bloco = esqueleto.__copy__()
            for elemento, valor in zip(bloco.iter(), valores):
                if valor.__class__ is str:
                    elemento.text = valor
                elif valor is not None:
                    for nome, conteudo in valor.items():
                        elemento.set(nome, conteudo)
            if chave_pronto is not None:
                prontos = _prontos()
                if len(prontos) >= _MAXIMO_ESQUELETOS:
                    prontos.clear()
                prontos[chave_pronto] = bloco.__copy__()
            anexar(bloco)
        return raiz


def _prontos() -> dict:
    prontos = getattr(_local, "prontos", None)
    if prontos is None:
        prontos = _local.prontos = {}
    return prontos


def _esqueleto(estrutura: tuple) -> etree._Element:
    pilha: list = []
    raiz = None
    for token in estrutura:
        if token == _FECHA:
            pilha.pop()
        elif token[0] == "+":
            if pilha:
                pilha.append(_SE(pilha[-1], P + token[1:]))
            else:
                raiz = etree.Element(P + token[1:], nsmap={None: NS})
                pilha.append(raiz)
        else:
            _SE(pilha[-1], P + token)
    return raiz
