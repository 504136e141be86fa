"""E-mail ao comprador por um servidor SMTP de verdade (aiosmtpd): XML e DANFE anexos com o nome da chave,
o XML dos eventos, novas tentativas quando o servidor falha, e a NF-e nunca espera pelo e-mail."""
import pytest

from erp.extensions import db
from erp.nfe.models import EmailNFe, NotaFiscal
from erp.nfe.services import correio
from erp.tarefas.fila import executar_pendentes
from tests.nfe.apoio import assinar, cli_json, transmitir
from tests.nfe.services import fabrica
from tests.util import porta_livre

JUSTIFICATIVA = "Cliente desistiu da compra antes do envio"
CORRECAO = "Volumes: 2 caixas de papelão com 10 unidades"


def _autorizada(runner, **cliente) -> NotaFiscal:
    venda = fabrica.venda(cliente_=fabrica.cliente(**cliente)) if cliente else fabrica.venda()
    [nota] = assinar(runner, venda)
    assert transmitir(runner, nota)[0]["resultado"] == "autorizada"
    db.session.expire_all()
    return db.session.get(NotaFiscal, nota.id)


def _anexos(mensagem) -> dict[str, bytes]:
    return {parte.get_filename(): parte.get_content() for parte in mensagem.iter_attachments()}


def test_nota_autorizada_vai_ao_comprador_com_xml_e_danfe(runner, empresa, sefaz_sim, smtp):
    nota = _autorizada(runner)
    registro = db.session.query(EmailNFe).one()
    assert (registro.situacao, registro.destinatario) == ("pendente", "cliente@example.com")
    assert smtp.mensagens == []  # o e-mail vai pela fila, depois do commit

    assert executar_pendentes() >= 1

    [(remetente, destinatarios, mensagem)] = smtp.mensagens
    assert (remetente, destinatarios) == ("nfe@emporio.example", ["cliente@example.com"])
    assert mensagem["Subject"] == f"NF-e nº {nota.numero} — Empório Paulista"
    anexos = _anexos(mensagem)
    assert list(anexos) == [f"{nota.chave}.xml", f"{nota.chave}.pdf"]
    assert anexos[f"{nota.chave}.xml"] == nota.xml_proc
    assert anexos[f"{nota.chave}.pdf"].startswith(b"%PDF")
    texto = mensagem.get_body(("plain",)).get_content()
    assert nota.chave in texto and "Maria José da Silva" in texto and "R$" in texto
    db.session.expire_all()
    registro = db.session.get(EmailNFe, registro.id)
    assert (registro.situacao, registro.tentativas) == ("enviado", 1) and registro.enviado_em is not None


def test_cancelamento_e_carta_de_correcao_levam_o_xml_do_evento(runner, empresa, sefaz_sim, smtp):
    nota = _autorizada(runner)
    cli_json(runner, "nfe", "cce", "--nota", str(nota.id), "--correcao", CORRECAO)
    cli_json(runner, "nfe", "cancelar", "--nota", str(nota.id), "--justificativa", JUSTIFICATIVA)
    executar_pendentes()

    assuntos = {m["Subject"]: m for _, _, m in smtp.mensagens}
    carta = assuntos[f"Carta de correção nº 1 da NF-e nº {nota.numero} — Empório Paulista"]
    cancelamento = assuntos[f"Cancelamento da NF-e nº {nota.numero} — Empório Paulista"]
    eventos = {e.tipo: e for e in nota.eventos_sefaz if e.situacao == "registrado"}
    assert _anexos(carta) == {f"{nota.chave}-carta-correcao-01.xml": eventos["110110"].xml_retorno}
    assert _anexos(cancelamento) == {f"{nota.chave}-cancelamento.xml": eventos["110111"].xml_retorno}
    assert CORRECAO in carta.get_body(("plain",)).get_content()
    assert JUSTIFICATIVA in cancelamento.get_body(("plain",)).get_content()
    assert len(smtp.mensagens) == 3


def test_servidor_fora_do_ar_tenta_de_novo_e_desiste_sem_afetar_a_nota(runner, app, empresa, sefaz_sim, smtp):
    app.config.update(SMTP_URL=f"smtp://127.0.0.1:{porta_livre()}", EMAIL_TENTATIVAS=3)  # ninguém escuta
    nota = _autorizada(runner)

    executar_pendentes()

    db.session.expire_all()
    registro = db.session.query(EmailNFe).one()
    assert (registro.situacao, registro.tentativas) == ("falhou", 3)
    assert "Servidor de e-mail 127.0.0.1" in registro.ultimo_erro
    assert db.session.get(NotaFiscal, nota.id).situacao == "autorizada"
    app.config.pop("EMAIL_TENTATIVAS")

    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{smtp.porta}"
    correio.reenviar(registro.id)
    executar_pendentes()
    db.session.expire_all()
    assert db.session.get(EmailNFe, registro.id).situacao == "enviado"
    assert len(smtp.mensagens) == 1


