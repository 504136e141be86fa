"""TLS com o servidor da SEFAZ: um servidor HTTPS de verdade com cadeia (folha + intermediária) sob uma raiz de
teste. Com a raiz entre as ACs confiáveis a chamada passa; sem ela, falha como SefazIndisponivel (nada enviado);
SEFAZ_VERIFICAR_TLS continua mandando (caminho de um pacote, ou desligada)."""
import datetime as dt
import ipaddress
import ssl
import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from lxml import etree

from erp.nfe.sefaz import configuracao, soap, tls
from erp.nfe.sefaz.erros import SefazIndisponivel

NFE = "http://www.portalfiscal.inf.br/nfe"
RESPOSTA = (f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{soap.SOAP12}"><soap:Body>'
            f'<nfeResultMsg xmlns="{soap.WSDL}NFeStatusServico4"><retConsStatServ xmlns="{NFE}" versao="4.00">'
            '<tpAmb>2</tpAmb><cStat>107</cStat><xMotivo>Servico em Operacao</xMotivo></retConsStatServ>'
            '</nfeResultMsg></soap:Body></soap:Envelope>').encode()


def _nome(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "BR"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Teste SEFAZ"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _emitir(sujeito: str, chave, emissor: str, chave_emissor, ac: bool, san=None) -> x509.Certificate:
    agora = dt.datetime.now(dt.timezone.utc)
    construtor = (x509.CertificateBuilder().subject_name(_nome(sujeito)).issuer_name(_nome(emissor))
                  .public_key(chave.public_key()).serial_number(x509.random_serial_number())
                  .not_valid_before(agora - dt.timedelta(minutes=5)).not_valid_after(agora + dt.timedelta(days=1))
                  .add_extension(x509.BasicConstraints(ca=ac, path_length=None), critical=True)
                  .add_extension(x509.SubjectKeyIdentifier.from_public_key(chave.public_key()), critical=False)
                  .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(chave_emissor.public_key()),
                                 critical=False))
    if ac:
        construtor = construtor.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
            critical=True)
    if san:
        construtor = construtor.add_extension(x509.SubjectAlternativeName(san), critical=False)
    return construtor.sign(chave_emissor, hashes.SHA256())


def _pem(certificado: x509.Certificate) -> bytes:
    return certificado.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def cadeia():
    """(raiz, intermediária, folha, chave da folha): a folha vale para 127.0.0.1 e localhost."""
    chave_raiz, chave_inter, chave_folha = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    raiz = _emitir("Raiz de Teste v1", chave_raiz, "Raiz de Teste v1", chave_raiz, True)
    inter = _emitir("AC Intermediaria de Teste SSL", chave_inter, "Raiz de Teste v1", chave_raiz, True)
    folha = _emitir("127.0.0.1", chave_folha, "AC Intermediaria de Teste SSL", chave_inter, False,
                    [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")])
    return raiz, inter, folha, chave_folha


@pytest.fixture
def servidor(cadeia, tmp_path):
    """Servidor HTTPS que responde ao NFeStatusServico4, apresentando folha + intermediária."""
    _, inter, folha, chave = cadeia
    (tmp_path / "cadeia.pem").write_bytes(_pem(folha) + _pem(inter))
    (tmp_path / "chave.pem").write_bytes(chave.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    contexto = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    contexto.load_cert_chain(tmp_path / "cadeia.pem", tmp_path / "chave.pem")

    class Responder(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Type", "application/soap+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(RESPOSTA)))
            self.end_headers()
            self.wfile.write(RESPOSTA)

        def log_message(self, *_):
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Responder)
    http.socket = contexto.wrap_socket(http.socket, server_side=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{http.server_address[1]}/ws/NFeStatusServico4.asmx"
    http.shutdown()
    http.server_close()


@pytest.fixture
def sem_cache():
    tls.esquecer_pacote()
    yield
    tls.esquecer_pacote()


def _status(url: str):
    mensagem = etree.fromstring(f'<consStatServ xmlns="{NFE}" versao="4.00"><tpAmb>2</tpAmb><cUF>35</cUF>'
                                '<xServ>STATUS</xServ></consStatServ>')
    verificar = configuracao.configuracao().verificar_tls
    with requests.Session() as sessao:
        return soap.chamar(sessao, url, "NFeStatusServico4", mensagem, (5, 5), verificar=verificar)


def test_servidor_sob_raiz_desconhecida_e_recusado(app, servidor, sem_cache):
    app.config["SEFAZ_VERIFICAR_TLS"] = True

    with pytest.raises(SefazIndisponivel) as erro:
        _status(servidor)

    assert "certificado/TLS" in str(erro.value) and erro.value.enviado is False


def test_servidor_sob_raiz_do_pacote_e_aceito(app, servidor, cadeia, monkeypatch, sem_cache):
    """A mesma cadeia, agora com a raiz de teste no lugar das ACs da ICP-Brasil do pacote: a chamada passa."""
    raiz = cadeia[0]
    monkeypatch.setattr(tls, "acs_icp_brasil", lambda: [_pem(raiz)])
    app.config["SEFAZ_VERIFICAR_TLS"] = True

    retorno = _status(servidor)

    assert retorno.findtext(f"{{{NFE}}}cStat") == "107"
    assert configuracao.configuracao().verificar_tls.startswith(app.config["ERP_INSTANCIA"])


def test_sefaz_verificar_tls_com_caminho_ou_desligada(app, servidor, cadeia, tmp_path, sem_cache):
    pacote = tmp_path / "minhas-acs.pem"
    pacote.write_bytes(_pem(cadeia[0]))
    app.config["SEFAZ_VERIFICAR_TLS"] = str(pacote)
    assert _status(servidor).findtext(f"{{{NFE}}}cStat") == "107"

    app.config["SEFAZ_VERIFICAR_TLS"] = str(tmp_path / "vazio.pem")
    (tmp_path / "vazio.pem").write_bytes(tls.acs_publicas())  # só as públicas: a raiz de teste não está
    with pytest.raises(SefazIndisponivel):
        _status(servidor)

    app.config["SEFAZ_VERIFICAR_TLS"] = "0"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # urllib3 avisa da conexão sem verificação
        assert _status(servidor).findtext(f"{{{NFE}}}cStat") == "107"


def test_pacote_tem_as_raizes_da_icp_brasil_e_as_publicas(app, sem_cache, tmp_path):
    caminho = tls.pacote_de_acs(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        certificados = x509.load_pem_x509_certificates(open(caminho, "rb").read())
        publicas = x509.load_pem_x509_certificates(tls.acs_publicas())
    raizes = {a.value for c in certificados if c.subject == c.issuer
              for a in c.subject.get_attributes_for_oid(NameOID.COMMON_NAME)}
    assert {"Autoridade Certificadora Raiz Brasileira v5", "Autoridade Certificadora Raiz Brasileira v10",
            "Autoridade Certificadora Raiz Brasileira v11"} <= raizes
    assert {"ISRG Root X1", "DigiCert Global Root G2"} <= raizes  # públicas (certifi)
    assert len(certificados) == len(publicas) + len(tls.acs_icp_brasil())
    contexto = ssl.create_default_context(cafile=caminho)  # o OpenSSL aceita o pacote inteiro
    assert contexto.cert_store_stats()["x509_ca"] >= len(publicas)
