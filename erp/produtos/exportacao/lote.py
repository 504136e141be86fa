"""Exportação em lote (tela e linha de comando): uma tarefa com o resultado de cada produto."""
import logging
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select

from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.produtos.exportacao.exportar import ResultadoExportacao, exportar_produto
from erp.produtos.models import Produto, ProdutoLoja
from erp.tarefas import services as tarefas
from erp.tarefas.models import Tarefa

log = logging.getLogger(__name__)
TIPO = "exportar_produtos"
SITUACOES = {"integrado": "Integrado", "nao_integrado": "Não integrado",
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
    elif situacao == "alterado":
        consulta_ = consulta_.where(ProdutoLoja.id.is_not(None), or_(
            ProdutoLoja.exportado_em.is_(None), Produto.alterado_em > ProdutoLoja.exportado_em))
    return consulta_.order_by(Produto.nome, Produto.id)


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


def em_andamento(loja_id: int):
    """A exportação ainda não terminada desta loja (ignora as paradas há mais de 30 minutos)."""
    limite = agora() - timedelta(minutes=30)
    return (db.session.query(Tarefa)
            .filter(Tarefa.tipo == TIPO, Tarefa.loja_id == loja_id,
                    Tarefa.situacao.in_(("pendente", "executando")), Tarefa.atualizado_em > limite)
            .order_by(Tarefa.id.desc()).first())


def iniciar_exportacao(loja: LojaVirtual, produto_ids: list[int]):
    """Cria a tarefa e põe a exportação na fila; devolve a Tarefa (a tela mostra o progresso)."""
    from erp.produtos.tasks import exportar_produtos

    andamento = em_andamento(loja.id)
    if andamento is not None:
        raise ExportacaoEmAndamento(andamento)
    tarefa = criar_tarefa(loja, produto_ids)
    exportar_produtos(tarefa.id)
    return tarefa


def criar_tarefa(loja: LojaVirtual, produto_ids: list[int]):
    ids = list(dict.fromkeys(int(i) for i in produto_ids))
    return tarefas.criar_tarefa(
        TIPO, f"Exportar {len(ids)} produto(s) para {loja.nome}", total=len(ids),
        parametros={"produto_ids": ids}, loja_id=loja.id,
    )


def _com_repeticao(cli, loja, produto: Produto) -> ResultadoExportacao:
    from erp.lojas_virtuais.tray import erros

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
    from erp.lojas_virtuais.tray import erros

    tarefa = tarefas.iniciar(tarefa_id)
    loja = db.session.get(LojaVirtual, tarefa.loja_id)
    ids = list(tarefa.parametros.get("produto_ids") or [])
    resultados: list[ResultadoExportacao] = []
    parada = None
    if loja is None:
        tarefas.falhar(tarefa_id, "A loja virtual não existe mais")
        return resultados
    if loja.pausada:
        parada = f"A loja {loja.nome} está pausada" + (f": {loja.motivo_pausa}" if loja.motivo_pausa else "")
    try:
        if cli is None and parada is None:
            from erp.lojas_virtuais.tray.client import cliente_da_loja

            cli = cliente_da_loja(loja)
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
    except Exception as erro:  # registra na tarefa e deixa a fila ver a falha
        log.exception("Exportação %s interrompida", tarefa_id)
        tarefas.falhar(tarefa_id, f"Exportação interrompida: {erro}")
        raise
    tarefas.concluir(tarefa_id, resumo(resultados))
    return resultados


def resumo(resultados: list[ResultadoExportacao]) -> str:
    plurais = {"criado": "exportado(s)", "atualizado": "atualizado(s)", "sem_mudanca": "sem mudança",
               "falhou": "com falha"}
    contagem = {}
    for r in resultados:
        contagem[r.resultado] = contagem.get(r.resultado, 0) + 1
    partes = [f"{contagem[chave]} {nome}" for chave, nome in plurais.items() if chave in contagem]
    return "Concluída: " + (", ".join(partes) if partes else "nenhum produto")
