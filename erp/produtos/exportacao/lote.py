"""Exportação em lote (tela e linha de comando): uma tarefa com o resultado de cada produto.

Uma exportação por loja de cada vez: a tela grava a linha `ExportacaoEmCurso` da loja (restrição única,
`inserir_se_novo`) junto com a tarefa; a linha sai quando a tarefa termina, falha ou é dada como
interrompida. Uma tarefa parada há mais de 30 minutos não segura mais a loja.
"""
import logging
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, or_, select

from erp.comum.banco import inserir_se_novo
from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.lojas_virtuais.tray import erros
from erp.lojas_virtuais.tray.client import cliente_da_loja
from erp.lojas_virtuais.tray.limitador import mensagem_de_espera
from erp.produtos.exportacao.exportar import ResultadoExportacao, exportar_produto
from erp.produtos.models import ExportacaoEmCurso, Produto, ProdutoLoja
from erp.tarefas import fila
from erp.tarefas import services as tarefas
from erp.tarefas.models import SituacaoTarefa, Tarefa

log = logging.getLogger(__name__)
TIPO = "exportar_produtos"
PARADA_HA = timedelta(minutes=30)  # uma exportação sem progresso há mais que isto não segura a loja
FILTROS_SITUACAO = {"integrado": "Integrado", "nao_integrado": "Não integrado",
             "alterado": "Alterado desde a última exportação"}


def consulta(loja_id: int, texto: str = "", situacao: str = ""):
    """SELECT dos produtos para a tela de exportação, com filtros de descrição e situação."""
    consulta_ = select(Produto).outerjoin(
        ProdutoLoja, (ProdutoLoja.produto_id == Produto.id) & (ProdutoLoja.loja_id == loja_id)
    )
    texto = (texto or "").strip()
    if texto:
        padrao = f"%{texto}%"
        consulta_ = consulta_.where(or_(Produto.nome.ilike(padrao), Produto.referencia.ilike(padrao),
                                        Produto.descricao_curta.ilike(padrao)))
    if situacao == "integrado":
        consulta_ = consulta_.where(ProdutoLoja.id.is_not(None))
    elif situacao == "nao_integrado":
        consulta_ = consulta_.where(ProdutoLoja.id.is_(None))
    elif situacao == "alterado":  # mudou no ERP depois da última exportação; só vinculado não conta
        consulta_ = consulta_.where(ProdutoLoja.exportado_em.is_not(None),
                                    Produto.alterado_em > ProdutoLoja.exportado_em)
    return consulta_.order_by(Produto.nome_ordem, Produto.id)


def ids_do_filtro(loja_id: int, texto: str = "", situacao: str = "") -> list[int]:
    return [p.id for p in db.session.scalars(consulta(loja_id, texto, situacao))]


def vinculos(loja_id: int, produto_ids: list[int]) -> dict[int, ProdutoLoja]:
    if not produto_ids:
        return {}
    linhas = db.session.query(ProdutoLoja).filter(
        ProdutoLoja.loja_id == loja_id, ProdutoLoja.produto_id.in_(produto_ids))
    return {v.produto_id: v for v in linhas}


class ExportacaoEmAndamento(Exception):
    """Já há uma exportação desta loja na fila ou rodando (duas ao mesmo tempo poderiam duplicar produtos)."""

    def __init__(self, tarefa):
        super().__init__(f"Já há uma exportação em andamento para esta loja (tarefa nº {tarefa.id}); "
                         "aguarde terminar.")
        self.tarefa = tarefa


def _rodando(tarefa: Tarefa | None) -> bool:
    return (tarefa is not None and tarefa.situacao in (SituacaoTarefa.PENDENTE, SituacaoTarefa.EXECUTANDO)
            and tarefa.atualizado_em > agora() - PARADA_HA)


