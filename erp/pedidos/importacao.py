"""Importação de pedidos da Tray como vendas: uma transação por pedido, uma venda por pedido.

A restrição única (loja_id, pedido_tray_id) da tabela de vendas é a garantia contra duplicatas, também
entre processos: quem perde a corrida recebe IntegrityError e responde "já importado". O cliente novo e os
vínculos com a loja entram por INSERT único (`erp.comum.banco`); uma corrida no cadastro de produto (referência
única) desfaz a transação e repete, e a nova busca acha o produto que o outro processo criou.
"""
import contextvars
import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as TempoEsgotado

from flask import current_app, has_app_context
from sqlalchemy.exc import IntegrityError, OperationalError

from erp.comum.texto import texto_limpo
from erp.extensions import db
from erp.lojas_virtuais.tray import api
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.lojas_virtuais.tray import valores as tv
from erp.lojas_virtuais.tray.client import cliente_da_loja
from erp.pedidos import consultas_tray
from erp.pedidos.catalogo import produto_do_item
from erp.pedidos.configuracao import configuracao_da_loja
from erp.pedidos.erros import PedidoIgnorado, PedidoInvalido
from erp.pedidos.models import DesfechoImportacao
from erp.pedidos.preparo import PedidoPreparado, preparar, verificar_status
from erp.pedidos.resultado import ResultadoImportacao, pausa_curta, registrar, tomar_nova_tentativa
from erp.pedidos.situacao_tray import atualizar_pelo_pedido
from erp.produtos.estoque import movimentar
from erp.vendas.clientes import cliente_do_pedido
from erp.tarefas import fila
from erp.vendas.models import Venda, VendaItem, VendaPagamento

log = logging.getLogger("erp.pedidos.importacao")
TENTATIVAS_GRAVACAO = 5
FATAIS = (erros_tray.ErroAutenticacao, erros_tray.LojaPausada)
TRANSITORIOS = (erros_tray.Indisponivel, erros_tray.LimiteExcedido)  # 5xx, tempo esgotado, 429
ESPERAS_PADRAO_S = (30.0, 120.0, 600.0)
CORRIJA = "Corrija na Tray e importe de novo."
DE_NOVO = "Importe de novo; se a falha se repetir, avise o suporte com o número do pedido."


def esperas_de_repeticao() -> tuple[float, ...]:
    """Esperas entre as novas tentativas automáticas de um pedido em falha passageira da Tray."""
    esperas = current_app.config.get("PEDIDOS_ESPERAS_S") if has_app_context() else None
    return tuple(float(e) for e in (esperas or ESPERAS_PADRAO_S))


def duracao(segundos: float) -> str:
    """30 s, 2 min, 1 h 5 min."""
    segundos = max(0, round(segundos))
    if segundos < 60:
        return f"{segundos} s"
    minutos = round(segundos / 60)
    return f"{minutos} min" if minutos < 60 else f"{minutos // 60} h" + (f" {minutos % 60} min" if minutos % 60 else "")


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
            produto=produto, variacao=variacao, descricao=texto_limpo(descricao, 300),
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
    novos = sorted({i.produto.id for i in venda.itens
                    if i.produto.criado_na_importacao and i.produto.completado_da_tray_em is None})
    if novos:  # nome, referência e descrição da loja, depois do commit (uma leitura por produto novo)
        fila.apos_commit("produtos.completar_importados", loja_id, novos)
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
    return ResultadoImportacao(pid, DesfechoImportacao.FALHOU, None, "Não foi possível gravar a venda (banco ocupado).",
                               acao="Importe de novo em instantes.")


