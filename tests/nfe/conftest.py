"""Fixtures dos testes da NF-e com banco: a empresa emitente, a SEFAZ simulada por HTTP de verdade e um servidor
SMTP local (aiosmtpd) que guarda o que recebe."""
import email
import email.policy

import pytest
from aiosmtpd.controller import Controller

from erp.sandbox.sefaz.servidor import iniciar_em_thread
from tests.nfe.services import fabrica
from tests.util import porta_livre


@pytest.fixture
def empresa(app):
    """Empresa do Simples Nacional em SP, com certificado A1 de teste."""
    return fabrica.empresa()


@pytest.fixture
def sefaz_sim(app):
    """SEFAZ simulada numa porta livre; o app passa a falar com ela (SEFAZ_URL)."""
    simulador = iniciar_em_thread()
    app.config.update(SEFAZ_URL=simulador.url, SEFAZ_INTERVALO_RECIBO=0, SEFAZ_TEMPO_RESPOSTA=5)
    yield simulador
    simulador.parar()
    for chave in ("SEFAZ_URL", "SEFAZ_INTERVALO_RECIBO", "SEFAZ_TEMPO_RESPOSTA"):
        app.config.pop(chave, None)


class Caixa:
    """Guarda cada mensagem recebida (envelope e conteúdo)."""

    def __init__(self):
        self.mensagens = []

    async def handle_DATA(self, servidor, sessao, envelope):
        self.mensagens.append((envelope.mail_from, list(envelope.rcpt_tos),
                               email.message_from_bytes(envelope.content, policy=email.policy.default)))
        return "250 OK"


@pytest.fixture
def smtp(app):
    caixa = Caixa()
    porta = porta_livre()
    controlador = Controller(caixa, hostname="127.0.0.1", port=porta)
    controlador.start()
    caixa.porta = porta
    app.config.update(SMTP_URL=f"smtp://127.0.0.1:{porta}", SMTP_REMETENTE="nfe@emporio.example",
                      EMAIL_ESPERA_BASE_S=0)
    yield caixa
    controlador.stop()
    for chave in ("SMTP_URL", "SMTP_REMETENTE", "EMAIL_ESPERA_BASE_S"):
        app.config.pop(chave, None)
