"""Importação em lote: os pedidos selecionados ou todos os de um filtro (tela, tarefa da fila e linha de
comando), com o progresso numa tarefa (`erp.tarefas`)."""
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.lojas_virtuais.tray import valores as tv
from erp.pedidos.configuracao import configuracao_da_loja
from erp.pedidos.erros import PedidoIgnorado
from erp.pedidos.filtros import Filtros
from erp.pedidos.importacao import importar_lote, resumo
from erp.pedidos.listagem import integrados, pedidos_do_filtro
from erp.pedidos.models import DesfechoImportacao
from erp.pedidos.preparo import verificar_status
from erp.pedidos.resultado import ResultadoImportacao, registrar
from erp.tarefas import fila
from erp.tarefas import services as tarefas

TIPO_IMPORTACAO = "importar_pedidos"


def importar_pedidos_listados(loja, pedidos: list[dict], origem: str, ao_item=None,
                              paralelo: int = 4) -> list[ResultadoImportacao]:
    """`pedidos` como vêm na lista da Tray. Cancelados e status que a loja não importa viram "ignorado"
    sem ler o pedido completo (poupa requisições); os demais vão para `importar_lote`."""
    ids = [tv.texto(p.get("id")) for p in pedidos]
    feitos = integrados(loja.id, ids)
    status_importaveis = configuracao_da_loja(loja).status_importaveis
    ignorados: dict[str, ResultadoImportacao] = {}
    for pedido, pid in zip(pedidos, ids):
        if pid in feitos:
            continue
        try:
            verificar_status(pedido, status_importaveis)
        except PedidoIgnorado as erro:
            ignorados[pid] = ResultadoImportacao(pid, DesfechoImportacao.IGNORADO, None, str(erro))
    resultados: dict[str, ResultadoImportacao] = {}

    def guardar(resultado: ResultadoImportacao) -> None:
        resultados[resultado.pedido_tray] = resultado
        if ao_item is not None:
            ao_item(resultado)

    for resultado in ignorados.values():
        registrar(loja.id, resultado, origem)
        guardar(resultado)
    importar_lote(loja, [pid for pid in ids if pid not in ignorados], origem, ao_item=guardar, paralelo=paralelo)
    return [resultados[pid] for pid in dict.fromkeys(ids)]


def importar_do_filtro(loja, filtros: Filtros, origem: str, ao_item=None, ao_contar=None,
                       paralelo: int = 4) -> list[ResultadoImportacao]:
    pedidos = pedidos_do_filtro(loja, filtros)
    if ao_contar is not None:
        ao_contar(len(pedidos))
    return importar_pedidos_listados(loja, pedidos, origem, ao_item, paralelo)


def mensagem_resumo(contagem: dict) -> str:
    return (f"{contagem['importado']} importado(s), {contagem['ja_importado']} já importado(s), "
            f"{contagem['ignorado']} ignorado(s), {contagem['falhou']} com falha.")


def registrar_na_tarefa(tarefa_id: int, resultado: ResultadoImportacao) -> None:
    tarefas.registrar_item(tarefa_id, f"Pedido {resultado.pedido_tray}", resultado.nome,
                           sucesso=resultado.sucesso, mensagem=resultado.motivo, referencia_id=resultado.venda,
                           dados=resultado.como_dict())


def importar_selecionados(loja, ids: list[str]):
    """Importa agora os pedidos escolhidos na tela, com o resultado de cada um numa tarefa. Devolve a tarefa."""
    tarefa = tarefas.criar_tarefa(TIPO_IMPORTACAO, f"Importar {len(ids)} pedido(s) selecionado(s) de {loja.nome}",
                                  total=len(ids), parametros={"pedidos": ids}, loja_id=loja.id)
    tarefas.iniciar(tarefa.id)
    resultados = importar_lote(loja, ids, "manual", ao_item=lambda r: registrar_na_tarefa(tarefa.id, r))
    tarefas.concluir(tarefa.id, mensagem_resumo(resumo(resultados)))
    return tarefa


def agendar_importacao_do_filtro(loja, filtros: Filtros):
    """Cria a tarefa "todos do filtro" e a põe na fila (pedidos.importar_pedidos_do_filtro). Devolve a tarefa."""
    tarefa = tarefas.criar_tarefa(TIPO_IMPORTACAO, f"Importar pedidos de {loja.nome} (todos do filtro)",
                                  parametros=filtros.como_dict(), loja_id=loja.id)
    # A tarefa já está gravada (criar_tarefa faz o commit): o trabalhador a encontra.
    fila.enfileirar("pedidos.importar_pedidos_do_filtro", tarefa.id, loja.id, filtros.como_dict())
    return tarefa


def executar_importacao(tarefa_id: int, loja, filtros: dict) -> None:
    """O trabalho da tarefa "todos do filtro" (na fila): progresso e resultados por pedido na tarefa."""
    tarefas.executar(
        tarefa_id,
        lambda: importar_do_filtro(
            loja, Filtros.de_dict(filtros), "tarefa",
            ao_item=lambda resultado: registrar_na_tarefa(tarefa_id, resultado),
            ao_contar=lambda total: tarefas.iniciar(tarefa_id, total=total)),
        lambda resultados: mensagem_resumo(resumo(resultados)), esperados=(erros_tray.ErroTray,))