def importar_dados(loja, pedido: dict, origem: str = "manual", atualizar: bool = True) -> ResultadoImportacao:
    """Grava a venda a partir do pedido completo já lido da Tray (`api.pedido_completo`)."""
    pid = tv.texto(pedido.get("id"))
    if isinstance(pedido.get("Customer"), dict):  # a tela de pedidos não precisa ler este cadastro de novo
        consultas_tray.guardar_cliente(loja.id, pedido["Customer"])
    try:
        existente = venda_existente(loja.id, pid)
        if existente is not None:
            if atualizar:
                atualizar_pelo_pedido(existente, pedido)
            resultado = _ja_importado(pid, existente)
        else:
            configuracao = configuracao_da_loja(loja)
            verificar_status(pedido, configuracao.status_importaveis)
            resultado = _gravar_com_repeticao(loja.id, preparar(pedido, configuracao.juros_como,
                                                                   configuracao.formas_pagamento))
    except PedidoIgnorado as erro:
        resultado = ResultadoImportacao(pid, DesfechoImportacao.IGNORADO, None, str(erro), acao=erro.acao)
    except PedidoInvalido as erro:
        resultado = ResultadoImportacao(pid, DesfechoImportacao.FALHOU, None, str(erro), acao=CORRIJA)
    except Exception as erro:  # noqa: BLE001 - um pedido com defeito não pode parar o lote
        db.session.rollback()
        log.exception("Pedido %s da loja %s: erro inesperado na importação", pid, loja.id)
        resultado = ResultadoImportacao(pid, DesfechoImportacao.FALHOU, None,
                                        texto_limpo(f"Erro inesperado: {erro}", 500), acao=DE_NOVO)
    registrar(loja.id, resultado, origem)
    return resultado


def _falha_tray(pid: str, erro: erros_tray.ErroTray) -> ResultadoImportacao:
    falhou = DesfechoImportacao.FALHOU
    motivo = texto_limpo(str(erro), 500)
    if isinstance(erro, erros_tray.NaoEncontrado):
        return ResultadoImportacao(pid, falhou, None, "Pedido não encontrado na Tray.",
                                   acao="Confira o número do pedido na Tray.")
    if isinstance(erro, TRANSITORIOS):
        return ResultadoImportacao(pid, falhou, None, motivo, transitorio=True,
                                   acao="Importe de novo em alguns minutos.")
    if isinstance(erro, erros_tray.LojaPausada):
        return ResultadoImportacao(pid, falhou, None, motivo, acao="Retome a loja em Lojas Virtuais e importe de novo.")
    if isinstance(erro, erros_tray.ErroAutenticacao):
        return ResultadoImportacao(pid, falhou, None, motivo, acao="Reconecte a loja em Lojas Virtuais e importe de novo.")
    return ResultadoImportacao(pid, falhou, None, motivo, acao=DE_NOVO)


def _com_nova_tentativa(loja_id: int, resultado: ResultadoImportacao, tentativa: int) -> ResultadoImportacao:
    """Falha passageira da Tray (5xx, 429, tempo esgotado): agenda a próxima tentativa na fila, com espera
    crescente, até acabarem as esperas; depois, fica a falha com o que fazer."""
    esperas = esperas_de_repeticao()
    if tentativa < len(esperas):
        resultado.nova_tentativa_s = esperas[tentativa]
        resultado.acao = f"Nova tentativa automática em {duracao(esperas[tentativa])}."
    else:
        resultado.acao = f"A Tray não respondeu em {tentativa + 1} tentativas: importe de novo mais tarde."
    return resultado


def _registrar_falha_tray(loja_id: int, resultado: ResultadoImportacao, origem: str, tentativa: int,
                          repetir: bool) -> None:
    if repetir and resultado.transitorio:
        _com_nova_tentativa(loja_id, resultado, tentativa)
    registrar(loja_id, resultado, origem)
    if resultado.nova_tentativa_s is not None:
        fila.apos_commit("pedidos.tentar_de_novo", loja_id, resultado.pedido_tray, tentativa + 1,
                         atraso_s=resultado.nova_tentativa_s)


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