def test_comprador_sem_email_fica_registrado_sem_envio(runner, empresa, sefaz_sim, smtp):
    _autorizada(runner, email="")
    registro = db.session.query(EmailNFe).one()
    assert registro.situacao == "sem_destinatario"
    executar_pendentes()
    assert smtp.mensagens == []


def test_sem_smtp_url_nada_e_registrado(runner, app, empresa, sefaz_sim):
    app.config.pop("SMTP_URL", None)
    _autorizada(runner)
    assert db.session.query(EmailNFe).count() == 0


@pytest.mark.parametrize("url, esperado", [
    ("smtp://127.0.0.1:1025", ("127.0.0.1", 1025, None, None, False, False)),
    ("smtp://loja%40ex.com:s%3Fnha@smtp.ex.com:587?starttls=1", ("smtp.ex.com", 587, "loja@ex.com", "s?nha",
                                                                  False, True)),
    ("smtps://u:p@smtp.ex.com", ("smtp.ex.com", 465, "u", "p", True, False)),
    ("smtp+starttls://smtp.ex.com", ("smtp.ex.com", 25, None, None, False, True)),
])
def test_smtp_url(url, esperado):
    s = correio.ServidorSmtp.da_url(url)
    assert (s.host, s.porta, s.usuario, s.senha, s.ssl, s.starttls) == esperado


def test_smtp_url_invalida():
    with pytest.raises(correio.EmailImpossivel):
        correio.ServidorSmtp.da_url("http://smtp.ex.com")


def _certificado_local(tmp_path):
    """Certificado autoassinado para 127.0.0.1 (o servidor SMTP de teste com TLS) e o contexto que confia nele."""
    import datetime as dt
    import ipaddress
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    chave = ec.generate_private_key(ec.SECP256R1())
    nome = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    agora = dt.datetime.now(dt.timezone.utc)
    certificado = (x509.CertificateBuilder().subject_name(nome).issuer_name(nome).public_key(chave.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(agora - dt.timedelta(minutes=5))
                   .not_valid_after(agora + dt.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(chave, hashes.SHA256()))
    (tmp_path / "smtp.pem").write_bytes(certificado.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "smtp.key").write_bytes(chave.private_bytes(serialization.Encoding.PEM,
                                                             serialization.PrivateFormat.PKCS8,
                                                             serialization.NoEncryption()))
    servidor = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    servidor.load_cert_chain(tmp_path / "smtp.pem", tmp_path / "smtp.key")
    return servidor, ssl.create_default_context(cafile=str(tmp_path / "smtp.pem"))


@pytest.mark.parametrize("modo", ["starttls", "ssl"])
def test_smtp_com_tls_e_senha(tmp_path, modo):
    from email.message import EmailMessage

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from tests.nfe.conftest import Caixa

    contexto_servidor, contexto_cliente = _certificado_local(tmp_path)
    logins = []

    def autenticar(servidor, sessao, envelope, mecanismo, dados):
        logins.append((dados.login, dados.password))
        return AuthResult(success=(dados.login, dados.password) == (b"loja@ex.com", b"s?nha"))

    caixa, porta = Caixa(), porta_livre()
    if modo == "ssl":
        controlador = Controller(caixa, hostname="127.0.0.1", port=porta, ssl_context=contexto_servidor,
                                 authenticator=autenticar, auth_require_tls=False)  # a conexão já é TLS
        url = f"smtps://loja%40ex.com:s%3Fnha@127.0.0.1:{porta}"
    else:
        controlador = Controller(caixa, hostname="127.0.0.1", port=porta, tls_context=contexto_servidor,
                                 require_starttls=True, authenticator=autenticar)
        url = f"smtp://loja%40ex.com:s%3Fnha@127.0.0.1:{porta}?starttls=1"
    controlador.start()
    try:
        mensagem = EmailMessage()
        mensagem["From"], mensagem["To"], mensagem["Subject"] = "nfe@ex.com", "cliente@ex.com", "NF-e"
        mensagem.set_content("teste")
        correio.ServidorSmtp.da_url(url).enviar(mensagem, contexto_cliente)
        assert logins == [(b"loja@ex.com", b"s?nha")]
        assert [m["Subject"] for _, _, m in caixa.mensagens] == ["NF-e"]
        with pytest.raises(correio.EmailImpossivel):  # certificado em que não se confia
            correio.ServidorSmtp.da_url(url).enviar(mensagem)
        assert len(caixa.mensagens) == 1
    finally:
        controlador.stop()


def test_defeito_ao_montar_conta_como_tentativa(runner, app, empresa, sefaz_sim, smtp, monkeypatch):
    app.config["EMAIL_TENTATIVAS"] = 2
    nota = _autorizada(runner)

    def quebrado(nota_id):
        raise RuntimeError("leiaute inesperado")

    monkeypatch.setattr(correio.danfe, "gerar_pdf", quebrado)
    executar_pendentes()

    db.session.expire_all()
    registro = db.session.query(EmailNFe).filter_by(nota_id=nota.id).one()
    assert (registro.situacao, registro.tentativas) == ("falhou", 2)
    assert "leiaute inesperado" in registro.ultimo_erro and smtp.mensagens == []
    app.config.pop("EMAIL_TENTATIVAS")