def em_andamento(loja_id: int) -> Tarefa | None:
    """A exportação ainda não terminada desta loja (ignora as paradas há mais de 30 minutos)."""
    em_curso = db.session.scalar(select(ExportacaoEmCurso).where(ExportacaoEmCurso.loja_id == loja_id))
    return em_curso.tarefa if em_curso is not None and _rodando(em_curso.tarefa) else None


def _soltar_se_parada(loja_id: int) -> None:
    """Tira a linha da loja se a tarefa dela já terminou ou parou (só aquela linha: se outra exportação a
    trocou nesse meio-tempo, nada muda)."""
    em_curso = db.session.scalar(select(ExportacaoEmCurso).where(ExportacaoEmCurso.loja_id == loja_id))
    if em_curso is not None and not _rodando(em_curso.tarefa):
        db.session.execute(delete(ExportacaoEmCurso).where(ExportacaoEmCurso.id == em_curso.id,
                                                           ExportacaoEmCurso.tarefa_id == em_curso.tarefa_id))


def soltar(tarefa_id: int) -> None:
    """A tarefa terminou (ou foi dada como interrompida): a loja fica livre para outra exportação. Sem commit."""
    db.session.execute(delete(ExportacaoEmCurso).where(ExportacaoEmCurso.tarefa_id == tarefa_id))


def iniciar_exportacao(loja: LojaVirtual, produto_ids: list[int]):
    """Cria a tarefa e põe a exportação na fila; devolve a Tarefa (a tela mostra o progresso).

    A tarefa e a linha da loja nascem na mesma transação; se outra exportação da loja gravou a dela antes,
    nada é gravado e sobe `ExportacaoEmAndamento` com a tarefa da outra."""
    for _tentativa in range(3):
        andamento = em_andamento(loja.id)
        if andamento is not None:
            raise ExportacaoEmAndamento(andamento)
        _soltar_se_parada(loja.id)
        tarefa = _nova_tarefa(loja, produto_ids)
        db.session.add(tarefa)
        db.session.flush()
        if inserir_se_novo(ExportacaoEmCurso, {"loja_id": loja.id, "tarefa_id": tarefa.id}, ["loja_id"]):
            db.session.commit()
            fila.enfileirar("produtos.exportar_produtos", tarefa.id)
            return tarefa
        db.session.rollback()  # outra exportação gravou a linha da loja agora: a dela vale
    raise ExportacaoEmAndamento(em_andamento(loja.id) or tarefa)


def _nova_tarefa(loja: LojaVirtual, produto_ids: list[int]) -> Tarefa:
    ids = list(dict.fromkeys(int(i) for i in produto_ids))
    return Tarefa(tipo=TIPO, titulo=f"Exportar {len(ids)} produto(s) para {loja.nome}", total=len(ids),
                  parametros={"produto_ids": ids}, loja_id=loja.id)


def criar_tarefa(loja: LojaVirtual, produto_ids: list[int]) -> Tarefa:
    """A tarefa de uma exportação que roda na hora (linha de comando, bancada), sem passar pela fila."""
    tarefa = _nova_tarefa(loja, produto_ids)
    return tarefas.criar_tarefa(tarefa.tipo, tarefa.titulo, total=tarefa.total, parametros=tarefa.parametros,
                                loja_id=loja.id)


def _com_repeticao(cli, loja, produto: Produto) -> ResultadoExportacao:
    tentativas = int(current_app.config.get("EXPORTACAO_TENTATIVAS", 3))
    pausa = float(current_app.config.get("EXPORTACAO_PAUSA_S", 10))
    for tentativa in range(1, tentativas + 1):
        try:
            return exportar_produto(loja, produto, cli)
        except (erros.LimiteExcedido, erros.Indisponivel) as erro:
            if tentativa == tentativas:
                return ResultadoExportacao(referencia=produto.referencia, motivo=f"{erro} (tente de novo mais tarde)")
            log.warning("Exportando %s: %s; nova tentativa em %.0f s", produto.referencia, erro, pausa * tentativa)
            time.sleep(pausa * tentativa)
    raise AssertionError("inalcançável")


