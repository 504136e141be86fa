"""Importação em lote: os pedidos selecionados ou todos os de um filtro (tela, tarefa da fila e linha de
comando), com o progresso numa tarefa (`erp.tarefas`): a contagem por desfecho e a espera pelo limite da Tray
vão na mensagem da tarefa enquanto ela roda. Uma tarefa interrompida (o trabalhador morreu) continua sozinha,
uma vez, numa tarefa nova: os pedidos já importados são pulados sem ler a Tray."""
from flask import current_app
from sqlalchemy import func, select

from erp.extensions import db
from erp.lojas_virtuais.tray import erros as erros_tray
from erp.lojas_virtuais.tray.limitador import mensagem_de_espera
from erp.lojas_virtuais.tray import valores as tv
from erp.pedidos.configuracao import configuracao_da_loja
from erp.pedidos.erros import PedidoIgnorado
from erp.pedidos.filtros import Filtros
from erp.pedidos.importacao import importar_lote, resumo
from erp.pedidos.listagem import integrados, pedidos_do_filtro
from erp.pedidos.models import DESFECHOS_IMPORTACAO, DesfechoImportacao
from erp.pedidos.preparo import verificar_status
from erp.pedidos.resultado import ResultadoImportacao, registrar
from erp.tarefas import fila
from erp.tarefas import services as tarefas
from erp.tarefas.models import Tarefa, TarefaItem

TIPO_IMPORTACAO = "importar_pedidos"


def separar_ignorados(loja, pedidos: list[dict]) -> tuple[list[str], dict[str, ResultadoImportacao]]:
    """(ids na ordem da lista, {id: resultado "ignorado"}): cancelados e status que a loja não importa viram
    "ignorado" sem ler o pedido completo (poupa requisições); os já importados seguem (o lote os pula)."""
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
            ignorados[pid] = ResultadoImportacao(pid, DesfechoImportacao.IGNORADO, None, str(erro), acao=erro.acao)
    return ids, ignorados


def importar_pedidos_listados(loja, pedidos: list[dict], origem: str, ao_item=None,
                              paralelo: int = 4, ao_aguardar=None) -> list[ResultadoImportacao]:
    """`pedidos` como vêm na lista da Tray: os ignorados (`separar_ignorados`) ficam registrados, os demais vão
    para `importar_lote`."""
    ids, ignorados = separar_ignorados(loja, pedidos)
    resultados: dict[str, ResultadoImportacao] = {}

    def guardar(resultado: ResultadoImportacao) -> None:
        resultados[resultado.pedido_tray] = resultado
        if ao_item is not None:
            ao_item(resultado)

    for resultado in ignorados.values():
        registrar(loja.id, resultado, origem)
        guardar(resultado)
    importar_lote(loja, [pid for pid in ids if pid not in ignorados], origem, ao_item=guardar, paralelo=paralelo,
                  ao_aguardar=ao_aguardar)
    return [resultados[pid] for pid in dict.fromkeys(ids)]


def importar_do_filtro(loja, filtros: Filtros, origem: str, ao_item=None, ao_contar=None,
                       paralelo: int = 4, ao_aguardar=None) -> list[ResultadoImportacao]:
    pedidos = pedidos_do_filtro(loja, filtros)
    if ao_contar is not None:
        ao_contar(len(pedidos))
    return importar_pedidos_listados(loja, pedidos, origem, ao_item, paralelo, ao_aguardar=ao_aguardar)


def mensagem_resumo(contagem: dict) -> str:
    return (f"{contagem['importado']} importado(s), {contagem['ja_importado']} já importado(s), "
            f"{contagem['ignorado']} ignorado(s), "
            f"{contagem['falhou']} com falha.")


def primeiro_as_falhas(resultados: list[ResultadoImportacao]) -> list[ResultadoImportacao]:
    """Os resultados com as falhas na frente (depois os ignorados, depois o resto), cada grupo na ordem dada."""
    ordem = {DesfechoImportacao.FALHOU: 0, DesfechoImportacao.IGNORADO: 1}
    return sorted(resultados, key=lambda r: ordem.get(r.resultado, 2))


def registrar_na_tarefa(tarefa_id: int, resultado: ResultadoImportacao) -> None:
    tarefas.registrar_item(tarefa_id, f"Pedido {resultado.pedido_tray}", resultado.nome,
                           sucesso=resultado.sucesso, mensagem=resultado.mensagem, referencia_id=resultado.venda,
                           dados=resultado.como_dict())


