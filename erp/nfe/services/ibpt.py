"""Tabela do IBPT (Lei 12.741/2012, "De Olho no Imposto"): carga do CSV oficial e consulta por NCM.

O leiaute é o do arquivo que o IBPT distribui por UF (TabelaIBPTax<UF><versão>.csv), separado por ";":
codigo;ex;tipo;descricao;nacionalfederal;importadosfederal;estadual;municipal;vigenciainicio;vigenciafim;
chave;versao;fonte — percentuais com ponto decimal e datas dd/mm/aaaa. Carregar uma tabela troca a anterior
inteira. Sem tabela vigente, o vTotTrib fica de fora da NF-e (docs/fiscal.md).
"""
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from erp.comum import datas
from erp.extensions import db
from erp.nfe.fiscal.documento import CargaTributaria
from erp.nfe.models import TabelaIbpt

COLUNAS = ("codigo", "ex", "tipo", "descricao", "nacionalfederal", "importadosfederal", "estadual", "municipal",
           "vigenciainicio", "vigenciafim", "chave", "versao", "fonte")
# Origens de mercadoria estrangeira (tabela de origem da NF-e): usam o percentual federal de importados.
ORIGENS_ESTRANGEIRAS = frozenset({1, 2, 6, 7})


class TabelaIbptInvalida(ValueError):
    """O arquivo não está no leiaute oficial do IBPT."""


@dataclass
class ResultadoCarga:
    linhas: int = 0
    versao: str = ""
    vigencia_fim: date | None = None
    erros: list = field(default_factory=list)

    def como_dict(self) -> dict:
        return {"linhas": self.linhas, "versao": self.versao,
                "vigencia_fim": self.vigencia_fim.isoformat() if self.vigencia_fim else None,
                "erros": self.erros}


def _texto(conteudo) -> str:
    if isinstance(conteudo, str):
        return conteudo.lstrip("\ufeff")
    try:
        return conteudo.decode("utf-8-sig")
    except UnicodeDecodeError:
        return conteudo.decode("latin-1")  # o IBPT distribui os arquivos em ISO-8859-1


def _data(valor: str) -> date | None:
    valor = (valor or "").strip()
    if not valor:
        return None
    for formato in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(valor, formato).date()
        except ValueError:
            continue
    raise ValueError(f"data inválida ({valor})")


def _percentual(valor: str) -> Decimal:
    try:
        numero = Decimal((valor or "").strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"percentual inválido ({valor})") from None
    if not numero.is_finite() or not 0 <= numero <= 100:
        raise ValueError(f"percentual fora de 0 a 100 ({valor})")
    return numero


def carregar(conteudo, uf: str = "") -> ResultadoCarga:
    """Troca a tabela inteira pela do arquivo; linhas ruins são relatadas (linha 1 = cabeçalho)."""
    leitor = csv.reader(io.StringIO(_texto(conteudo), newline=""), delimiter=";")
    try:
        cabecalho = [c.strip().lower() for c in next(leitor)]
    except StopIteration:
        raise TabelaIbptInvalida("O arquivo está vazio.") from None
    if tuple(cabecalho[:len(COLUNAS)]) != COLUNAS:
        raise TabelaIbptInvalida("Cabeçalho fora do leiaute do IBPT (esperado: " + ";".join(COLUNAS) + ").")
    resultado, novas, vistas = ResultadoCarga(), [], set()
    for registro in leitor:
        if not any(c.strip() for c in registro):
            continue
        dados = dict(zip(COLUNAS, (c.strip() for c in registro)))
        try:
            chave = (dados["codigo"], dados.get("ex", ""), dados.get("tipo") or "0")
            if not dados["codigo"]:
                raise ValueError("código vazio")
            if chave in vistas:
                raise ValueError("código repetido")
            linha = TabelaIbpt(
                codigo=dados["codigo"][:10], ex=dados.get("ex", "")[:3], tipo=(dados.get("tipo") or "0")[:1],
                descricao=dados.get("descricao", "")[:500],
                nacional_federal=_percentual(dados.get("nacionalfederal")),
                importados_federal=_percentual(dados.get("importadosfederal")),
                estadual=_percentual(dados.get("estadual")), municipal=_percentual(dados.get("municipal")),
                vigencia_inicio=_data(dados.get("vigenciainicio")), vigencia_fim=_data(dados.get("vigenciafim")),
                chave=dados.get("chave", "")[:20], versao=dados.get("versao", "")[:20],
                fonte=dados.get("fonte", "")[:60] or "IBPT", uf=uf.upper()[:2])
        except (ValueError, KeyError) as erro:
            resultado.erros.append({"linha": leitor.line_num, "motivo": str(erro)})
            continue
        vistas.add(chave)
        novas.append(linha)
    if not novas:
        raise TabelaIbptInvalida("Nenhuma linha válida no arquivo.")
    db.session.query(TabelaIbpt).delete()
    db.session.add_all(novas)
    db.session.commit()
    resultado.linhas = len(novas)
    resultado.versao = novas[0].versao
    resultado.vigencia_fim = max((n.vigencia_fim for n in novas if n.vigencia_fim), default=None)
    return resultado


def carga(ncm: str, origem: int, dia: date) -> CargaTributaria | None:
    """Os percentuais do NCM na data (tipo 0, sem exceção); None sem tabela, sem o NCM ou fora da vigência."""
    if not ncm:
        return None
    linha = (db.session.query(TabelaIbpt)
             .filter(TabelaIbpt.codigo == ncm, TabelaIbpt.tipo == "0")
             .order_by(TabelaIbpt.ex).first())
    if linha is None or not _vigente(linha, dia):
        return None
    federal = linha.importados_federal if origem in ORIGENS_ESTRANGEIRAS else linha.nacional_federal
    fonte = " ".join(p for p in (linha.fonte or "IBPT", linha.chave) if p)
    return CargaTributaria(federal, linha.estadual, linha.municipal, fonte)


def _vigente(linha: TabelaIbpt, dia: date) -> bool:
    return (linha.vigencia_inicio is None or linha.vigencia_inicio <= dia) and \
        (linha.vigencia_fim is None or dia <= linha.vigencia_fim)


def situacao(hoje: date | None = None) -> dict:
    """Para a tela e a CLI: há tabela? quantas linhas, versão, vigência, vencida?"""
    hoje = hoje or datas.hoje()
    linhas = db.session.query(TabelaIbpt).count()
    if not linhas:
        return {"carregada": False, "linhas": 0, "versao": "", "vigencia_fim": None, "vencida": False,
                "mensagem": "Nenhuma tabela do IBPT carregada: as NF-e saem sem o valor aproximado dos tributos "
                            "(vTotTrib, Lei 12.741/2012)."}
    exemplo = db.session.query(TabelaIbpt).order_by(TabelaIbpt.id).first()
    fim = db.session.query(db.func.max(TabelaIbpt.vigencia_fim)).scalar()
    vencida = fim is not None and fim < hoje
    mensagem = (f"Tabela do IBPT {exemplo.versao} ({linhas} linhas), válida até {fim:%d/%m/%Y}."
                if fim else f"Tabela do IBPT {exemplo.versao} ({linhas} linhas).")
    if vencida:
        mensagem += " Vencida: as NF-e saem sem o vTotTrib até carregar a tabela nova."
    return {"carregada": True, "linhas": linhas, "versao": exemplo.versao,
            "vigencia_fim": fim.isoformat() if fim else None, "vencida": vencida, "mensagem": mensagem}
