"""Retorno à Tray: regras de negócio chamadas pela emissão da NF-e, pela fila, pelas telas e pela CLI.

O sinal `erp.nfe.sinais.nota_autorizada` chega DENTRO da transação que marca a nota autorizada
(`ao_autorizar_nota`, ligado em `init_app`): a linha do envio nasce junto (ou não nasce) e a tarefa só entra
na fila depois do commit (`fila.apos_commit`). Se o trabalhador estiver parado, a varredura periódica
(`processar_pendentes`) pega o que ficou para trás.
"""
import logging

from sqlalchemy import case, func, or_, select, update

from erp.comum.banco import inserir_ou_atualizar, inserir_se_novo
from erp.comum.modelos import agora
from erp.extensions import db
from erp.retorno_tray import envio as motor
from erp.retorno_tray.models import (
    SITUACOES_A_PROCESSAR,
    SITUACOES_ENVIO,
    ConfiguracaoRetorno,
    EnvioTray,
    SituacaoEnvio,
)
from erp.tarefas import fila

log = logging.getLogger("erp.retorno_tray")
# "Tentar de novo": a que falhou volta a livre; a livre fica livre, com as tentativas zeradas. A reservada
# (enviando) não: um trabalhador está com ela.
TENTAVEIS = (SituacaoEnvio.FALHOU.value, *SITUACOES_A_PROCESSAR)


class RetornoInvalido(ValueError):
    """Pedido do usuário que não pode ser atendido; a mensagem é para a tela."""


# -- ponto de entrada da emissão ---------------------------------------------------------------------
def ao_autorizar_nota(nota, **_) -> None:
    """Ouve `erp.nfe.sinais.nota_autorizada` (o remetente é a NotaFiscal), na transação que a autorizou.

    A autorização na SEFAZ vale mesmo se o registro do retorno falhar: ele roda num savepoint, o erro fica no
    log e a transação de quem autorizou segue. A tarefa é pedida fora do savepoint, para sair só com o commit
    de quem autorizou."""
    try:
        with db.session.begin_nested():
            envio, criado = _registrar(nota)
    except Exception:  # noqa: BLE001
        log.exception("Falha ao registrar o retorno à Tray da NF-e %s", getattr(nota, "chave", None))
        return
    if criado:
        fila.apos_commit("retorno_tray.enviar_retorno", envio.id)


def nota_autorizada(nota) -> EnvioTray | None:
    """Registra o envio da NF-e autorizada ao pedido da Tray (sem commit: vale a transação de quem chamou).

    Sem efeito se a venda não veio de uma loja Tray ou se o retorno está desligado na loja. Idempotente: a
    chave única da tabela garante uma linha por nota, mesmo com duas chamadas concorrentes (ou com o sinal e
    uma chamada direta na mesma transação); só quem criou a linha pede a tarefa que fala com a Tray, que entra
    na fila depois do commit.
    """
    envio, criado = _registrar(nota)
    if criado:
        fila.apos_commit("retorno_tray.enviar_retorno", envio.id)
    return envio


def _registrar(nota) -> tuple[EnvioTray | None, bool]:
    """(a linha do envio desta nota, se foi criada agora)."""
    if nota.situacao != "autorizada":
        raise ValueError(f"A NF-e {nota.numero} não está autorizada (situação: {nota.situacao}).")
    if not nota.chave:
        raise ValueError(f"A NF-e {nota.numero} está autorizada mas sem chave de acesso.")
    venda = nota.venda
    loja = venda.loja if venda is not None else None
    if loja is None or loja.plataforma != "tray" or not venda.pedido_tray_id:
        return None, False
    config = configuracao_da_loja(loja.id)
    if config is not None and not config.ativo:
        return None, False
    if nota.id is None:
        db.session.flush()
    valores = dict(nota_id=nota.id, venda_id=venda.id, loja_id=loja.id, pedido_tray_id=venda.pedido_tray_id,
                   chave=nota.chave, situacao=SituacaoEnvio.PENDENTE.value, tentativas=0, conferir_na_tray=False,
                   nota_ja_existia=False)
    criado = inserir_se_novo(EnvioTray, valores, ["chave"])
    if criado is not None:
        return db.session.get(EnvioTray, criado), True
    return db.session.scalar(select(EnvioTray).where(
        or_(EnvioTray.chave == nota.chave, EnvioTray.nota_id == nota.id))), False