class Progresso:
    """O andamento de uma importação em lote na tarefa: cada resultado vira um item, e a mensagem da tarefa diz a
    contagem por desfecho e, enquanto a leitura espera o limite da Tray, quanto falta."""

    def __init__(self, tarefa_id: int, anteriores: dict[str, int] | None = None):
        self.tarefa_id = tarefa_id
        self.anteriores = anteriores or {}  # contagem dos lotes anteriores da mesma tarefa
        self.resultados: list[ResultadoImportacao] = []
        self.espera: float | None = None
        self._gravada: str | None = None

    def item(self, resultado: ResultadoImportacao) -> None:
        self.resultados.append(resultado)
        registrar_na_tarefa(self.tarefa_id, resultado)
        self._gravar()

    def aguardando(self, segundos: float | None) -> None:
        self.espera = segundos
        self._gravar()

    def mensagem(self) -> str | None:
        contagem = resumo(self.resultados)
        for chave, quantos in self.anteriores.items():
            contagem[chave] = contagem.get(chave, 0) + quantos
        partes = [mensagem_resumo(contagem)] if self.resultados or any(self.anteriores.values()) else []
        espera = mensagem_de_espera(self.espera)
        if espera:
            partes.append(espera)
        return " ".join(partes) or None

    def _gravar(self) -> None:
        texto = self.mensagem()
        if texto == self._gravada:
            return
        db.session.query(Tarefa).filter(Tarefa.id == self.tarefa_id).update(
            {Tarefa.mensagem: texto}, synchronize_session=False)
        db.session.commit()
        self._gravada = texto


def importar_selecionados(loja, ids: list[str]):
    """Importa agora os pedidos escolhidos na tela, com o resultado de cada um numa tarefa. Devolve a tarefa."""
    tarefa = tarefas.criar_tarefa(TIPO_IMPORTACAO, f"Importar {len(ids)} pedido(s) selecionado(s) de {loja.nome}",
                                  total=len(ids), parametros={"pedidos": ids}, loja_id=loja.id)
    executar_selecionados(tarefa.id, loja, ids)
    return tarefa


def executar_selecionados(tarefa_id: int, loja, ids: list[str]) -> None:
    """O trabalho da importação dos selecionados (na tela, ou na fila quando continua uma interrompida)."""
    progresso = Progresso(tarefa_id)
    tarefas.executar(
        tarefa_id,
        lambda: importar_lote(loja, ids, "manual", ao_item=progresso.item, ao_aguardar=progresso.aguardando),
        lambda resultados: mensagem_resumo(resumo(resultados)), esperados=(erros_tray.ErroTray,))


def agendar_importacao_do_filtro(loja, filtros: Filtros):
    """Cria a tarefa "todos do filtro" e a põe na fila (pedidos.importar_pedidos_do_filtro). Devolve a tarefa."""
    tarefa = tarefas.criar_tarefa(TIPO_IMPORTACAO, f"Importar pedidos de {loja.nome} (todos do filtro)",
                                  parametros=filtros.como_dict(), loja_id=loja.id)
    # A tarefa já está gravada (criar_tarefa faz o commit): o trabalhador a encontra.
    fila.enfileirar("pedidos.importar_pedidos_do_filtro", tarefa.id, loja.id, filtros.como_dict())
    return tarefa


def _ou_falhar(tarefa_id: int, trabalho):
    """O resultado de `trabalho()`, ou None com a tarefa marcada "falhou": a Tray recusou (mensagem dela) ou um
    erro inesperado (que segue para o log da fila)."""
    try:
        return trabalho()
    except erros_tray.ErroTray as erro:
        tarefas.falhar(tarefa_id, str(erro))
        return None
    except Exception as erro:
        tarefas.falhar(tarefa_id, f"Erro inesperado: {erro}")
        raise


def executar_importacao(tarefa_id: int, loja, filtros: dict) -> None:
    """O trabalho da tarefa "todos do filtro" (na fila): lê a lista da Tray, registra os ignorados e importa os
    pedidos em lotes de `PEDIDOS_LOTE_FILA` (`continuar_importacao`)."""
    tarefas.iniciar(tarefa_id)
    pedidos = _ou_falhar(tarefa_id, lambda: pedidos_do_filtro(loja, Filtros.de_dict(filtros)))
    if pedidos is None:
        return
    tarefas.iniciar(tarefa_id, total=len(pedidos))
    ids, ignorados = separar_ignorados(loja, pedidos)
    continuar_importacao(tarefa_id, loja, [pid for pid in dict.fromkeys(ids) if pid not in ignorados],
                         ignorados=list(ignorados.values()))


