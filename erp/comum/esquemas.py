"""Construção de esquemas XSD (lxml) uma de cada vez no processo.

O libxml2 não constrói dois esquemas ao mesmo tempo com segurança: com duas threads carregando um XSD no mesmo
instante, uma delas recebe "Document is not valid XML Schema" ou "the given type is not a built-in type", e às
vezes o processo cai ("double free or corruption"). Visto com lxml 6.1.3 / libxml2 2.14.6 e reproduzido em
tests/comum/test_esquemas.py. Todo XSD do processo (cliente da SEFAZ, núcleo fiscal e simulador) é construído
por aqui, sob a mesma trava; a validação com um esquema já pronto não precisa dela.
"""
import threading

from lxml import etree

_TRAVA = threading.Lock()


def carregar_esquema(caminho: str) -> etree.XMLSchema:
    with _TRAVA:
        return etree.XMLSchema(etree.parse(caminho))
