"""Rastreio do envio ao pedido da Tray: o código (e a data e o endereço de rastreio) digitado na venda, pela
planilha ou pela linha de comando vai a `PUT /orders/{id}` pela mesma fila durável do retorno, uma vez só.

Registrar grava a venda e uma linha `RastreioTray` na mesma transação (restrição única venda + código: o mesmo
código digitado de novo não cria outra linha) e pede a tarefa depois do commit; a varredura do retorno pega o que
ficou para trás. Um trabalhador reserva a linha com um UPDATE atômico; falhas passageiras esperam e tentam de
novo (mesmos ajustes do retorno), recusas da Tray param em "falhou" com o motivo.
"""
import csv
import io
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, or_, select, update

from erp.comum.banco import inserir_se_novo
from erp.comum.datas import hoje
from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.tray import api, erros
from erp.retorno_tray.envio import espera_para, opcao
from erp.retorno_tray.models import RastreioTray, SituacaoRastreio, pode_mudar_rastreio
from erp.tarefas import fila
from erp.vendas.models import Venda

log = logging.getLogger("erp.retorno_tray")
MAXIMO_CODIGO = 60
MAXIMO_URL = 300


class RastreioInvalido(ValueError):
    """O que foi digitado não pode ser registrado; a mensagem é para a tela."""


@dataclass
class ResultadoRastreio:
    venda: int
    pedido_tray: str
    codigo: str
    resultado: str  # registrado, ja_registrado, enviado, falhou, pendente
    situacao: str
    motivo: str | None = None

    def como_dict(self) -> dict:
        return dict(self.__dict__)


def _limpo(texto, maximo: int, nome: str) -> str:
    valor = " ".join(str(texto or "").split())
    if len(valor) > maximo:
        raise RastreioInvalido(f"{nome} tem mais de {maximo} caracteres.")
    return valor


def _url(url) -> str:
    valor = _limpo(url, MAXIMO_URL, "O endereço de rastreio")
    if valor and not valor.lower().startswith(("https://", "http://")):
        raise RastreioInvalido("O endereço de rastreio deve começar com https://.")
    return valor


def registrar(venda_id: int, codigo: str, url: str = "", data_envio: date | None = None) -> ResultadoRastreio:
    """Grava o rastreio na venda e põe o envio à Tray na fila (com commit). O mesmo código de novo não manda outra
    vez (`ja_registrado`); um código diferente (corrigido) manda o novo."""
    venda = db.session.get(Venda, venda_id)
    if venda is None:
        raise RastreioInvalido(f"Venda {venda_id} não encontrada.")
    codigo = _limpo(codigo, MAXIMO_CODIGO, "O código de rastreio")
    if not codigo:
        raise RastreioInvalido("Informe o código de rastreio.")
    url = _url(url)
    data_envio = data_envio or hoje()  # o dia de Brasília, também depois das 21:00
    if venda.situacao == "cancelado":
        raise RastreioInvalido(f"A venda nº {venda.id} está cancelada: não há envio a rastrear.")
    venda.rastreio_codigo, venda.rastreio_url, venda.rastreio_data = codigo, url or None, data_envio
    ident = None
    if venda.loja is not None and venda.loja.plataforma == "tray" and venda.pedido_tray_id:
        ident = inserir_se_novo(RastreioTray, {
            "venda_id": venda.id, "loja_id": venda.loja_id, "pedido_tray_id": venda.pedido_tray_id,
            "codigo": codigo, "url": url or None, "data_envio": data_envio,
            "situacao": SituacaoRastreio.PENDENTE.value, "tentativas": 0,
            "criado_em": agora(), "atualizado_em": agora()}, ["venda_id", "codigo"])
        if ident is not None:
            fila.apos_commit("retorno_tray.enviar_rastreio", ident)
    db.session.commit()
    linha = db.session.scalar(select(RastreioTray).where(RastreioTray.venda_id == venda.id,
                                                         RastreioTray.codigo == codigo))
    return ResultadoRastreio(venda.id, venda.pedido_tray_id, codigo,
                             "registrado" if ident is not None else "ja_registrado",
                             linha.situacao if linha else "sem_loja")


# -- planilha --------------------------------------------------------------------------------------
COLUNAS_VENDA = ("venda", "pedido")


