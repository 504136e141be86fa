"""Leitura e validação dos dados de produto: números com vírgula ou ponto, EAN, NCM, CEST, HTML."""
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from html import escape

from stdnum import ean as stdnum_ean

from erp.produtos.erros import ErroProduto

ORIGENS = {
    0: "0 - Nacional",
    1: "1 - Estrangeira, importação direta",
    2: "2 - Estrangeira, adquirida no mercado interno",
    3: "3 - Nacional, conteúdo de importação acima de 40%",
    4: "4 - Nacional, processos produtivos básicos",
    5: "5 - Nacional, conteúdo de importação até 40%",
    6: "6 - Estrangeira, importação direta, sem similar nacional (CAMEX)",
    7: "7 - Estrangeira, mercado interno, sem similar nacional (CAMEX)",
    8: "8 - Nacional, conteúdo de importação acima de 70%",
}
UNIDADES = ["UN", "PC", "CX", "KG", "G", "M", "M2", "M3", "L", "ML", "PAR", "KIT", "JG", "DZ", "RL", "FD"]


def texto(valor) -> str:
    return "" if valor is None else str(valor).strip()


def decimal_br(valor, campo: str, rotulo: str) -> Decimal | None:
    """'1.234,56', '1234,56', '1234.56' e '1,234.56' viram Decimal('1234.56'); vazio vira None."""
    bruto = texto(valor).replace("R$", "").replace(" ", "").replace("\xa0", "")
    if not bruto:
        return None
    if "," in bruto and "." in bruto:
        decimal_sep = "," if bruto.rfind(",") > bruto.rfind(".") else "."
        milhar = "." if decimal_sep == "," else ","
        bruto = bruto.replace(milhar, "").replace(decimal_sep, ".")
    elif "," in bruto:
        if bruto.count(",") > 1:
            raise ErroProduto(campo, f"{rotulo}: número inválido ({valor})")
        bruto = bruto.replace(",", ".")
    elif bruto.count(".") > 1:
        bruto = bruto.replace(".", "")
    try:
        numero = Decimal(bruto)
    except InvalidOperation:
        raise ErroProduto(campo, f"{rotulo}: número inválido ({valor})") from None
    if not numero.is_finite():
        raise ErroProduto(campo, f"{rotulo}: número inválido ({valor})")
    if numero < 0:
        raise ErroProduto(campo, f"{rotulo}: não pode ser negativo")
    return numero


def dinheiro(valor, campo: str, rotulo: str) -> Decimal | None:
    numero = decimal_br(valor, campo, rotulo)
    return None if numero is None else numero.quantize(Decimal("0.01"))


def inteiro(valor, campo: str, rotulo: str, negativo: bool = False) -> int | None:
    bruto = texto(valor)
    if not bruto:
        return None
    if negativo and bruto.startswith("-"):
        n = inteiro(bruto[1:], campo, rotulo)
        return None if n is None else -n
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", bruto):  # "2.300" num campo inteiro é milhar
        bruto = bruto.replace(".", "")
    numero = decimal_br(bruto, campo, rotulo)
    if numero != numero.to_integral_value():
        raise ErroProduto(campo, f"{rotulo}: informe um número inteiro ({valor})")
    return int(numero)


def booleano(valor, padrao: bool = True, campo: str = "ativo", rotulo: str = "Ativo") -> bool:
    bruto = texto(valor).lower()
    if not bruto:
        return padrao
    if bruto in ("1", "sim", "s", "true", "verdadeiro", "ativo", "on", "x"):
        return True
    if bruto in ("0", "nao", "não", "n", "false", "falso", "inativo", "off"):
        return False
    raise ErroProduto(campo, f"{rotulo}: use 1 ou 0 (recebido {valor})")


def data(valor, campo: str, rotulo: str) -> date | None:
    bruto = texto(valor)
    if not bruto:
        return None
    for formato in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(bruto, formato).date()
        except ValueError:
            continue
    raise ErroProduto(campo, f"{rotulo}: data inválida ({valor}); use dd/mm/aaaa")


def ean(valor, campo: str = "ean") -> str | None:
    """GTIN-8, 12, 13 ou 14 com dígito verificador conferido; vazio ou 'SEM GTIN' vira None."""
    bruto = re.sub(r"[\s.-]", "", texto(valor))
    if not bruto or bruto.upper() == "SEMGTIN":
        return None
    if not bruto.isdigit() or len(bruto) not in (8, 12, 13, 14):
        raise ErroProduto(campo, f"EAN/GTIN inválido ({valor}): use 8, 12, 13 ou 14 dígitos")
    if not stdnum_ean.is_valid(bruto):
        raise ErroProduto(campo, f"EAN/GTIN {bruto}: dígito verificador não confere")
    return bruto


def ncm(valor) -> str | None:
    bruto = re.sub(r"[\s.]", "", texto(valor))
    if not bruto:
        return None
    if not bruto.isdigit() or len(bruto) != 8:
        raise ErroProduto("ncm", f"NCM deve ter 8 dígitos (recebido {valor})")
    return bruto


