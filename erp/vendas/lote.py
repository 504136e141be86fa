"""Importação em lote: todos os pedidos de um filtro (tela, tarefa da fila e linha de comando)."""
from erp.lojas_virtuais.tray import valores as tv
from erp.vendas import resultado as r
from erp.vendas.erros import PedidoIgnorado
from erp.vendas.filtros import Filtros
from erp.vendas.importacao import importar_lote
from erp.vendas.listagem import integrados, pedidos_do_filtro
from erp.vendas.preparo import verificar_status
from erp.vendas.resultado import Resultado, registrar


def importar_pedidos_listados(loja, pedidos: list[dict], origem: str, ao_item=None,
                              paralelo: int = 4) -> list[Resultado]:
    """`pedidos` como vêm na lista da Tray. Cancelados e status que a loja não importa viram "ignorado"
    sem ler o pedido completo (poupa requisições); os demais vão para `importar_lote`."""
    ids = [tv.texto(p.get("id")) for p in pedidos]
    feitos = integrados(loja.id, ids)
    ignorados: dict[str, Resultado] = {}
    for pedido, pid in zip(pedidos, ids):
        if pid in feitos:
            continue
        try:
            verificar_status(pedido, loja.status_importaveis)
        except PedidoIgnorado as erro:
            ignorados[pid] = Resultado(pid, r.IGNORADO, None, str(erro))
    resultados: dict[str, Resultado] = {}

    def guardar(resultado: Resultado) -> None:
        resultados[resultado.pedido_tray] = resultado
        if ao_item is not None:
            ao_item(resultado)

    for resultado in ignorados.values():
        registrar(loja.id, resultado, origem)
        guardar(resultado)
    importar_lote(loja, [pid for pid in ids if pid not in ignorados], origem, ao_item=guardar, paralelo=paralelo)
    return [resultados[pid] for pid in dict.fromkeys(ids)]


def importar_do_filtro(loja, filtros: Filtros, origem: str, ao_item=None, ao_contar=None,
                       paralelo: int = 4) -> list[Resultado]:
    pedidos = pedidos_do_filtro(loja, filtros)
    if ao_contar is not None:
        ao_contar(len(pedidos))
    return importar_pedidos_listados(loja, pedidos, origem, ao_item, paralelo)
