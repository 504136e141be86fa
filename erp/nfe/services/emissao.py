"""Geração em lote: venda → documento → número → XML assinado, com lotes de até 50 NF-e.

Pendências de cadastro e dados recusados pelo núcleo fiscal aparecem antes da reserva do número
(nenhum número é gasto). Falhas depois da reserva (schema, assinatura) descartam a nota e mandam o
número para inutilização.
"""
import logging
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from erp.comum.modelos import agora
from erp.extensions import db
from erp.nfe.fiscal import emitir
from erp.nfe.fiscal.erros import DadosIncompletos, ErroFiscal
from erp.nfe.models import SITUACOES_ATIVAS, LoteNFe, NotaFiscal
from erp.nfe.services import aliquotas, certificado, contingencia, conversao, estados, numeracao
from erp.nfe.services import empresa as empresas
from erp.nfe.services.erros import EmissaoImpossivel
from erp.vendas.estados import SITUACOES_A_FATURAR
from erp.vendas.models import SITUACOES_VENDA, Venda

log = logging.getLogger(__name__)
TAMANHO_LOTE = 50
__all__ = ["EmissaoImpossivel", "ResultadoGeracao", "gerar", "gerar_uma", "preparar", "resumo", "vendas_pendentes"]


@dataclass
class ResultadoGeracao:
    venda: int
    pedido_tray: str | None
    resultado: str  # "assinada" | "falhou"
    numero: int | None = None
    serie: int | None = None
    chave: str | None = None
    motivo: str | None = None
    nota_id: int | None = None
    links: list = field(default_factory=list)  # [{"texto": ..., "url": ...}]

    @property
    def sucesso(self) -> bool:
        return self.resultado == "assinada"

    def como_dict(self) -> dict:
        """O objeto de `nfe gerar --json`."""
        return {"venda": self.venda, "pedido_tray": self.pedido_tray, "resultado": self.resultado,
                "numero": self.numero, "serie": self.serie, "chave": self.chave, "motivo": self.motivo}


class _Lotes:
    """Agrupa as notas assinadas em lotes de até TAMANHO_LOTE."""

    def __init__(self, tarefa_id: int | None):
        self.tarefa_id = tarefa_id
        self.atual: LoteNFe | None = None

    def proximo(self) -> LoteNFe:
        if self.atual is None or self.atual.quantidade >= TAMANHO_LOTE:
            self.atual = LoteNFe(quantidade=0, tarefa_id=self.tarefa_id)
        if self.atual.id is None:  # novo, ou desfeito junto com uma venda que falhou
            db.session.add(self.atual)
            db.session.flush()  # o número do lote entra no histórico da nota
        self.atual.quantidade += 1
        return self.atual


def vendas_pendentes() -> list[int]:
    """Vendas prontas para faturar e sem NF-e ativa, na ordem dos ids."""
    ativa = db.session.query(NotaFiscal.id).filter(
        NotaFiscal.venda_id == Venda.id, NotaFiscal.situacao.in_(SITUACOES_ATIVAS)
    ).exists()
    consulta = db.session.query(Venda.id).filter(Venda.situacao.in_(SITUACOES_A_FATURAR), ~ativa)
    return [v for (v,) in consulta.order_by(Venda.id)]


def preparar():
    """Empresa, certificado e tabela de ICMS para o lote; EmissaoImpossivel se faltar algo."""
    empresa = empresas.obter()
    if empresa is None:
        raise EmissaoImpossivel("Cadastre a empresa emitente em NF-e → Empresa antes de gerar notas.")
    cert = certificado.carregar_da_empresa(empresa)
    return empresa, cert, aliquotas.tabela_icms()


def gerar(venda_ids: Iterable[int], tarefa_id: int | None = None,
          ao_processar: Callable[[ResultadoGeracao], None] | None = None) -> list[ResultadoGeracao]:
    """Gera e assina a NF-e de cada venda. Levanta EmissaoImpossivel antes de começar, se for o caso."""
    empresa, cert, tabela = preparar()
    numeracao.recuperar_abandonados()
    lotes = _Lotes(tarefa_id)
    resultados = []
    for venda_id in venda_ids:
        try:
            resultado = gerar_uma(venda_id, empresa, cert, tabela, lotes)
        except Exception as erro:  # noqa: BLE001 — um erro inesperado não derruba o lote inteiro
            log.exception("Falha inesperada ao gerar a NF-e da venda %s", venda_id)
            db.session.rollback()
            resultado = ResultadoGeracao(venda_id, None, "falhou", motivo=f"Erro inesperado: {erro}")
        resultados.append(resultado)
        if ao_processar is not None:
            ao_processar(resultado)
    return resultados


