"""O que o painel mostra, lido do banco: nada aqui chama a Tray nem a SEFAZ."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from erp.comum.banco import dia_em_brasilia
from erp.comum.datas import hoje as hoje_em_brasilia
from erp.comum.datas import inicio_do_dia
from erp.comum.documentos import ie_valida
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual, SituacaoLoja
from erp.nfe.models import AMBIENTES, SITUACOES_NOTA, Empresa, NotaFiscal
from erp.pedidos.models import ImportacaoPedido
from erp.produtos.models import DiferencaEstoque, Produto
from erp.retorno_tray.models import ConfiguracaoRetorno, EnvioTray
from erp.vendas.estados import SITUACOES_A_FATURAR
from erp.vendas.models import Venda

DIAS = 30


@dataclass
class Contador:
    chave: str
    titulo: str
    valor: int
    url: str
    icone: str
    cor: str  # classe do Bootstrap quando há algo a fazer
    acao: str


@dataclass
class Passo:
    chave: str
    titulo: str
    feito: bool
    url: str
    dica: str


def _contar(modelo, *condicoes) -> int:
    return db.session.scalar(select(func.count()).select_from(modelo).where(*condicoes)) or 0


def contadores() -> list[Contador]:
    return [
        Contador("a_faturar", "Vendas a faturar", _contar(Venda, Venda.situacao.in_(SITUACOES_A_FATURAR)),
                 "/nfe/emitir", "bi-receipt", "primary", "Emitir NF-e"),
        Contador("falhas_importacao", "Pedidos com falha na importação",
                 _contar(ImportacaoPedido, ImportacaoPedido.resultado == "falhou"), "/pedidos/?situacao=falhou",
                 "bi-exclamation-triangle", "danger", "Ver e corrigir"),
        Contador("nfe_rejeitadas", "NF-e rejeitadas", _contar(NotaFiscal, NotaFiscal.situacao == "rejeitada"),
                 "/nfe/notas?situacao=rejeitada", "bi-x-octagon", "danger", "Ver motivos"),
        Contador("nfe_processando", "NF-e em processamento",
                 _contar(NotaFiscal, NotaFiscal.situacao == "em_processamento"),
                 "/nfe/notas?situacao=em_processamento", "bi-hourglass-split", "warning", "Consultar"),
        Contador("retorno_falhas", "Retorno à Tray com falha", _contar(EnvioTray, EnvioTray.situacao == "falhou"),
                 "/retorno-tray/?situacao=falhou", "bi-arrow-repeat", "danger", "Tentar de novo"),
        Contador("estoque_diferente", "Produtos com estoque diferente na Tray",
                 _contar(DiferencaEstoque, DiferencaEstoque.situacao == "aberta"), "/produtos/estoque-tray/",
                 "bi-arrow-left-right", "warning", "Conferir"),
        Contador("produtos_revisar", "Produtos criados pela importação a revisar",
                 _contar(Produto, Produto.criado_na_importacao.is_(True), Produto.revisado_em.is_(None)),
                 "/produtos/revisar", "bi-clipboard-check", "info", "Revisar"),
    ]


def _por_dia(coluna, *condicoes, hoje: date) -> list[int]:
    inicio = hoje - timedelta(days=DIAS - 1)
    dia = dia_em_brasilia(coluna)
    linhas = db.session.execute(
        select(dia, func.count()).where(coluna >= inicio_do_dia(inicio), *condicoes)
        .group_by(dia)).all()
    contagem = {str(d)[:10]: n for d, n in linhas}
    return [contagem.get((inicio + timedelta(days=i)).isoformat(), 0) for i in range(DIAS)]


def graficos(hoje: date | None = None) -> dict:
    """Séries dos últimos 30 dias (vendas e NF-e autorizadas por dia) e NF-e por situação."""
    hoje = hoje or hoje_em_brasilia()
    inicio = hoje - timedelta(days=DIAS - 1)
    dias = [(inicio + timedelta(days=i)).strftime("%d/%m") for i in range(DIAS)]
    por_situacao = dict(db.session.execute(
        select(NotaFiscal.situacao, func.count()).group_by(NotaFiscal.situacao)).all())
    return {
        "dias": dias,
        "vendas": _por_dia(Venda.data_pedido, hoje=hoje),
        "notas": _por_dia(NotaFiscal.emitida_em, NotaFiscal.situacao.in_(("autorizada", "cancelada")), hoje=hoje),
        "situacoes": {SITUACOES_NOTA.get(s, s): n for s, n in sorted(por_situacao.items())},
    }


def empresa() -> Empresa | None:
    return db.session.scalar(select(Empresa).limit(1))


def ambiente_nfe() -> str | None:
    """"Homologação" ou "Produção" conforme a empresa emitente; None sem empresa cadastrada."""
    atual = empresa()
    return AMBIENTES.get(atual.ambiente) if atual is not None else None


def primeiros_passos() -> list[Passo]:
    """A lista do que falta para a loja funcionar de ponta a ponta."""
    lojas = list(db.session.scalars(select(LojaVirtual)))
    conectadas = [loja for loja in lojas if loja.situacao == SituacaoLoja.CONECTADA]
    atual = empresa()
    ie_ok = atual is not None and ie_valida(atual.uf, atual.ie)
    certificado_ok = bool(atual is not None and atual.certificado_cnpj
                          and atual.certificado_cnpj[:8] == (atual.cnpj or "")[:8])
    configuradas = set(db.session.scalars(select(ConfiguracaoRetorno.loja_id)))
    retorno_ok = bool(conectadas) and all(loja.id in configuradas for loja in conectadas)
    return [
        Passo("loja", "Conectar a loja Tray", bool(conectadas), "/lojas/",
              "Em Lojas Virtuais → Nova loja virtual, com o code do aplicativo."),
        Passo("empresa", "Cadastrar a empresa emitente com a inscrição estadual válida", ie_ok, "/nfe/empresa",
              "Razão social, endereço, regime e a IE com os dígitos certos para a UF."),
        Passo("certificado", "Enviar o certificado A1 da empresa", certificado_ok, "/nfe/empresa",
              "O arquivo .pfx com a senha; o CNPJ do certificado precisa ser o da empresa."),
        Passo("ambiente", "Escolher o ambiente da NF-e", atual is not None, "/nfe/empresa",
              "Homologação para testar; Produção para notas com valor fiscal."),
        Passo("retorno", "Configurar o Retorno à Tray", retorno_ok, "/retorno-tray/",
              "O status que o pedido recebe na Tray depois da NF-e autorizada."),
    ]
