"""E-mail ao comprador: o XML (nfeProc) e o DANFE da nota autorizada; o XML do cancelamento e de cada carta de
correção. Uma linha EmailNFe por documento (restrição única), enviada por uma tarefa da fila com novas
tentativas; uma falha aqui nunca atrasa nem desfaz a NF-e.

SMTP_URL: `smtp://host:25` (sem TLS), `smtp://usuario:senha@host:587?starttls=1` (STARTTLS) ou
`smtps://usuario:senha@host:465` (TLS desde o início). Sem SMTP_URL, nada é registrado nem enviado.
"""
import email.policy
import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app
from sqlalchemy import update

from erp.comum.banco import inserir_se_novo
from erp.comum.formatos import dinheiro
from erp.comum.modelos import agora
from erp.extensions import db
from erp.nfe.models import CANCELAMENTO, EmailNFe, EventoNFe, NotaFiscal
from erp.nfe.services import danfe
from erp.nfe.services import empresa as empresas
from erp.tarefas import fila

log = logging.getLogger(__name__)
TAREFA = "nfe.enviar_email"
_LIGADO = ("1", "sim", "true", "yes", "on")
# Linhas de cabeçalho até 200 caracteres: dobrar um assunto acentuado em várias palavras codificadas perde o
# espaço entre elas na leitura (RFC 2047: o espaço entre duas palavras codificadas não conta).
_POLITICA = email.policy.SMTP.clone(max_line_length=200)


class EmailImpossivel(Exception):
    """O e-mail não pôde ser enviado (servidor, configuração, anexo); mensagem para a tela."""


@dataclass(frozen=True)
class ServidorSmtp:
    host: str
    porta: int
    usuario: str | None
    senha: str | None
    ssl: bool
    starttls: bool

    @classmethod
    def da_url(cls, url: str) -> "ServidorSmtp":
        partes = urlsplit(url)
        if partes.scheme not in ("smtp", "smtps", "smtp+starttls") or not partes.hostname:
            raise EmailImpossivel("SMTP_URL deve ser smtp://host:porta, smtp://…?starttls=1 ou smtps://host:465.")
        opcoes = {k: v[-1] for k, v in parse_qs(partes.query).items()}
        seguro = partes.scheme == "smtps"
        return cls(partes.hostname, partes.port or (465 if seguro else 25),
                   unquote(partes.username) if partes.username else None,
                   unquote(partes.password) if partes.password else None, seguro,
                   partes.scheme == "smtp+starttls" or opcoes.get("starttls", "").lower() in _LIGADO)

    def enviar(self, mensagem: EmailMessage, contexto: ssl.SSLContext | None = None) -> None:
        contexto = contexto or ssl.create_default_context()
        try:
            if self.ssl:
                conexao = smtplib.SMTP_SSL(self.host, self.porta, timeout=30, context=contexto)
            else:
                conexao = smtplib.SMTP(self.host, self.porta, timeout=30)
            with conexao:
                if self.starttls:
                    conexao.starttls(context=contexto)
                if self.usuario:
                    conexao.login(self.usuario, self.senha or "")
                conexao.send_message(mensagem)
        except (smtplib.SMTPException, OSError) as erro:
            raise EmailImpossivel(f"Servidor de e-mail {self.host}:{self.porta}: {erro}") from erro


def ligado() -> bool:
    return bool(current_app.config.get("SMTP_URL"))


def _destinatario(nota: NotaFiscal) -> str:
    cliente = nota.venda.cliente if nota.venda is not None else None
    return ((cliente.email if cliente else None) or "").strip()


def _registrar(nota: NotaFiscal, referencia: str, tipo: str, assunto: str, evento_id: int | None = None) -> None:
    if not ligado():
        return
    destinatario = _destinatario(nota)
    situacao = "pendente" if "@" in destinatario else "sem_destinatario"
    novo = inserir_se_novo(EmailNFe, {
        "referencia": referencia, "nota_id": nota.id, "evento_id": evento_id, "tipo": tipo,
        "destinatario": destinatario[:200], "assunto": assunto[:200], "situacao": situacao, "tentativas": 0,
        "criado_em": agora()}, ["referencia"])
    if novo is not None and situacao == "pendente":
        fila.apos_commit(TAREFA, novo)


def _nome_empresa() -> str:
    empresa = empresas.obter()
    return (empresa.nome_fantasia or empresa.razao_social) if empresa else ""