def resumo(resultados: list[ResultadoGeracao]) -> str:
    assinadas = sum(1 for r in resultados if r.sucesso)
    return f"{assinadas} NF-e assinada(s), {len(resultados) - assinadas} com falha."


def _falha(venda: Venda, motivo: str, links=None, nota: NotaFiscal | None = None) -> ResultadoGeracao:
    return ResultadoGeracao(
        venda.id, venda.pedido_tray_id, "falhou", motivo=motivo, links=list(links or []),
        numero=nota.numero if nota else None, serie=nota.serie if nota else None,
        nota_id=nota.id if nota else None,
    )


def _validar_venda(venda: Venda, empresa, tabela):
    """Documento pronto para numerar, ou a falha com o motivo (sem gastar número)."""
    if venda.situacao not in SITUACOES_A_FATURAR:
        nome = SITUACOES_VENDA.get(venda.situacao, venda.situacao).lower()
        return None, _falha(venda, f"A venda {venda.id} está {nome}; só se fatura venda pronta para faturar.")
    ativa = numeracao.nota_ativa(venda.id)
    if ativa is not None:
        return None, _falha(venda, str(numeracao.VendaJaTemNota(ativa)), nota=ativa)
    try:
        conv = conversao.converter(venda, empresa)
    except conversao.CadastroIncompleto as erro:
        links = [{"texto": p.mensagem, "url": p.url} for p in erro.pendencias if p.url]
        return None, _falha(venda, "; ".join(p.texto for p in erro.pendencias), links)
    try:
        emitir.calcular(conv.documento, tabela)  # cadastro, tributos e pagamentos, sem gastar número
    except DadosIncompletos as erro:
        return None, _falha(venda, *_motivo_do_nucleo(erro, conv))
    return conv, None


def _motivo_do_nucleo(erro: DadosIncompletos, conv: conversao.Conversao) -> tuple[str, list]:
    textos, links = [], []
    for p in erro.pendencias:
        produto_id = conv.produtos_por_codigo.get(p.produto) if p.produto else None
        if produto_id:
            url = conversao.url_produto(produto_id)
            textos.append(f"{p.mensagem} — corrija em {url}")
            links.append({"texto": p.mensagem, "url": url})
        else:
            textos.append(p.mensagem)
    return "; ".join(textos), links


def gerar_uma(venda_id: int, empresa, cert, tabela, lotes: _Lotes) -> ResultadoGeracao:
    venda = db.session.get(Venda, venda_id)
    if venda is None:
        return ResultadoGeracao(venda_id, None, "falhou", motivo=f"Venda {venda_id} não encontrada.")
    conv, falha = _validar_venda(venda, empresa, tabela)
    if falha is not None:
        return falha
    try:
        nota = numeracao.reservar(venda.id, empresa.ambiente, empresa.serie)
    except numeracao.VendaJaTemNota as erro:
        return _falha(venda, str(erro), nota=erro.nota)
    # em contingência a nota já sai para a SVC (tpEmis 6/7, dhCont, xJust)
    documento = replace(conv.documento, numero=nota.numero,
                        **contingencia.campos_do_modo(contingencia.aberta(empresa.ambiente)))
    try:
        gerada = emitir.gerar_nfe(documento, cert, tabela)
    except ErroFiscal as erro:
        motivo = f"NF-e nº {nota.numero} não gerada: {erro}"
        estados.descartar(nota, motivo)
        db.session.commit()
        return _falha(venda, motivo, nota=nota)
    except Exception:
        db.session.rollback()
        estados.descartar(nota, "Erro inesperado na montagem; o número precisa ser inutilizado.")
        db.session.commit()
        raise
    xml, chave = gerada.xml, gerada.chave
    nota.chave = chave
    nota.xml = xml
    nota.valor_total = gerada.calculo.totais.nota
    nota.emitida_em = agora()
    nota.motivo = None
    nota.lote = lotes.proximo()
    estados.transicionar(nota, "assinada", mensagem=f"NF-e assinada; lote {nota.lote.id}.", xml=xml,
                         tipo="xml_assinado")
    db.session.commit()
    return ResultadoGeracao(venda.id, venda.pedido_tray_id, "assinada", nota.numero, nota.serie, chave,
                     nota_id=nota.id)