def importar_planilha(conteudo: str) -> list[ResultadoRastreio]:
    """CSV (vírgula ou ponto e vírgula) com as colunas `venda` ou `pedido` (nº do pedido na Tray), `codigo`, e
    opcionais `url` e `data` (dd/mm/aaaa ou aaaa-mm-dd). Cada linha vira um `registrar`; uma linha com erro
    vira um resultado "falhou" com o motivo, e as outras seguem."""
    amostra = conteudo[:2000]
    dialeto = csv.Sniffer().sniff(amostra, delimiters=";,") if amostra.strip() else csv.excel
    leitor = csv.DictReader(io.StringIO(conteudo), dialect=dialeto)
    resultados = []
    for numero, linha in enumerate(leitor, start=2):
        linha = {(k or "").strip().lower(): (v or "").strip() for k, v in linha.items()}
        try:
            venda_id = _venda_da_linha(linha)
            resultados.append(registrar(venda_id, linha.get("codigo", ""), linha.get("url", ""),
                                        ler_data(linha.get("data", ""))))
        except RastreioInvalido as erro:
            db.session.rollback()
            resultados.append(ResultadoRastreio(0, linha.get("pedido", ""), linha.get("codigo", ""), "falhou",
                                                "", f"linha {numero}: {erro}"))
    return resultados


def _venda_da_linha(linha: dict) -> int:
    if linha.get("venda"):
        if not linha["venda"].isdigit():
            raise RastreioInvalido(f"venda “{linha['venda']}” não é um número.")
        return int(linha["venda"])
    if linha.get("pedido"):
        ids = db.session.scalars(select(Venda.id).where(Venda.pedido_tray_id == linha["pedido"])).all()
        if len(ids) == 1:
            return ids[0]
        raise RastreioInvalido(f"pedido {linha['pedido']}: " + ("nenhuma venda." if not ids else
                                                                  "venda em mais de uma loja; use a coluna venda."))
    raise RastreioInvalido("informe a coluna venda ou pedido.")


def ler_data(texto: str) -> date | None:
    if not texto:
        return None
    try:
        if "/" in texto:
            dia, mes, ano = texto.split("/")
            return date(int(ano), int(mes), int(dia))
        return date.fromisoformat(texto)
    except ValueError:
        raise RastreioInvalido(f"data “{texto}” inválida (use dd/mm/aaaa).") from None


# -- envio -----------------------------------------------------------------------------------------
def _disponivel(respeitar_agenda: bool = True):
    t = RastreioTray.__table__
    momento = agora()
    livre = t.c.situacao == SituacaoRastreio.PENDENTE.value
    if respeitar_agenda:
        livre = and_(livre, or_(t.c.proxima_tentativa_em.is_(None), t.c.proxima_tentativa_em <= momento))
    abandonada = and_(t.c.situacao == SituacaoRastreio.ENVIANDO.value,
                      t.c.reservado_em < momento - timedelta(seconds=float(opcao("RETORNO_TRAY_RESERVA_S"))))
    return or_(livre, abandonada)


def _mudar(linha: RastreioTray, nova: SituacaoRastreio) -> None:
    if not pode_mudar_rastreio(linha.situacao, nova):
        raise ValueError(f"O rastreio {linha.id} não pode ir de {linha.situacao} para {nova}.")
    linha.situacao = nova.value


def enviar(rastreio_id: int, respeitar_agenda: bool = True) -> ResultadoRastreio | None:
    """Reserva a linha (UPDATE atômico) e manda o rastreio ao pedido; None se outro trabalhador a tem."""
    t = RastreioTray.__table__
    reservou = db.session.execute(update(t).where(t.c.id == rastreio_id, _disponivel(respeitar_agenda)).values(
        situacao=SituacaoRastreio.ENVIANDO.value, reservado_em=agora(), atualizado_em=agora())).rowcount
    db.session.commit()
    if reservou != 1:
        return None
    linha = db.session.get(RastreioTray, rastreio_id)
    try:
        api.informar_envio(linha.loja, linha.pedido_tray_id, linha.codigo, linha.data_envio, linha.url or "")
    except (erros.LojaPausada, erros.ErroAutenticacao) as erro:
        return _esperar(rastreio_id, str(erro))  # problema da loja: espera sem gastar tentativa
    except (erros.LimiteExcedido, erros.Indisponivel) as erro:
        return _adiar(rastreio_id, str(erro))
    except erros.ErroValidacao as erro:
        return _desfecho(rastreio_id, SituacaoRastreio.FALHOU,
                         "A Tray recusou o rastreio: " + ("; ".join(erro.causas) or str(erro)))
    except erros.ErroTray as erro:
        if erro.status is not None and erro.status >= 500:
            return _adiar(rastreio_id, str(erro))
        return _desfecho(rastreio_id, SituacaoRastreio.FALHOU, str(erro))
    except Exception as erro:  # noqa: BLE001  (a linha não pode ficar presa em "enviando")
        log.exception("Rastreio à Tray: erro inesperado no envio %s", rastreio_id)
        return _adiar(rastreio_id, f"Erro inesperado: {erro}")
    return _desfecho(rastreio_id, SituacaoRastreio.CONCLUIDO, None)


