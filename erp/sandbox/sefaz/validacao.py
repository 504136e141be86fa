"""Regras de validação de cada NF-e do lote, na ordem em que a SEFAZ as aplica.

Devolve o cStat de rejeição (com o texto) ou None quando a nota pode seguir para a numeração.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from lxml import etree

from erp.sandbox.sefaz.xmldsig import digito_verificador
from erp.sandbox.sefaz.assinatura import conferir
from erp.sandbox.sefaz.estado import EstadoSefaz

NS = "{http://www.portalfiscal.inf.br/nfe}"
DEST_HOMOLOGACAO = "NF-E EMITIDA EM AMBIENTE DE HOMOLOGACAO - SEM VALOR FISCAL"
PRESENCA_COM_INTERMEDIADOR = {"2", "3", "4", "9"}
TOLERANCIA_FUTURO = timedelta(minutes=5)
FORA_DE_PRAZO = timedelta(days=7)
# Pesos dos dois DV do CNPJ (numérico ou alfanumérico), como na nota técnica da Receita Federal.
_PESOS_DV1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_PESOS_DV2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def cnpj_valido(cnpj: str) -> bool:
    """CNPJ de 14 posições: 12 letras maiúsculas ou algarismos e 2 DV numéricos (valor = código ASCII − 48)."""
    if len(cnpj) != 14 or not cnpj[12:].isdigit() or not all(c.isdigit() or "A" <= c <= "Z" for c in cnpj[:12]):
        return False
    if len(set(cnpj)) == 1:
        return False
    valores = [ord(c) - 48 for c in cnpj]
    for pesos in (_PESOS_DV1, _PESOS_DV2):
        resto = sum(v * p for v, p in zip(valores, pesos)) % 11
        if valores[len(pesos)] != (0 if resto < 2 else 11 - resto):
            return False
    return True


@dataclass
class NFeRecebida:
    """Os campos que as regras e o registro usam, lidos uma vez."""

    nfe: etree._Element
    inf: etree._Element
    chave: str
    cuf: str
    cnpj: str
    serie: int
    numero: int
    ambiente: int
    emitida_em: datetime | None
    destinatario: str
    digest: str | None = None

    @property
    def numeracao(self) -> tuple:
        return (self.cnpj, "55", self.serie, self.numero, self.ambiente)


def campo(elemento, caminho: str) -> str:
    """Texto de um caminho relativo como 'ide/nNF' (sem namespace), ou ''."""
    xpath = "/".join(NS + parte for parte in caminho.split("/"))
    return (elemento.findtext(xpath) or "").strip()


def _inteiro(texto: str, padrao: int = -1) -> int:
    try:
        return int(texto)
    except ValueError:
        return padrao


def _data(texto: str) -> datetime | None:
    try:
        return datetime.fromisoformat(texto)
    except ValueError:
        return None


def ler(nfe: etree._Element) -> NFeRecebida:
    inf = nfe.find(NS + "infNFe")
    identificador = inf.get("Id") or ""
    emit = inf.find(NS + "emit")
    dest = inf.find(NS + "dest")
    destinatario = ""
    if dest is not None:
        destinatario = campo(dest, "CNPJ") or campo(dest, "CPF") or campo(dest, "idEstrangeiro")
    return NFeRecebida(
        nfe=nfe, inf=inf, chave=identificador[3:], cuf=campo(inf, "ide/cUF"),
        cnpj=campo(emit, "CNPJ") or campo(emit, "CPF").rjust(14, "0"), serie=_inteiro(campo(inf, "ide/serie")),
        numero=_inteiro(campo(inf, "ide/nNF")), ambiente=_inteiro(campo(inf, "ide/tpAmb")),
        emitida_em=_data(campo(inf, "ide/dhEmi")), destinatario=destinatario,
    )


def _chave_dos_campos(nota: NFeRecebida) -> str:
    inf = nota.inf
    emissao = nota.emitida_em
    ano_mes = f"{emissao.year % 100:02d}{emissao.month:02d}" if emissao else "0000"
    return (f"{campo(inf, 'ide/cUF')}{ano_mes}{nota.cnpj}{campo(inf, 'ide/mod')}{nota.serie:03d}"
            f"{nota.numero:09d}{campo(inf, 'ide/tpEmis')}{campo(inf, 'ide/cNF')}{campo(inf, 'ide/cDV')}")


def _valor(elemento, caminho: str) -> Decimal:
    try:
        return Decimal(campo(elemento, caminho) or "0")
    except InvalidOperation:
        return Decimal("NaN")


def _totais(inf: etree._Element) -> int | None:
    total = inf.find(f"{NS}total/{NS}ICMSTot")
    soma_itens = sum((_valor(det, "prod/vProd") for det in inf.iter(NS + "det")
                      if campo(det, "prod/indTot") == "1"), Decimal(0))
    if soma_itens != _valor(total, "vProd"):
        return 564
    deduz_desoneracao = any(e.text == "1" for e in inf.iter(NS + "indDeduzDeson"))
    esperado = (_valor(total, "vProd") - _valor(total, "vDesc") + _valor(total, "vST") + _valor(total, "vFCPST")
                + _valor(total, "vFrete") + _valor(total, "vSeg") + _valor(total, "vOutro") + _valor(total, "vII")
                + _valor(total, "vIPI") + _valor(total, "vIPIDevol") + _valor(inf, "total/ISSQNtot/vServ"))
    if deduz_desoneracao:
        esperado -= _valor(total, "vICMSDeson")
    if esperado != _valor(total, "vNF"):
        return 610
    return None


def _contingencia(est: EstadoSefaz, inf: etree._Element) -> int | None:
    """B22-30 (570): a autorizadora não aceita tpEmis 3, 6 ou 7; B28-10 (556) e B28 (557): dhCont/xJust só (e
    sempre) fora da emissão normal."""
    tp_emis = campo(inf, "ide/tpEmis")
    informou = bool(campo(inf, "ide/dhCont") or campo(inf, "ide/xJust"))
    if tp_emis in ("3", "6", "7") and not est.contingencia:
        return 570
    if tp_emis == "1" and informou:
        return 556
    if tp_emis != "1" and not campo(inf, "ide/xJust"):
        return 557
    return None


def validar(est: EstadoSefaz, nota: NFeRecebida, agora: datetime) -> int | None:
    """cStat da primeira regra violada (antes da numeração), ou None."""
    conferencia = conferir(nota.nfe, nota.inf, agora)
    nota.digest = conferencia.digest
    if conferencia.cstat is not None:
        return conferencia.cstat
    if conferencia.cnpj_certificado[:8] != nota.cnpj[:8]:
        return 213
    if len(nota.chave) != 44 or digito_verificador(nota.chave[:43]) != _inteiro(nota.chave[43]):
        return 236
    if _chave_dos_campos(nota) != nota.chave:
        return 502
    if nota.ambiente != est.ambiente:
        return 252
    contingencia = _contingencia(est, nota.inf)
    if contingencia is not None:
        return contingencia
    cnpj_informado = campo(nota.inf, "emit/CNPJ")
    if cnpj_informado and not cnpj_valido(cnpj_informado):
        return 207
    if nota.emitida_em is None or nota.emitida_em > agora + TOLERANCIA_FUTURO:
        return 703
    if nota.emitida_em < agora - timedelta(days=est.dias_atraso_maximo):
        return 228
    if nota.ambiente == 2 and campo(nota.inf, "dest/xNome") != DEST_HOMOLOGACAO:
        return 598
    totais = _totais(nota.inf)
    if totais is not None:
        return totais
    presenca = campo(nota.inf, "ide/indPres")
    tem_indicador = nota.inf.find(f"{NS}ide/{NS}indIntermed") is not None
    if presenca in PRESENCA_COM_INTERMEDIADOR and not tem_indicador:
        return 434
    if presenca not in PRESENCA_COM_INTERMEDIADOR and tem_indicador:
        return 435
    return None


def fora_de_prazo(nota: NFeRecebida, agora: datetime) -> bool:
    return nota.emitida_em is not None and nota.emitida_em < agora - FORA_DE_PRAZO
