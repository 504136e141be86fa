"""Importação de pedidos da Tray como vendas: uma transação por pedido, uma venda por pedido.

A restrição única (loja_id, pedido_tray_id) da tabela de vendas é a garantia contra duplicatas, também
entre processos: quem perde a corrida recebe IntegrityError e responde "já importado". O cliente novo e os
vínculos com a loja entram por INSERT único (`erp.comum.banco`); uma corrida no cadastro de produto (referência
única) desfaz a transação e repete, e a nova busca acha o produto que o outro processo criou.
"""
import logging
from concurrent.futures import ThreadPoolExecutor

from flask import current_app
from sqlalchemy.exc import IntegrityError, OperationalError

from erp.extensions import db
from erp.lojas_virtuais.tray import api
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.lojas_virtuais.tray import valores as tv
from erp.lojas_virtuais.tray.client import cliente_da_loja
from erp.pedidos.catalogo import produto_do_item
from erp.pedidos.configuracao import configuracao_da_loja
from erp.pedidos.erros import PedidoIgnorado, PedidoInvalido
from erp.pedidos.models import DesfechoImportacao
from erp.pedidos.preparo import PedidoPreparado, preparar, verificar_status
from erp.pedidos.resultado import ResultadoImportacao, pausa_curta, registrar
from erp.pedidos.situacao_tray import atualizar_pelo_pedido
from erp.produtos.estoque import movimentar
from erp.vendas.clientes import cliente_do_pedido
from erp.vendas.models import Venda, VendaItem, VendaPagamento

log = logging.getLogger("erp.pedidos.importacao")
TENTATIVAS_GRAVACAO = 5
FATAIS = (erros_tray.ErroAutenticacao, erros_tray.LojaPausada)


def venda_existente(loja_id: int, pedido_tray_id: str) -> Venda | None:
    return db.session.query(Venda).filter_by(loja_id=loja_id, pedido_tray_id=str(pedido_tray_id)).first()


def _ja_importado(pedido_id: str, venda: Venda) -> ResultadoImportacao:
    return ResultadoImportacao(pedido_id, DesfechoImportacao.JA_IMPORTADO, venda.id,
                               f"Já importado como venda nº {venda.id}.")


def _gravar(loja_id: int, prep: PedidoPreparado) -> Venda:
    cliente = cliente_do_pedido(loja_id, prep.cliente, prep.cliente_tray_id)
    venda = Venda(loja_id=loja_id, cliente=cliente, **prep.venda)
    db.session.add(venda)
    db.session.flush()  # reserva (loja, pedido) já: quem chegar depois esbarra na restrição única
    for item, valor in zip(prep.itens, prep.totais.itens):
        produto, variacao = produto_do_item(loja_id, item)
        descricao = item.nome
        if variacao is not None and variacao.valor_1 not in descricao:
            descricao = f"{descricao} - {variacao.descricao}"
        venda.itens.append(VendaItem(
            produto=produto, variacao=variacao, descricao=descricao[:300],
            referencia=(variacao.referencia if variacao is not None else produto.referencia),
            quantidade=item.quantidade, valor_unitario=valor.valor_unitario, desconto=valor.desconto,
            tray_produto_id=item.tray_produto_id, tray_variacao_id=item.tray_variacao_id,
        ))
    for pagamento in prep.pagamentos:
        venda.pagamentos.append(VendaPagamento(**pagamento))
    db.session.flush()
    for item in venda.itens:
        movimentar(item.produto, item.variacao, -int(item.quantidade.to_integral_value()), "venda",
                   f"Venda {venda.id}")
    return venda


def _gravar_com_repeticao(loja_id: int, prep: PedidoPreparado) -> ResultadoImportacao:
    pid = prep.pedido_tray_id
    for tentativa in range(TENTATIVAS_GRAVACAO):
        try:
            venda = _gravar(loja_id, prep)
            db.session.commit()
            return ResultadoImportacao(pid, DesfechoImportacao.IMPORTADO, venda.id, None)
        except IntegrityError:
            db.session.rollback()
            existente = venda_existente(loja_id, pid)
            if existente is not None:
                return _ja_importado(pid, existente)
        except OperationalError as erro:  # SQLite travado por outro processo; deadlock no PostgreSQL
            db.session.rollback()
            log.info("Pedido %s: banco ocupado (%s); tentando de novo", pid, erro.orig)
        pausa_curta(tentativa)
    return ResultadoImportacao(pid, DesfechoImportacao.FALHOU, None,
                               "Não foi possível gravar a venda (banco ocupado); tente de novo.")


