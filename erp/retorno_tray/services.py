"""Retorno à Tray: regras de negócio chamadas pela emissão da NF-e, pela fila, pelas telas e pela CLI.

A emissão chama `nota_autorizada(nota)` DENTRO da transação que marca a nota autorizada: a linha do envio
nasce junto (ou não nasce) e a tarefa só entra na fila depois do commit. Se o trabalhador estiver parado,
a varredura periódica (`processar_pendentes`) pega o que ficou para trás.
"""
import logging

from sqlalchemy import case, event, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from erp.comum.modelos import agora
from erp.extensions import db
from erp.retorno_tray import envio as motor
from erp.retorno_tray.models import SITUACOES_A_PROCESSAR, SITUACOES_ENVIO, ConfiguracaoRetorno, EnvioTray

log = logging.getLogger("erp.retorno_tray")

_INFO = "retorno_tray_a_enfileirar"


class RetornoInvalido(ValueError):
    """Pedido do usuário que não pode ser atendido; a mensagem é para a tela."""


# -- ponto de entrada da emissão ---------------------------------------------------------------------
def nota_autorizada(nota) -> EnvioTray | None:
    """Registra o envio da NF-e autorizada ao pedido da Tray (sem commit: vale a transação de quem chamou).

    Sem efeito se a venda não veio de uma loja Tray ou se o retorno está desligado na loja. Idempotente: a
    chave única da tabela garante uma linha por nota, mesmo com duas chamadas concorrentes. A tarefa que
    fala com a Tray é enfileirada só depois do commit.
    """
    if nota.situacao != "autorizada":
        raise ValueError(f"A NF-e {nota.numero} não está autorizada (situação: {nota.situacao}).")
    if not nota.chave:
        raise ValueError(f"A NF-e {nota.numero} está autorizada mas sem chave de acesso.")
    venda = nota.venda
    loja = venda.loja if venda is not None else None
    if loja is None or loja.plataforma != "tray" or not venda.pedido_tray_id:
        return None
    config = configuracao_da_loja(loja.id)
    if config is not None and not config.ativo:
        return None
    if nota.id is None:
        db.session.flush()
    valores = dict(nota_id=nota.id, venda_id=venda.id, loja_id=loja.id, pedido_tray_id=venda.pedido_tray_id,
                   chave=nota.chave, situacao="pendente", tentativas=0, conferir_na_tray=False,
                   nota_ja_existia=False)
    _inserir_se_nao_existe(valores)
    envio = db.session.scalar(select(EnvioTray).where(
        or_(EnvioTray.chave == nota.chave, EnvioTray.nota_id == nota.id)))
    if envio is not None and envio.situacao in SITUACOES_A_PROCESSAR:
        enfileirar_apos_commit(envio.id)
    return envio


def _inserir_se_nao_existe(valores: dict) -> None:
    tabela = EnvioTray.__table__
    dialeto = db.session.get_bind().dialect.name
    if dialeto in ("postgresql", "sqlite"):
        if dialeto == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        db.session.execute(insert(tabela).values(**valores).on_conflict_do_nothing())
        return
    try:  # outros bancos: o savepoint isola a violação da chave única
        with db.session.begin_nested():
            db.session.execute(tabela.insert().values(**valores))
    except IntegrityError:
        pass


def enfileirar_apos_commit(envio_id: int) -> None:
    """A tarefa do envio entra na fila quando a transação atual for confirmada (nunca antes)."""
    db.session().info.setdefault(_INFO, set()).add(envio_id)


@event.listens_for(Session, "after_commit")
def _depois_do_commit(sessao) -> None:
    if sessao.in_nested_transaction():  # liberar um savepoint não confirma nada ainda
        return
    ids = sessao.info.pop(_INFO, None)
    if not ids:
        return
    from erp.retorno_tray.tasks import enviar_retorno

    for envio_id in sorted(ids):
        try:
            enviar_retorno(envio_id)
        except Exception:  # noqa: BLE001  (a linha já está gravada: a varredura periódica a envia)
            log.warning("Retorno à Tray: não foi possível enfileirar o envio %s; fica para a varredura", envio_id)


@event.listens_for(Session, "after_transaction_end")
def _fim_da_transacao(sessao, transacao) -> None:
    if transacao.parent is None:  # rollback da transação externa: nada a enfileirar
        sessao.info.pop(_INFO, None)


# -- processamento --------------------------------------------------------------------------------
def processar_pendentes(loja_id: int | None = None, agora_mesmo: bool = False,
                        limite: int = 200) -> list[motor.Resultado]:
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
    if envio.situacao == "concluido":
        raise RetornoInvalido(f"A NF-e do pedido {envio.pedido_tray_id} já foi enviada à Tray.")
    t = EnvioTray.__table__
    resultado = db.session.execute(
        update(t).where(t.c.id == envio_id, t.c.situacao.in_(("falhou",) + SITUACOES_A_PROCESSAR))
        .values(situacao=case((t.c.nota_enviada_em.is_(None), "pendente"), else_="nota_enviada"),
                tentativas=0, proxima_tentativa_em=None, ultimo_erro=None, atualizado_em=agora()))
    if resultado.rowcount != 1:
        db.session.rollback()
        raise RetornoInvalido(f"A NF-e do pedido {envio.pedido_tray_id} está sendo enviada agora; aguarde.")
    enfileirar_apos_commit(envio_id)
    db.session.commit()
    return db.session.get(EnvioTray, envio_id)


# -- configuração por loja -------------------------------------------------------------------------
def configuracao_da_loja(loja_id: int) -> ConfiguracaoRetorno | None:
    return db.session.scalar(select(ConfiguracaoRetorno).where(ConfiguracaoRetorno.loja_id == loja_id))


def salvar_configuracao(loja, ativo: bool, alterar_status: bool, status_nome: str,
                        nomes_validos: list[str] | None = None) -> ConfiguracaoRetorno:
    """Grava a escolha do usuário (status pelo NOME, da lista da loja) e solta os envios que esperavam."""
    status_nome = (status_nome or "").strip()
    if ativo and alterar_status and not status_nome:
        raise RetornoInvalido("Escolha o status da Tray que o pedido recebe depois de faturado, ou desmarque "
                              "“Mudar o status do pedido”.")
    if status_nome and nomes_validos is not None and status_nome not in nomes_validos:
        raise RetornoInvalido(f"O status “{status_nome}” não existe na loja {loja.nome}.")
    config = configuracao_da_loja(loja.id)
    if config is None:
        config = ConfiguracaoRetorno(loja_id=loja.id)
        db.session.add(config)
    config.ativo, config.alterar_status, config.status_nome = bool(ativo), bool(alterar_status), status_nome
    try:
        db.session.commit()
    except IntegrityError:  # outra aba gravou a primeira configuração ao mesmo tempo
        db.session.rollback()
        return salvar_configuracao(loja, ativo, alterar_status, status_nome, nomes_validos)
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
        from erp.retorno_tray.tasks import processar_retorno

        try:
            processar_retorno(loja_id)
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
        "status_enviado": envio.status_enviado, "motivo": envio.ultimo_erro,
        "proxima_tentativa_em": envio.proxima_tentativa_em.isoformat() if envio.proxima_tentativa_em else None,
        "concluido_em": envio.concluido_em.isoformat() if envio.concluido_em else None,
    }