def ao_autorizar_nota(nota: NotaFiscal) -> None:
    """Ouve `sinais.nota_autorizada`: registra o e-mail com XML e DANFE (enviado depois do commit)."""
    try:
        with db.session.begin_nested():
            _registrar(nota, f"autorizacao:{nota.id}", "autorizacao",
                       f"NF-e nº {nota.numero} — {_nome_empresa()}".strip(" —"))
    except Exception:  # noqa: BLE001 — o e-mail nunca segura a NF-e
        log.exception("E-mail da NF-e %s não registrado", nota.chave)


def ao_registrar_evento(evento: EventoNFe) -> None:
    """Ouve `sinais.evento_registrado`: registra o e-mail com o XML do cancelamento ou da carta de correção."""
    nota = evento.nota
    if evento.tipo == CANCELAMENTO:
        tipo, assunto = "cancelamento", f"Cancelamento da NF-e nº {nota.numero}"
    else:
        tipo, assunto = "carta_correcao", f"Carta de correção nº {evento.sequencia} da NF-e nº {nota.numero}"
    try:
        with db.session.begin_nested():
            _registrar(nota, f"evento:{evento.id}", tipo, f"{assunto} — {_nome_empresa()}".strip(" —"), evento.id)
    except Exception:  # noqa: BLE001 — o e-mail nunca segura o evento
        log.exception("E-mail do evento %s da NF-e %s não registrado", evento.id, nota.chave)


def nomes_dos_anexos(registro: EmailNFe) -> list[str]:
    chave = registro.nota.chave
    if registro.tipo == "autorizacao":
        return [f"{chave}.xml", f"{chave}.pdf"]
    evento = db.session.get(EventoNFe, registro.evento_id) if registro.evento_id else None
    if registro.tipo == "cancelamento":
        return [f"{chave}-cancelamento.xml"]
    return [f"{chave}-carta-correcao-{evento.sequencia if evento else 1:02d}.xml"]


def _corpo(registro: EmailNFe, evento: EventoNFe | None) -> str:
    nota = registro.nota
    cliente = nota.venda.cliente.nome if nota.venda and nota.venda.cliente else ""
    linhas = [f"Olá{', ' + cliente if cliente else ''}.", ""]
    identificacao = (f"NF-e nº {nota.numero}, série {nota.serie}, valor {dinheiro(nota.valor_total)}\n"
                     f"Chave de acesso: {nota.chave}")
    if registro.tipo == "autorizacao":
        linhas += ["Segue a nota fiscal eletrônica da sua compra:", identificacao, "",
                   "Anexos: o XML da NF-e (guarde-o: ele é o documento fiscal) e o DANFE em PDF."]
    elif registro.tipo == "cancelamento":
        linhas += ["A nota fiscal eletrônica abaixo foi cancelada na SEFAZ:", identificacao, "",
                   f"Justificativa: {evento.texto if evento else ''}", "Anexo: o XML do cancelamento."]
    else:
        linhas += ["A nota fiscal eletrônica abaixo recebeu uma carta de correção registrada na SEFAZ:",
                   identificacao, "", f"Correção: {evento.texto if evento else ''}",
                   "Anexo: o XML da carta de correção."]
    linhas += ["", "A autenticidade pode ser consultada pela chave de acesso no Portal da NF-e.", "",
               _nome_empresa()]
    return "\n".join(linhas)


def montar(registro: EmailNFe) -> EmailMessage:
    """A mensagem pronta para enviar: remetente, destinatário, texto e anexos com o nome da chave."""
    nota = registro.nota
    evento = db.session.get(EventoNFe, registro.evento_id) if registro.evento_id else None
    empresa = empresas.obter()
    remetente = current_app.config.get("SMTP_REMETENTE") or (empresa.email if empresa else "") or "nfe@localhost"
    mensagem = EmailMessage(policy=_POLITICA)
    mensagem["From"] = formataddr((_nome_empresa(), remetente)) if _nome_empresa() else remetente
    mensagem["To"] = registro.destinatario
    mensagem["Subject"] = registro.assunto
    mensagem["Message-ID"] = make_msgid(domain=remetente.rsplit("@", 1)[-1] or "localhost")
    mensagem.set_content(_corpo(registro, evento))
    nomes = nomes_dos_anexos(registro)
    if registro.tipo == "autorizacao":
        if not nota.xml_proc:
            raise EmailImpossivel(f"A NF-e nº {nota.numero} não tem o XML autorizado.")
        try:
            pdf = danfe.gerar_pdf(nota.id)
        except danfe.DanfeIndisponivel as erro:
            raise EmailImpossivel(str(erro)) from erro
        mensagem.add_attachment(nota.xml_proc, maintype="application", subtype="xml", filename=nomes[0])
        mensagem.add_attachment(pdf, maintype="application", subtype="pdf", filename=nomes[1])
    else:
        if evento is None or not evento.xml_retorno:
            raise EmailImpossivel("O evento não tem o XML registrado.")
        mensagem.add_attachment(evento.xml_retorno, maintype="application", subtype="xml", filename=nomes[0])
    return mensagem