def continuar_importacao(tarefa_id: int, loja, ids: list[str], ignorados=()) -> None:
    """Importa `ids` um lote de `PEDIDOS_LOTE_FILA` por vez. Depois de cada lote, se há outro trabalho esperando
    na fila, devolve a tarefa ao fim dela com o resto (`pedidos.continuar_importacao`): a fila é uma só para
    todas as lojas, então uma importação de milhares de pedidos atrasa a de outra loja em no máximo um lote. Com
    a fila vazia, segue no lote seguinte sem parar. Entre um lote e outro na fila, a tarefa fica "pendente" (sem
    trabalhador), com o progresso gravado. Os `ignorados` da lista são registrados depois do primeiro lote (a
    leitura na Tray não espera por eles)."""
    tarefas.iniciar(tarefa_id)
    tamanho = max(1, int(current_app.config.get("PEDIDOS_LOTE_FILA", 50)))
    resto = list(ids)
    while True:
        agora_, resto = resto[:tamanho], resto[tamanho:]
        progresso = Progresso(tarefa_id, contagem_da_tarefa(tarefa_id))
        if _ou_falhar(tarefa_id, lambda: importar_lote(loja, agora_, "tarefa", ao_item=progresso.item,
                                                       ao_aguardar=progresso.aguardando)) is None:
            return
        for resultado in ignorados:
            registrar(loja.id, resultado, "tarefa")
            registrar_na_tarefa(tarefa_id, resultado)
        ignorados = ()
        if not resto:
            tarefas.concluir(tarefa_id, mensagem_resumo(contagem_da_tarefa(tarefa_id)))
            return
        if fila.ha_esperando():
            break
    tarefas.devolver_a_fila(tarefa_id, f"{mensagem_resumo(contagem_da_tarefa(tarefa_id))} Faltam {len(resto)} "
                            "pedido(s): a importação continua na vez desta loja na fila.")
    fila.enfileirar("pedidos.continuar_importacao", tarefa_id, loja.id, resto)


def contagem_da_tarefa(tarefa_id: int) -> dict[str, int]:
    """Quantos itens da tarefa em cada desfecho (somando todos os lotes já feitos)."""
    por_nome = {nome: str(desfecho) for desfecho, nome in DESFECHOS_IMPORTACAO.items()}
    contagem = {str(desfecho): 0 for desfecho in DesfechoImportacao}
    for nome, quantos in db.session.execute(select(TarefaItem.resultado, func.count()).where(
            TarefaItem.tarefa_id == tarefa_id).group_by(TarefaItem.resultado)):
        chave = por_nome.get(nome)
        if chave is not None:
            contagem[chave] += quantos
    return contagem


def continuar_interrompida(tarefa, **_) -> None:
    """Ouvinte de `tarefa_interrompida`: a importação em lote de um trabalhador que morreu continua numa tarefa
    nova (uma vez só; os pedidos já importados são pulados sem ler a Tray). Sem commit: na transação de quem
    recuperou a tarefa, e a nova vai para a fila depois do commit."""
    if tarefa.tipo != TIPO_IMPORTACAO or tarefa.loja_id is None:
        return
    parametros = dict(tarefa.parametros or {})
    if parametros.get("continuacao_de"):
        return
    nova = Tarefa(tipo=TIPO_IMPORTACAO, titulo=f"{tarefa.titulo} (continuação)"[:300], total=tarefa.total,
                  parametros={**parametros, "continuacao_de": tarefa.id}, loja_id=tarefa.loja_id)
    db.session.add(nova)
    db.session.flush()
    tarefa.mensagem = (f"{tarefa.mensagem or ''} A importação continua sozinha na tarefa nº {nova.id}: os "
                       "pedidos já importados são pulados.").strip()
    if isinstance(parametros.get("pedidos"), list):
        fila.apos_commit("pedidos.importar_pedidos_selecionados", nova.id, tarefa.loja_id, parametros["pedidos"])
    else:
        filtros = Filtros.de_dict(parametros).como_dict()
        fila.apos_commit("pedidos.importar_pedidos_do_filtro", nova.id, tarefa.loja_id, filtros)