def _desfecho(rastreio_id: int, situacao: SituacaoRastreio, motivo: str | None) -> ResultadoRastreio:
    db.session.rollback()
    linha = db.session.get(RastreioTray, rastreio_id)
    _mudar(linha, situacao)
    linha.ultimo_erro = motivo
    linha.proxima_tentativa_em = None
    if situacao == SituacaoRastreio.CONCLUIDO:
        linha.enviado_em, linha.tentativas = agora(), 0
        log.info("Rastreio %s enviado ao pedido %s da Tray", linha.codigo, linha.pedido_tray_id)
    db.session.commit()
    resultado = "enviado" if situacao == SituacaoRastreio.CONCLUIDO else "falhou"
    return ResultadoRastreio(linha.venda_id, linha.pedido_tray_id, linha.codigo, resultado, linha.situacao, motivo)


def _esperar(rastreio_id: int, motivo: str) -> ResultadoRastreio:
    """Loja pausada ou a reconectar: volta a pendente para mais tarde, sem contar tentativa."""
    db.session.rollback()
    linha = db.session.get(RastreioTray, rastreio_id)
    _mudar(linha, SituacaoRastreio.PENDENTE)
    linha.ultimo_erro = motivo
    linha.proxima_tentativa_em = agora() + timedelta(seconds=float(opcao("RETORNO_TRAY_ESPERA_BLOQUEIO_S")))
    db.session.commit()
    return ResultadoRastreio(linha.venda_id, linha.pedido_tray_id, linha.codigo, "pendente", linha.situacao, motivo)


def _adiar(rastreio_id: int, motivo: str) -> ResultadoRastreio:
    db.session.rollback()
    linha = db.session.get(RastreioTray, rastreio_id)
    linha.tentativas = (linha.tentativas or 0) + 1
    maximo = int(opcao("RETORNO_TRAY_TENTATIVAS"))
    if linha.tentativas >= maximo:
        db.session.commit()
        return _desfecho(rastreio_id, SituacaoRastreio.FALHOU,
                         f"A Tray não respondeu depois de {maximo} tentativas: {motivo}")
    espera = espera_para(linha.tentativas)
    _mudar(linha, SituacaoRastreio.PENDENTE)
    linha.ultimo_erro = f"{motivo} (tentativa {linha.tentativas} de {maximo}; nova tentativa automática)"
    linha.proxima_tentativa_em = agora() + timedelta(seconds=espera)
    db.session.commit()
    try:
        fila.enfileirar("retorno_tray.enviar_rastreio", rastreio_id, atraso_s=max(0.0, espera))
    except Exception:  # noqa: BLE001  (sem fila, a varredura pega a linha na hora certa)
        log.warning("Rastreio à Tray: não foi possível agendar o envio %s; fica para a varredura", rastreio_id)
    return ResultadoRastreio(linha.venda_id, linha.pedido_tray_id, linha.codigo, "pendente", linha.situacao,
                             linha.ultimo_erro)


def processar_pendentes(agora_mesmo: bool = False, limite: int = 200) -> list[ResultadoRastreio]:
    """Os rastreios pendentes (vencidos, ou todos com `agora_mesmo`) e os abandonados por um trabalhador."""
    ids = db.session.scalars(select(RastreioTray.id).where(_disponivel(not agora_mesmo))
                             .order_by(RastreioTray.id).limit(limite)).all()
    return [r for r in (enviar(i, respeitar_agenda=not agora_mesmo) for i in ids) if r is not None]


def tentar_de_novo(rastreio_id: int) -> RastreioTray:
    """Devolve à fila um rastreio que falhou."""
    t = RastreioTray.__table__
    feito = db.session.execute(update(t).where(t.c.id == rastreio_id,
                                               t.c.situacao == SituacaoRastreio.FALHOU.value)
                               .values(situacao=SituacaoRastreio.PENDENTE.value, tentativas=0,
                                       proxima_tentativa_em=None, ultimo_erro=None, atualizado_em=agora()))
    if feito.rowcount != 1:
        db.session.rollback()
        raise RastreioInvalido("Só um rastreio com falha volta para a fila.")
    fila.apos_commit("retorno_tray.enviar_rastreio", rastreio_id)
    db.session.commit()
    return db.session.get(RastreioTray, rastreio_id)


def rastreios_da_venda(venda_id: int) -> list[RastreioTray]:
    return list(db.session.scalars(select(RastreioTray).where(RastreioTray.venda_id == venda_id)
                                   .order_by(RastreioTray.id)))