def executar_exportacao(tarefa_id: int, cli=None, ao_item=None) -> list[ResultadoExportacao]:
    """Exporta os produtos da tarefa, gravando o resultado de cada um (a tela acompanha).

    `ao_item(resultado)`, se dado, é chamado depois de cada produto (bancada, linha de comando).
    """
    tarefa = tarefas.iniciar(tarefa_id)
    loja = db.session.get(LojaVirtual, tarefa.loja_id)
    ids = list(tarefa.parametros.get("produto_ids") or [])
    resultados: list[ResultadoExportacao] = []
    parada = None
    if loja is None:
        tarefas.falhar(tarefa_id, "A loja virtual não existe mais")
        _soltar_e_gravar(tarefa_id)
        return resultados
    if loja.pausada:
        parada = f"A loja {loja.nome} está pausada" + (f": {loja.motivo_pausa}" if loja.motivo_pausa else "")
    try:
        if cli is None and parada is None:
            cli = cliente_da_loja(loja)
        espera = (lambda: cli.transporte.limitador.espera_estimada()) if cli is not None else (lambda: None)
        with tarefas.avisar_espera(tarefa_id, espera, mensagem_de_espera):
            resultados += _exportar_os_produtos(tarefa_id, loja, cli, ids, parada, ao_item)
    except Exception as erro:  # registra na tarefa e deixa a fila ver a falha
        log.exception("Exportação %s interrompida", tarefa_id)
        tarefas.falhar(tarefa_id, f"Exportação interrompida: {erro}")
        _soltar_e_gravar(tarefa_id)
        raise
    tarefas.concluir(tarefa_id, resumo(resultados))
    _soltar_e_gravar(tarefa_id)
    return resultados


def _exportar_os_produtos(tarefa_id: int, loja, cli, ids: list[int], parada: str | None,
                          ao_item) -> list[ResultadoExportacao]:
    """Cada produto da tarefa, com o resultado gravado; uma loja pausada ou desconectada para o resto."""
    resultados: list[ResultadoExportacao] = []
    for produto_id in ids:
        produto = db.session.get(Produto, produto_id)
        if produto is None:
            tarefas.registrar_item(tarefa_id, f"#{produto_id}", "falhou", False, "Produto não existe mais")
            continue
        if parada is not None:
            resultado = ResultadoExportacao(referencia=produto.referencia, motivo=parada)
        else:
            try:
                resultado = _com_repeticao(cli, loja, produto)
            except erros.ErroAutenticacao as erro:
                parada = f"A loja precisa ser reconectada: {erro}"
                resultado = ResultadoExportacao(referencia=produto.referencia, motivo=parada)
        resultados.append(resultado)
        tarefas.registrar_item(
            tarefa_id, resultado.referencia, resultado.rotulo, resultado.sucesso, resultado.motivo,
            referencia_id=produto.id, dados=resultado.como_dict(),
        )
        if ao_item is not None:
            ao_item(resultado)
    return resultados


def _soltar_e_gravar(tarefa_id: int) -> None:
    soltar(tarefa_id)
    db.session.commit()


def ao_interromper(tarefa: Tarefa, **_) -> None:
    """Ouve `tarefas.services.tarefa_interrompida`: a exportação de um trabalhador morto solta a loja."""
    if tarefa.tipo == TIPO:
        soltar(tarefa.id)


def resumo(resultados: list[ResultadoExportacao]) -> str:
    plurais = {"criado": "exportado(s)", "vinculado": "vinculado(s) ao que já estava na loja",
               "atualizado": "atualizado(s)", "sem_mudanca": "sem mudança",
               "falhou": "com falha"}
    contagem = {}
    for r in resultados:
        contagem[r.resultado] = contagem.get(r.resultado, 0) + 1
    partes = [f"{contagem[chave]} {nome}" for chave, nome in plurais.items() if chave in contagem]
    return "Concluída: " + (", ".join(partes) if partes else "nenhum produto")