def cest(valor) -> str | None:
    bruto = re.sub(r"[\s.]", "", texto(valor))
    if not bruto:
        return None
    if not bruto.isdigit() or len(bruto) != 7:
        raise ErroProduto("cest", f"CEST deve ter 7 dígitos (recebido {valor})")
    return bruto


def origem(valor) -> int | None:
    numero = inteiro(valor, "origem", "Origem")
    if numero is not None and numero not in ORIGENS:
        raise ErroProduto("origem", f"Origem deve ser de 0 a 8 (recebido {valor})")
    return numero


def limite(valor: str, maximo: int, campo: str, rotulo: str) -> str:
    if len(valor) > maximo:
        raise ErroProduto(campo, f"{rotulo}: no máximo {maximo} caracteres (tem {len(valor)})")
    return valor


# Marcas aceitas na descrição (a Tray aceita HTML na descrição do produto).
TAGS_PERMITIDAS = {
    "p", "br", "b", "strong", "i", "em", "u", "s", "ul", "ol", "li", "h2", "h3", "h4", "h5",
    "blockquote", "span", "div", "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "sub", "sup",
}
TAGS_VAZIAS = {"br", "hr"}
TAGS_DESCARTADAS = {"script", "style", "iframe", "object", "embed"}


class _Limpador(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.saida: list[str] = []
        self.ignorando = 0

    def handle_starttag(self, tag, attrs):
        if tag in TAGS_DESCARTADAS:
            self.ignorando += 1
            return
        if self.ignorando or tag not in TAGS_PERMITIDAS:
            return
        extra = ""
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.lower().startswith(("http://", "https://", "mailto:")):
                extra = f' href="{escape(href, quote=True)}"'
        self.saida.append(f"<{tag}{extra}>")

    def handle_endtag(self, tag):
        if tag in TAGS_DESCARTADAS:
            self.ignorando = max(0, self.ignorando - 1)
            return
        if not self.ignorando and tag in TAGS_PERMITIDAS and tag not in TAGS_VAZIAS:
            self.saida.append(f"</{tag}>")

    def handle_data(self, dado):
        if not self.ignorando:
            self.saida.append(escape(dado, quote=False))


def html_seguro(valor) -> str:
    """Mantém só marcação simples (parágrafos, negrito, listas, links); remove scripts e atributos."""
    limpador = _Limpador()
    limpador.feed(texto(valor))
    limpador.close()
    return "".join(limpador.saida).strip()


# --- Tributação do produto (NF-e; regras em docs/fiscal.md, "Impostos") ----------------------------
CSTS_ICMS = ("00", "10", "20", "40", "41", "50", "60", "90")
CSOSNS = ("101", "102", "103", "201", "202", "203", "300", "400", "500", "900")


def _codigo(valor, campo: str, rotulo: str, validos) -> str | None:
    bruto = texto(valor)
    if not bruto:
        return None
    if bruto not in validos:
        raise ErroProduto(campo, f"{rotulo}: use um destes: {', '.join(validos)} (recebido {valor})")
    return bruto


def cst_icms(valor) -> str | None:
    return _codigo(valor, "cst_icms", "CST do ICMS", CSTS_ICMS)


def csosn(valor) -> str | None:
    return _codigo(valor, "csosn", "CSOSN", CSOSNS)


def cbenef(valor) -> str | None:
    """Código de benefício fiscal da UF: 8 ou 10 caracteres, ou "SEM CBENEF" (leiaute, campo I05f)."""
    bruto = texto(valor).upper()
    if not bruto:
        return None
    if bruto != "SEM CBENEF" and not re.fullmatch(r"[!-ÿ]{8}|[!-ÿ]{10}", bruto):
        raise ErroProduto("cbenef", f"cBenef deve ter 8 ou 10 caracteres, ou ser SEM CBENEF (recebido {valor})")
    return bruto


def nfci(valor) -> str | None:
    """Número da FCI: GUID em maiúsculas (leiaute, campo I70, tipo TGuid)."""
    bruto = texto(valor).upper()
    if not bruto:
        return None
    if not re.fullmatch(r"[A-F0-9]{8}-[A-F0-9]{4}-[A-F0-9]{4}-[A-F0-9]{4}-[A-F0-9]{12}", bruto):
        raise ErroProduto("nfci", f"nFCI deve ser um GUID como B01F70AF-10BF-4B1F-848C-65FF57F616FE (recebido {valor})")
    return bruto


def percentual(valor, campo: str, rotulo: str, maximo: int = 100) -> Decimal | None:
    numero = decimal_br(valor, campo, rotulo)
    if numero is not None and numero > maximo:
        raise ErroProduto(campo, f"{rotulo}: no máximo {maximo}%")
    return None if numero is None else numero.quantize(Decimal("0.0001"))


def cst_ibs_cbs(valor) -> str | None:
    bruto = texto(valor)
    if bruto and not re.fullmatch(r"\d{3}", bruto):
        raise ErroProduto("cst_ibs_cbs", f"CST do IBS/CBS tem 3 algarismos (recebido {valor})")
    return bruto or None


def cclass_trib(valor) -> str | None:
    bruto = texto(valor)
    if bruto and not re.fullmatch(r"\d{6}", bruto):
        raise ErroProduto("cclass_trib", f"cClassTrib tem 6 algarismos (recebido {valor})")
    return bruto or None