def _reservar(registro: EmailNFe) -> bool:
    """Conta a tentativa só se ninguém mais a contou (dois trabalhadores não mandam o mesmo e-mail)."""
    comando = (update(EmailNFe).where(EmailNFe.id == registro.id, EmailNFe.situacao == "pendente",
                                      EmailNFe.tentativas == registro.tentativas)
               .values(tentativas=registro.tentativas + 1))
    reservado = db.session.execute(comando).rowcount == 1
    db.session.commit()
    return reservado


def enviar(email_id: int) -> str:
    """Envia o e-mail `email_id` se estiver na fila e na hora; devolve a situação final. Faz commit."""
    registro = db.session.get(EmailNFe, email_id)
    if registro is None or registro.situacao != "pendente":
        return registro.situacao if registro else "inexistente"
    if registro.proxima_tentativa_em and registro.proxima_tentativa_em > agora():
        return "pendente"
    if not _reservar(registro):
        return "pendente"
    db.session.refresh(registro)
    try:
        url = current_app.config.get("SMTP_URL")
        if not url:
            raise EmailImpossivel("SMTP_URL não está configurado.")
        ServidorSmtp.da_url(url).enviar(montar(registro))
    except EmailImpossivel as erro:
        return _falhou(registro, str(erro))
    except Exception as erro:  # noqa: BLE001 — um defeito no DANFE ou na mensagem conta como tentativa falha
        log.exception("E-mail %s: falha inesperada", registro.id)
        return _falhou(registro, f"Falha ao montar ou enviar o e-mail: {erro}")
    registro.situacao, registro.enviado_em = "enviado", agora()
    registro.ultimo_erro = registro.proxima_tentativa_em = None
    db.session.commit()
    return "enviado"


def _falhou(registro: EmailNFe, erro: str) -> str:
    registro.ultimo_erro = erro
    maximo = int(current_app.config.get("EMAIL_TENTATIVAS", 6))
    if registro.tentativas >= maximo:
        registro.situacao, registro.proxima_tentativa_em = "falhou", None
        db.session.commit()
        log.warning("E-mail %s desistido após %s tentativas: %s", registro.id, registro.tentativas, erro)
        return "falhou"
    espera = float(current_app.config.get("EMAIL_ESPERA_BASE_S", 60.0)) * 2 ** (registro.tentativas - 1)
    registro.proxima_tentativa_em = agora() + timedelta(seconds=espera)
    fila.apos_commit(TAREFA, registro.id, atraso_s=espera)  # sai com o commit abaixo
    db.session.commit()
    return "pendente"


def enviar_pendentes() -> int:
    """Para a varredura periódica: os e-mails na fila cuja hora chegou (fila perdida, trabalhador parado)."""
    limite = agora() - timedelta(minutes=2)
    ids = [i for (i,) in db.session.query(EmailNFe.id).filter(
        EmailNFe.situacao == "pendente", EmailNFe.criado_em <= limite,
        (EmailNFe.proxima_tentativa_em.is_(None)) | (EmailNFe.proxima_tentativa_em <= agora()))
        .order_by(EmailNFe.id).limit(100)]
    for email_id in ids:
        enviar(email_id)
    return len(ids)


def reenviar(email_id: int) -> EmailNFe:
    """Põe de volta na fila um e-mail que falhou (a tela "E-mails"). Faz commit."""
    registro = db.session.get(EmailNFe, email_id)
    if registro is None:
        raise EmailImpossivel(f"E-mail {email_id} não encontrado.")
    if registro.situacao != "falhou":
        raise EmailImpossivel("Só um e-mail que falhou volta para a fila.")
    registro.situacao, registro.tentativas, registro.proxima_tentativa_em = "pendente", 0, None
    fila.apos_commit(TAREFA, registro.id)  # sai com o commit abaixo
    db.session.commit()
    return registro


def listar(situacao: str = ""):
    consulta = db.session.query(EmailNFe).order_by(EmailNFe.id.desc())
    if situacao:
        consulta = consulta.filter(EmailNFe.situacao == situacao)
    return consulta