# -- processamento --------------------------------------------------------------------------------
def processar_pendentes(loja_id: int | None = None, agora_mesmo: bool = False,
                        limite: int = 200) -> list[motor.ResultadoEnvio]:
    """Processa as linhas pendentes (vencidas, ou todas com `agora_mesmo`) e as abandonadas por um
    trabalhador que morreu. Seguro com vários trabalhadores: cada linha é reservada por um UPDATE atômico."""
    cache: dict = {}
    resultados = []
    for envio_id in motor.ids_disponiveis(loja_id, respeitar_agenda=not agora_mesmo, limite=limite):
        resultado = motor.processar_um(envio_id, respeitar_agenda=not agora_mesmo, cache=cache)
        if resultado is not None:
            resultados.append(resultado)
    return resultados


def tentar_de_novo(envio_id: int) -> EnvioTray:
    """Volta uma linha com falha (ou em espera) para a fila, zerando as tentativas, e a enfileira."""
    envio = db.session.get(EnvioTray, envio_id)
    if envio is None:
        raise RetornoInvalido("Envio não encontrado.")
    if envio.situacao == SituacaoEnvio.CONCLUIDO:
        raise RetornoInvalido(f"A NF-e do pedido {envio.pedido_tray_id} já foi enviada à Tray.")
    t = EnvioTray.__table__
    resultado = db.session.execute(
        update(t).where(t.c.id == envio_id, t.c.situacao.in_(TENTAVEIS))
        .values(situacao=case((t.c.nota_enviada_em.is_(None), SituacaoEnvio.PENDENTE.value),
                              else_=SituacaoEnvio.NOTA_ENVIADA.value),
                tentativas=0, proxima_tentativa_em=None, ultimo_erro=None, atualizado_em=agora()))
    if resultado.rowcount != 1:
        db.session.rollback()
        raise RetornoInvalido(f"A NF-e do pedido {envio.pedido_tray_id} está sendo enviada agora; aguarde.")
    fila.apos_commit("retorno_tray.enviar_retorno", envio_id)
    db.session.commit()
    return db.session.get(EnvioTray, envio_id)


# -- configuração por loja -------------------------------------------------------------------------
def configuracao_da_loja(loja_id: int) -> ConfiguracaoRetorno | None:
    return db.session.scalar(select(ConfiguracaoRetorno).where(ConfiguracaoRetorno.loja_id == loja_id))


def status_para_frente(status_loja: list[dict], importaveis: list[str] | tuple[str, ...] = ()) -> list[dict]:
    """Os status que podem ser o "depois de faturado": na ordem dos status da loja, do primeiro status importado
    (pago) em diante, sem os cancelados e sem os que aguardam pagamento. Nenhum deles leva o pedido para trás."""
    from erp.pedidos.configuracao import status_padrao
    from erp.pedidos.mapeamento import status_aguarda_pagamento, status_cancelado

    pagos = set(importaveis or ()) or set(status_padrao(status_loja))
    inicio = next((i for i, s in enumerate(status_loja) if s["nome"] in pagos), 0)
    return [s for s in status_loja[inicio:]
            if not status_cancelado(s["nome"], s.get("tipo", ""))
            and not status_aguarda_pagamento(s["nome"], s.get("descricao", ""))]


def previa(loja_id: int, ativo: bool, alterar_status: bool, status_nome: str,
           status_loja: list[dict] | None = None) -> dict:
    """O que salvar esta configuração faz agora, antes de salvar: quantas notas que esperavam vão à Tray, quantos
    pedidos mudam de status e quantos e-mails a Tray manda aos compradores (um por mudança de status). Pelo status
    que o ERP conhece de cada pedido: o que já está no status escolhido, ou depois dele, não muda."""
    from erp.vendas.models import Venda

    linhas = db.session.execute(
        select(EnvioTray.status_enviado_em, Venda.status_tray).join(Venda, Venda.id == EnvioTray.venda_id)
        .where(EnvioTray.loja_id == loja_id, EnvioTray.situacao.in_(SITUACOES_A_PROCESSAR))).all()
    tipos = {s["nome"]: s.get("tipo", "") for s in status_loja or []}
    mudam = 0
    if ativo and alterar_status and status_nome:
        mudam = sum(1 for resolvido, atual in linhas
                    if resolvido is None and atual != status_nome
                    and not motor.status_posterior(atual or "", tipos.get(atual or "", "")))
    return {"notas": len(linhas) if ativo else 0, "mudam_status": mudam, "emails": mudam,
            "status": status_nome if mudam else ""}


