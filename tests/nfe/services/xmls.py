"""Manipulações de XML para os testes de rejeição: reassinar com outro certificado, alterar depois de assinar."""
import copy

from lxml import etree

from erp.nfe.fiscal.assinatura import DS, Assinador
from erp.nfe.fiscal.certificado import carregar_certificado
from erp.nfe.fiscal.xml import envelopar
from tests.nfe.services import fabrica

N = "{http://www.portalfiscal.inf.br/nfe}"


def reassinar(xml: bytes, pfx: bytes, alterar=None) -> bytes:
    """Tira a assinatura, aplica `alterar(infNFe)` e assina de novo com o A1 `pfx`."""
    nfe = etree.fromstring(xml)
    nfe.remove(nfe.find(f"{{{DS}}}Signature"))
    inf = copy.deepcopy(nfe.find(N + "infNFe"))
    if alterar is not None:
        alterar(inf)
    assinador = Assinador(carregar_certificado(pfx, fabrica.SENHA))
    preparada = assinador.preparar(inf)
    nova = envelopar(inf)
    nova.append(preparada.elemento)
    assinador.concluir(preparada)
    return etree.tostring(nova, encoding="UTF-8")


def alterar_assinado(xml: bytes, caminho: str, valor: str) -> bytes:
    """Muda um campo do infNFe SEM reassinar (o que quebra a assinatura)."""
    nfe = etree.fromstring(xml)
    nfe.find(caminho.replace("n:", N)).text = valor
    return etree.tostring(nfe, encoding="UTF-8")


def trocar_dv(inf) -> None:
    """DV errado na chave (Id e cDV coerentes entre si, mas o módulo 11 não confere)."""
    chave = inf.get("Id")[3:]
    errado = str((int(chave[43]) + 1) % 10)
    inf.set("Id", "NFe" + chave[:43] + errado)
    inf.find(f"{N}ide/{N}cDV").text = errado
