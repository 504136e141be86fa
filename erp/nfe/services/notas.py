"""Consultas de notas e vendas para as telas, download e exportação dos XML."""
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from erp.comum.documentos import limpar
from erp.extensions import db
from erp.nfe.models import SITUACOES_ATIVAS, SITUACOES_NOTA, NotaFiscal
from erp.tarefas.models import Tarefa, TarefaItem
from erp.vendas.estados import SITUACOES_A_FATURAR
from erp.vendas.consultas import do_periodo
from erp.vendas.models import Cliente, Venda

SEM_XML_PARA_EXPORTAR = ("descartada", "inutilizada", "rascunho")
FILTROS_NFE = {"sem_nota": "Sem NF-e", "com_nota": "Com NF-e", "todas": "Todas"}
TIPO_TAREFA = "nfe_gerar"


def _data(valor) -> date | None:
    try:
        return date.fromisoformat((valor or "").strip()[:10])
    except ValueError:
        return None


@dataclass
class FiltrosEmissao:
    busca: str = ""  # cliente, CPF/CNPJ ou número do pedido
    loja_id: int | None = None
    uf: str = ""
    de: date | None = None
    ate: date | None = None
    nfe: str = "sem_nota"

    @classmethod
    def de_dict(cls, dados) -> "FiltrosEmissao":
        dados = dados or {}
        try:
            loja_id = int(dados.get("loja") or 0) or None
        except ValueError:
            loja_id = None
        nfe = dados.get("nfe") or "sem_nota"
        return cls(busca=(dados.get("busca") or "").strip(), loja_id=loja_id,
                   uf=(dados.get("uf") or "").strip().upper()[:2], de=_data(dados.get("de")),
                   ate=_data(dados.get("ate")), nfe=nfe if nfe in FILTROS_NFE else "sem_nota")


def _tem_nota_ativa():
    return db.session.query(NotaFiscal.id).filter(
        NotaFiscal.venda_id == Venda.id, NotaFiscal.situacao.in_(SITUACOES_ATIVAS)).exists()


def _a_emitir(filtros: FiltrosEmissao):
    """As vendas do filtro que ainda podem ganhar NF-e (sem nota ativa), qualquer que seja o filtro de NF-e."""
    return vendas_para_faturar(replace(filtros, nfe="sem_nota"))


def ids_do_filtro(filtros: FiltrosEmissao) -> list[int]:
    """O que "Emitir todas do filtro" manda gerar: as vendas de `_a_emitir`, na ordem da tela."""
    return [venda_id for (venda_id,) in _a_emitir(filtros).with_entities(Venda.id)]


def contar_a_emitir(filtros: FiltrosEmissao) -> int:
    """O número do botão "Emitir todas do filtro"."""
    return _a_emitir(filtros).order_by(None).count()


def vendas_para_faturar(filtros: FiltrosEmissao):
    """Consulta das vendas a faturar (prontas, ou com a NF-e cancelada ou denegada) da tela Emitir."""
    consulta = (db.session.query(Venda).join(Cliente, Venda.cliente_id == Cliente.id)
                .filter(Venda.situacao.in_(SITUACOES_A_FATURAR)))
    if filtros.busca:
        termo = f"%{filtros.busca}%"
        condicoes = [Cliente.nome.ilike(termo), Venda.pedido_tray_id.ilike(termo), Venda.destinatario.ilike(termo)]
        documento = limpar(filtros.busca)
        if len(documento) >= 3:
            condicoes.append(Cliente.cpf_cnpj.ilike(f"%{documento}%"))
        consulta = consulta.filter(or_(*condicoes))
    if filtros.loja_id:
        consulta = consulta.filter(Venda.loja_id == filtros.loja_id)
    if filtros.uf:
        consulta = consulta.filter(or_(Cliente.uf == filtros.uf, Venda.uf == filtros.uf))
    consulta = consulta.filter(*do_periodo(filtros.de, filtros.ate))
    if filtros.nfe == "sem_nota":
        consulta = consulta.filter(~_tem_nota_ativa())
    elif filtros.nfe == "com_nota":
        consulta = consulta.filter(_tem_nota_ativa())
    return consulta.order_by(Venda.data_pedido.desc(), Venda.id.desc())