def salvar_configuracao(loja, ativo: bool, alterar_status: bool, status_nome: str,
                        nomes_validos: list[str] | None = None,
                        para_frente: list[str] | None = None) -> ConfiguracaoRetorno:
    """Grava a escolha do usuário (status pelo NOME, da lista da loja) e solta os envios que esperavam.
    `para_frente`: os nomes que não levam o pedido para trás (`status_para_frente`), quando a Tray respondeu."""
    status_nome = (status_nome or "").strip()
    if ativo and alterar_status and not status_nome:
        raise RetornoInvalido("Escolha o status da Tray que o pedido recebe depois de faturado, ou desmarque "
                              "“Mudar o status do pedido”.")
    if status_nome and nomes_validos is not None and status_nome not in nomes_validos:
        raise RetornoInvalido(f"O status “{status_nome}” não existe na loja {loja.nome}.")
    if status_nome and para_frente is not None and status_nome not in para_frente:
        raise RetornoInvalido(f"O status “{status_nome}” levaria o pedido para trás (ou o cancelaria) na Tray; "
                              f"escolha um destes: {', '.join(para_frente)}.")
    # Uma linha por loja: a primeira gravação cria, as outras (de outra aba, ao mesmo tempo) atualizam.
    escolha = {"ativo": bool(ativo), "alterar_status": bool(alterar_status), "status_nome": status_nome,
               "atualizado_em": agora()}
    ident = inserir_ou_atualizar(ConfiguracaoRetorno, {"loja_id": loja.id, **escolha}, ["loja_id"], list(escolha))
    db.session.commit()
    config = db.session.get(ConfiguracaoRetorno, ident)
    db.session.refresh(config)
    if config.ativo:
        liberar_da_loja(loja.id)
    return config


def liberar_da_loja(loja_id: int) -> int:
    """Tira da espera os envios pendentes da loja e enfileira o processamento deles. Devolve quantos."""
    t = EnvioTray.__table__
    resultado = db.session.execute(update(t).where(t.c.loja_id == loja_id,
                                                   t.c.situacao.in_(SITUACOES_A_PROCESSAR))
                                   .values(proxima_tentativa_em=None))
    db.session.commit()
    if resultado.rowcount:
        try:
            fila.enfileirar("retorno_tray.processar_retorno", loja_id)
        except Exception:  # noqa: BLE001
            log.warning("Retorno à Tray: não foi possível enfileirar a loja %s; fica para a varredura", loja_id)
    return resultado.rowcount


# -- consultas -----------------------------------------------------------------------------------------
def consulta_envios(situacao: str = "", loja_id: int | None = None, busca: str = ""):
    consulta = select(EnvioTray)
    if situacao:
        consulta = consulta.where(EnvioTray.situacao == situacao)
    if loja_id:
        consulta = consulta.where(EnvioTray.loja_id == loja_id)
    busca = (busca or "").strip()
    if busca:
        consulta = consulta.where(or_(EnvioTray.chave.contains(busca), EnvioTray.pedido_tray_id == busca))
    return consulta.order_by(EnvioTray.id.desc())


def contagem_por_situacao() -> dict[str, int]:
    linhas = db.session.execute(select(EnvioTray.situacao, func.count()).group_by(EnvioTray.situacao))
    contagem = {chave: 0 for chave in SITUACOES_ENVIO}
    contagem.update({situacao: total for situacao, total in linhas})
    return contagem


def envio_como_dict(envio: EnvioTray) -> dict:
    return {
        "envio": envio.id, "nota": envio.nota_id, "numero": envio.nota.numero if envio.nota else None,
        "venda": envio.venda_id, "loja": envio.loja_id, "pedido_tray": envio.pedido_tray_id,
        "chave": envio.chave, "situacao": envio.situacao, "tentativas": envio.tentativas,
        "tray_invoice_id": envio.tray_invoice_id, "nota_ja_existia": envio.nota_ja_existia,
        "status_enviado": envio.status_enviado, "status_mantido": envio.status_mantido,
        "motivo": envio.ultimo_erro,
        "proxima_tentativa_em": envio.proxima_tentativa_em.isoformat() if envio.proxima_tentativa_em else None,
        "concluido_em": envio.concluido_em.isoformat() if envio.concluido_em else None,
    }
