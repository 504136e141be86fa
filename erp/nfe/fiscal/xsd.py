"""Validação contra o XSD oficial da NF-e 4.00 empacotado no nfelib, com mensagens em português.

O esquema leva dezenas de milissegundos para carregar: é lido uma vez por thread e reaproveitado.
"""
import re
import threading
from importlib import resources

from lxml import etree

from erp.comum.esquemas import carregar_esquema
from erp.nfe.fiscal.erros import SchemaInvalido

_local = threading.local()
_NS = re.compile(r"\{[^}]*\}")

_REGRAS = (
    (re.compile(r"\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern '(.*)'"),
     lambda m: f"valor '{m[1]}' inválido (formato esperado: {m[2]})"),
    (re.compile(r"\[facet 'maxLength'\] The value has a length of '(\d+)'; .* maximum length of '(\d+)'"),
     lambda m: f"texto com {m[1]} caracteres; o máximo é {m[2]}"),
    (re.compile(r"\[facet 'minLength'\] The value has a length of '(\d+)'; .* minimum length of '(\d+)'"),
     lambda m: f"texto com {m[1]} caracteres; o mínimo é {m[2]}"),
    (re.compile(r"\[facet 'enumeration'\] The value '(.*)' is not an element of the set \{(.*)\}"),
     lambda m: f"valor '{m[1]}' não permitido (valores aceitos: {m[2]})"),
    (re.compile(r"Missing child element\(s\)\. Expected is (?:one of )?\( (.*) \)"),
     lambda m: ("falta um destes campos: " if "," in m[1] else "falta o campo ") + _nomes(m[1])),
    (re.compile(r"This element is not expected\. Expected is (?:one of )?\( (.*) \)"),
     lambda m: f"campo fora de ordem ou não permitido aqui (esperado: {_nomes(m[1])})"),
    (re.compile(r"This element is not expected\."), lambda m: "campo não permitido aqui"),
    (re.compile(r"'(.*)' is not a valid value of the (?:local )?(?:atomic|union) type"),
     lambda m: f"valor '{m[1]}' inválido"),
)
_REPETIDA = re.compile(r"is not a valid value of the (?:local )?(?:atomic|union) type")


def caminho_xsd_nfe() -> str:
    pasta = resources.files("nfelib") / "nfe" / "schemas" / "v4_0"
    return str(pasta / "nfe_v4.00.xsd")


def schema_nfe() -> etree.XMLSchema:
    schema = getattr(_local, "schema", None)
    if schema is None:
        schema = _local.schema = carregar_esquema(caminho_xsd_nfe())
    return schema


def erros_schema(nfe: etree._Element) -> list[str]:
    """Mensagens em português para cada erro de esquema; lista vazia se o XML é válido."""
    schema = schema_nfe()
    if schema.validate(nfe):
        return []
    arvore = nfe.getroottree()
    mensagens, vistos = [], set()
    for erro in schema.error_log:
        if _REPETIDA.search(erro.message) and erro.path in vistos:
            continue  # o libxml2 repete, em termos genéricos, o erro de faceta já explicado
        vistos.add(erro.path)
        mensagens.append(_traduzir(arvore, erro))
    return mensagens


def validar(nfe: etree._Element) -> None:
    """Levanta SchemaInvalido com as mensagens traduzidas se o NFe não passa no XSD."""
    mensagens = erros_schema(nfe)
    if mensagens:
        raise SchemaInvalido(mensagens)


def _traduzir(arvore, erro) -> str:
    campo = _campo(arvore, erro)
    mensagem = erro.message
    atributo = re.match(r"Element '[^']*', attribute '([^']*)'", mensagem)
    if atributo:
        campo += f"/@{atributo[1]}"
    for regra, texto in _REGRAS:
        m = regra.search(mensagem)
        if m:
            return f"{campo}: {texto(m)}."
    return f"{campo}: {_NS.sub('', mensagem)}"


def _campo(arvore, erro) -> str:
    """'Campo dest/CNPJ' ou 'Item 2 (produto ABC), campo prod/NCM'."""
    try:
        encontrados = arvore.xpath(erro.path) if erro.path else []
    except etree.XPathError:
        encontrados = []
    if not encontrados:
        return "Campo " + _NS.sub("", erro.path or "?")
    elemento = encontrados[0]
    partes, item = [], None
    while elemento is not None and etree.QName(elemento).localname not in ("infNFe", "NFe"):
        nome = etree.QName(elemento).localname
        if nome == "det":
            item = elemento
            break
        partes.append(nome)
        elemento = elemento.getparent()
    caminho = "/".join(reversed(partes)) or etree.QName(encontrados[0]).localname
    if item is None:
        return f"Campo {caminho}"
    produto = item.findtext(f"{{{etree.QName(item).namespace}}}prod/{{{etree.QName(item).namespace}}}cProd")
    return f"Item {item.get('nItem')} (produto {produto}), campo {caminho}"


def _nomes(lista: str) -> str:
    return ", ".join(_NS.sub("", n.strip()) for n in lista.split(","))