def importar_pedido(loja, pedido_id, origem: str = "manual", atualizar: bool = False, repetir: bool = True,
                    tentativa: int = 0) -> ResultadoImportacao:
    """Lê o pedido completo na Tray e importa. Já importado: responde sem consultar a Tray, salvo
    com `atualizar` (webhook), que relê o pedido para atualizar o status."""
    return importar_lote(loja, [pedido_id], origem, atualizar=atualizar, repetir=repetir, tentativa=tentativa)[0]


def tentar_de_novo(loja, pedido_id: str, tentativa: int) -> ResultadoImportacao | None:
    """A nova tentativa agendada de um pedido em falha passageira (tarefa `pedidos.tentar_de_novo`); None se
    ela não vale mais (o pedido já foi importado, ou outra tentativa a tomou)."""
    if not tomar_nova_tentativa(loja.id, pedido_id):
        return None
    return importar_pedido(loja, pedido_id, origem="repeticao", tentativa=tentativa)


def _existentes(loja_id: int, ids: list[str]) -> dict[str, Venda]:
    achadas = {}
    for inicio in range(0, len(ids), 500):
        parte = ids[inicio:inicio + 500]
        for venda in db.session.query(Venda).filter(Venda.loja_id == loja_id, Venda.pedido_tray_id.in_(parte)):
            achadas[venda.pedido_tray_id] = venda
    return achadas


def espera_do_limite(cli) -> float | None:
    """Segundos até o limite de requisições da loja liberar uma vaga (0: esperando, sem estimativa); None se
    não há espera."""
    limitador = cli.transporte.limitador
    estimar = getattr(limitador, "espera_estimada", None)
    if estimar is not None:
        segundos = estimar()
        return segundos if segundos > 0 else None
    return 0.0 if limitador.ocupadas() >= limitador.por_minuto else None


def _resultado_da_leitura(futuro, cli, ao_aguardar):
    """O que a leitura devolveu; enquanto ela espera o limite da Tray, `ao_aguardar(segundos)` a cada
    segundo, e `ao_aguardar(None)` quando a espera acaba."""
    if ao_aguardar is None:
        return futuro.result()
    avisou = False
    while True:
        try:
            lido = futuro.result(timeout=1.0)
        except TempoEsgotado:
            segundos = espera_do_limite(cli)
            if segundos is not None or avisou:
                ao_aguardar(segundos)
                avisou = segundos is not None
            continue
        if avisou:
            ao_aguardar(None)
        return lido


def importar_lote(loja, ids, origem: str = "manual", ao_item=None, paralelo: int = 4,
                  atualizar: bool = False, repetir: bool = True, tentativa: int = 0,
                  ao_aguardar=None) -> list[ResultadoImportacao]:
    """Importa os pedidos na ordem dada. As leituras na Tray correm em `paralelo` threads (o limitador do
    cliente dita o ritmo) enquanto esta thread grava no banco. `ao_item(resultado)` a cada pedido;
    `ao_aguardar(segundos ou None)` enquanto a leitura espera o limite da Tray.

    Falha passageira da Tray (5xx, 429, tempo esgotado): com `repetir`, a fila tenta o pedido de novo sozinha
    (`tentativa` é quantas novas tentativas já houve); as notificações cuidam das suas."""
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
        # Cada leitura leva o contexto de quem chamou (ex.: `em_lote()` do limite da Tray).
        futuros = {pid: executor.submit(contextvars.copy_context().run, ler, pid) for pid in buscar}
        for pid in ids:
            if pid in existentes:
                resultado = _ja_importado(pid, existentes[pid])
                registrar(loja.id, resultado, origem)
            elif fatal is not None:
                futuros[pid].cancel()
                resultado = _falha_tray(pid, fatal)
                registrar(loja.id, resultado, origem)
            else:
                lido = _resultado_da_leitura(futuros[pid], cli, ao_aguardar)
                if isinstance(lido, erros_tray.ErroTray):
                    if isinstance(lido, FATAIS):
                        fatal = lido
                        for futuro in futuros.values():
                            futuro.cancel()
                    resultado = _falha_tray(pid, lido)
                    _registrar_falha_tray(loja.id, resultado, origem, tentativa, repetir)
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