def importar_dados(loja, pedido: dict, origem: str = "manual", atualizar: bool = True) -> ResultadoImportacao:
    """Grava a venda a partir do pedido completo já lido da Tray (`api.pedido_completo`)."""
    pid = tv.texto(pedido.get("id"))
    try:
        existente = venda_existente(loja.id, pid)
        if existente is not None:
            if atualizar:
                atualizar_pelo_pedido(existente, pedido)
            resultado = _ja_importado(pid, existente)
        else:
            configuracao = configuracao_da_loja(loja)
            verificar_status(pedido, configuracao.status_importaveis)
            resultado = _gravar_com_repeticao(loja.id, preparar(pedido, configuracao.juros_como))
    except PedidoIgnorado as erro:
        resultado = ResultadoImportacao(pid, DesfechoImportacao.IGNORADO, None, str(erro))
    except PedidoInvalido as erro:
        resultado = ResultadoImportacao(pid, DesfechoImportacao.FALHOU, None, str(erro))
    except Exception as erro:  # noqa: BLE001 - um pedido com defeito não pode parar o lote
        db.session.rollback()
        log.exception("Pedido %s da loja %s: erro inesperado na importação", pid, loja.id)
        resultado = ResultadoImportacao(pid, DesfechoImportacao.FALHOU, None, f"Erro inesperado: {erro}")
    registrar(loja.id, resultado, origem)
    return resultado


def _falha_tray(pid: str, erro: erros_tray.ErroTray) -> ResultadoImportacao:
    if isinstance(erro, erros_tray.NaoEncontrado):
        return ResultadoImportacao(pid, DesfechoImportacao.FALHOU, None, "Pedido não encontrado na Tray.")
    transitorio = isinstance(erro, (erros_tray.Indisponivel, erros_tray.LimiteExcedido))
    return ResultadoImportacao(pid, DesfechoImportacao.FALHOU, None, str(erro), transitorio=transitorio)


def _ler_pedido(cli, pid: str):
    """O pedido completo, ou o erro da Tray (devolvido, não levantado)."""
    try:
        pedido = api.pedido_completo(cli, pid)
    except erros_tray.ErroTray as erro:
        return erro
    except Exception as erro:  # noqa: BLE001 - a falha vira o motivo do pedido, o lote segue
        log.exception("Pedido %s: erro ao ler na Tray", pid)
        return erros_tray.Indisponivel(f"Erro ao ler o pedido na Tray: {erro}")
    if pedido is None:
        return erros_tray.Indisponivel("A Tray respondeu sem os dados do pedido.")
    return pedido


def importar_pedido(loja, pedido_id, origem: str = "manual", atualizar: bool = False) -> ResultadoImportacao:
    """Lê o pedido completo na Tray e importa. Já importado: responde sem consultar a Tray, salvo
    com `atualizar` (webhook), que relê o pedido para atualizar o status."""
    return importar_lote(loja, [pedido_id], origem, atualizar=atualizar)[0]


def _existentes(loja_id: int, ids: list[str]) -> dict[str, Venda]:
    achadas = {}
    for inicio in range(0, len(ids), 500):
        parte = ids[inicio:inicio + 500]
        for venda in db.session.query(Venda).filter(Venda.loja_id == loja_id, Venda.pedido_tray_id.in_(parte)):
            achadas[venda.pedido_tray_id] = venda
    return achadas


def importar_lote(loja, ids, origem: str = "manual", ao_item=None, paralelo: int = 4,
                  atualizar: bool = False) -> list[ResultadoImportacao]:
    """Importa os pedidos na ordem dada. As leituras na Tray correm em `paralelo` threads (o limitador do
    cliente dita o ritmo) enquanto esta thread grava no banco. `ao_item(resultado)` a cada pedido."""
    ids = list(dict.fromkeys(tv.texto(i) for i in ids if tv.texto(i)))
    existentes = {} if atualizar else _existentes(loja.id, ids)
    buscar = [pid for pid in ids if pid not in existentes]
    resultados, fatal = [], None
    cli = cliente_da_loja(loja) if buscar else None
    app = current_app._get_current_object()

    def ler(pid):
        with app.app_context():
            return _ler_pedido(cli, pid)

    with ThreadPoolExecutor(max_workers=max(1, min(paralelo, len(buscar) or 1))) as executor:
        futuros = {pid: executor.submit(ler, pid) for pid in buscar}
        for pid in ids:
            if pid in existentes:
                resultado = _ja_importado(pid, existentes[pid])
                registrar(loja.id, resultado, origem)
            elif fatal is not None:
                futuros[pid].cancel()
                resultado = _falha_tray(pid, fatal)
                registrar(loja.id, resultado, origem)
            else:
                lido = futuros[pid].result()
                if isinstance(lido, erros_tray.ErroTray):
                    if isinstance(lido, FATAIS):
                        fatal = lido
                        for futuro in futuros.values():
                            futuro.cancel()
                    resultado = _falha_tray(pid, lido)
                    registrar(loja.id, resultado, origem)
                else:
                    resultado = importar_dados(loja, lido, origem, atualizar=atualizar)
            resultados.append(resultado)
            if ao_item is not None:
                ao_item(resultado)
    return resultados


def resumo(resultados: list[ResultadoImportacao]) -> dict[str, int]:
    contagem = {str(desfecho): 0 for desfecho in (DesfechoImportacao.IMPORTADO, DesfechoImportacao.JA_IMPORTADO,
                                                   DesfechoImportacao.IGNORADO, DesfechoImportacao.FALHOU)}
    for resultado in resultados:
        contagem[str(resultado.resultado)] = contagem.get(str(resultado.resultado), 0) + 1
    return contagem