def ultima_nota_por_venda(venda_ids) -> dict:
    """{venda_id: a NF-e mais recente}."""
    if not venda_ids:
        return {}
    notas = (db.session.query(NotaFiscal).filter(NotaFiscal.venda_id.in_(venda_ids))
             .order_by(NotaFiscal.id))
    return {n.venda_id: n for n in notas}


def ultima_falha_por_venda(venda_ids) -> dict:
    """{venda_id: TarefaItem} da última tentativa de gerar a NF-e, quando ela falhou."""
    if not venda_ids:
        return {}
    itens = (db.session.query(TarefaItem).join(Tarefa, TarefaItem.tarefa_id == Tarefa.id)
             .filter(Tarefa.tipo == TIPO_TAREFA, TarefaItem.referencia_id.in_(venda_ids))
             .order_by(TarefaItem.id))
    ultimos = {i.referencia_id: i for i in itens}
    return {v: i for v, i in ultimos.items() if not i.sucesso}


def listar_notas(situacao: str = "", busca: str = ""):
    """As notas, mais novas primeiro, com a venda e o cliente carregados de uma vez (uma consulta por página,
    não uma por linha). A busca olha o nome do cliente quando não é só algarismos, e a chave, o pedido da Tray e o número
    quando tem algarismos (só algarismos há nesses); venda e cliente entram como subconsultas, sem juntar as
    tabelas na contagem."""
    consulta = db.session.query(NotaFiscal).options(selectinload(NotaFiscal.venda).selectinload(Venda.cliente))
    if situacao in SITUACOES_NOTA:
        consulta = consulta.filter(NotaFiscal.situacao == situacao)
    texto = busca.strip()
    if texto:
        termo, filtros = f"%{texto}%", []
        if not texto.isdigit():
            filtros.append(NotaFiscal.venda_id.in_(
                select(Venda.id).where(Venda.cliente_id.in_(select(Cliente.id).where(Cliente.nome.ilike(termo))))))
        if any(c.isdigit() for c in texto):
            filtros += [NotaFiscal.chave.ilike(termo),
                        NotaFiscal.venda_id.in_(select(Venda.id).where(Venda.pedido_tray_id.ilike(termo)))]
        if texto.isdigit():
            filtros.append(NotaFiscal.numero == int(texto))
        consulta = consulta.filter(or_(*filtros))
    return consulta.order_by(NotaFiscal.id.desc())


def nome_arquivo(nota: NotaFiscal) -> str:
    return f"{nota.chave or f'nfe-{nota.serie}-{nota.numero}'}.xml"


def exportar(destino) -> list[Path]:
    """Grava o XML atual de cada NF-e (NFe assinada; nfeProc depois de autorizada) como <chave>.xml."""
    pasta = Path(destino)
    pasta.mkdir(parents=True, exist_ok=True)
    gravados = []
    notas = (db.session.query(NotaFiscal)
             .filter(NotaFiscal.chave.isnot(None), ~NotaFiscal.situacao.in_(SEM_XML_PARA_EXPORTAR))
             .order_by(NotaFiscal.id))
    for nota in notas:
        if not nota.xml_atual:
            continue
        arquivo = pasta / nome_arquivo(nota)
        arquivo.write_bytes(nota.xml_atual)
        gravados.append(arquivo)
    return gravados


def notas_para_as_vendas(venda_ids: list[int]) -> dict:
    """As NF-e de cada venda para as telas de vendas (erp.vendas.notas), numa consulta, da mais antiga à mais
    nova. Registrada em `erp.nfe.init_app`."""
    from flask import url_for

    from erp.vendas.notas import NotaDaVenda

    saida: dict[int, list] = {}
    consulta = db.session.query(NotaFiscal).filter(NotaFiscal.venda_id.in_(venda_ids)).order_by(NotaFiscal.id)
    for nota in consulta:
        com_documento = nota.situacao in ("autorizada", "cancelada")
        saida.setdefault(nota.venda_id, []).append(NotaDaVenda(
            numero=nota.numero, serie=nota.serie, situacao=nota.situacao,
            situacao_nome=SITUACOES_NOTA.get(nota.situacao, nota.situacao), chave=nota.chave,
            emitida_em=nota.emitida_em, url=url_for("nfe.nota", nota_id=nota.id),
            url_danfe=url_for("nfe.baixar_danfe", nota_id=nota.id) if com_documento else None,
            url_xml=url_for("nfe.xml", nota_id=nota.id) if nota.xml else None))
    return saida
