"""Arquivo dos XML: nfeProc, procEventoNFe e procInutNFe gravados assim que existem, com SHA-256 no banco;
verificação depois de uma mudança no disco; exportação do mês para o contador; o que já existia (completar)."""
import hashlib
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from erp.extensions import db
from erp.nfe.models import ArquivoXML, EventoNFe, InutilizacaoNFe, NotaFiscal
from erp.nfe.services import arquivo, estados
from erp.tarefas.fila import huey
from tests.nfe.apoio import assinar, cli_json, transmitir
from tests.nfe.services import fabrica

JUSTIFICATIVA = "Cliente desistiu da compra antes do envio"
CORRECAO = "Volumes: 2 caixas de papelão com 10 unidades"


@pytest.fixture
def pasta(app, tmp_path):
    app.config["ARQUIVO_XML_PASTA"] = str(tmp_path / "xml")
    return tmp_path / "xml"


def _autorizada(runner) -> NotaFiscal:
    [nota] = assinar(runner, fabrica.venda())
    assert transmitir(runner, nota)[0]["resultado"] == "autorizada"
    db.session.expire_all()
    return db.session.get(NotaFiscal, nota.id)


def _competencia(nota: NotaFiscal) -> str:
    return arquivo.documento_da_nota(nota).competencia


def test_nota_autorizada_vai_para_o_arquivo_com_sha256(runner, empresa, sefaz_sim, pasta):
    nota = _autorizada(runner)

    ano, mes = _competencia(nota).split("-")
    caminho = pasta / ano / mes / f"{nota.chave}-procNFe.xml"
    assert caminho.read_bytes() == nota.xml_proc
    assert etree.fromstring(caminho.read_bytes()).tag == "{http://www.portalfiscal.inf.br/nfe}nfeProc"
    registro = db.session.query(ArquivoXML).one()
    assert (registro.tipo, registro.nota_id, registro.caminho) == ("nfe", nota.id, f"{ano}/{mes}/{nota.chave}-procNFe.xml")
    assert (registro.competencia, registro.ambiente) == (f"{ano}-{mes}", "homologacao")
    assert registro.sha256 == hashlib.sha256(nota.xml_proc).hexdigest()
    assert registro.tamanho == len(nota.xml_proc)


def test_eventos_ficam_ao_lado_da_nota(runner, empresa, sefaz_sim, pasta):
    nota = _autorizada(runner)
    assert cli_json(runner, "nfe", "cce", "--nota", str(nota.id), "--correcao", CORRECAO)["resultado"] == "registrado"
    assert cli_json(runner, "nfe", "cancelar", "--nota", str(nota.id), "--justificativa",
                    JUSTIFICATIVA)["resultado"] == "registrado"

    pasta_da_nota = (pasta / _competencia(nota).replace("-", "/"))
    nomes = sorted(p.name for p in pasta_da_nota.iterdir())
    assert nomes == [f"{nota.chave}-110110-01-procEventoNFe.xml", f"{nota.chave}-110111-01-procEventoNFe.xml",
                     f"{nota.chave}-procNFe.xml"]
    for evento in db.session.query(EventoNFe).filter_by(situacao="registrado"):
        registro = db.session.query(ArquivoXML).filter_by(evento_id=evento.id).one()
        assert (pasta / registro.caminho).read_bytes() == evento.xml_retorno
        assert registro.tipo == {"110111": "cancelamento", "110110": "carta_correcao"}[evento.tipo]


def test_verificar_aponta_arquivo_alterado_e_ausente(runner, empresa, sefaz_sim, pasta):
    primeira, segunda = _autorizada(runner), _autorizada(runner)
    assert cli_json(runner, "nfe", "arquivo", "verificar") | {"armazem": None} == {
        "armazem": None, "conferidos": 2, "ok": 2, "ausentes": [], "alterados": [], "ilegiveis": [],
        "nao_arquivados": 0, "integro": True}
    alterado = pasta / arquivo.documento_da_nota(primeira).caminho
    alterado.write_bytes(alterado.read_bytes().replace(b"<vNF>", b"<vNF>1"))  # alguém mexeu no disco
    sumido = pasta / arquivo.documento_da_nota(segunda).caminho
    sumido.unlink()

    resultado = cli_json(runner, "nfe", "arquivo", "verificar")

    assert resultado["alterados"] == [arquivo.documento_da_nota(primeira).caminho]
    assert resultado["ausentes"] == [arquivo.documento_da_nota(segunda).caminho]
    assert (resultado["ok"], resultado["integro"]) == (0, False)
    texto = runner.invoke(args=["nfe", "arquivo", "verificar"])
    assert texto.exit_code == 0
    assert "ALTERADO" in texto.output and "AUSENTE" in texto.output and "Arquivo com problemas." in texto.output


def test_completar_arquiva_o_que_ja_existia(runner, empresa, sefaz_sim, pasta):
    nota = _autorizada(runner)
    db.session.query(ArquivoXML).delete()  # como antes de existir o arquivo
    db.session.commit()
    (pasta / arquivo.documento_da_nota(nota).caminho).unlink()
    assert cli_json(runner, "nfe", "arquivo", "verificar")["nao_arquivados"] == 1

    resultado = cli_json(runner, "nfe", "arquivo", "completar")

    assert resultado == {"arquivados": [arquivo.documento_da_nota(nota).caminho], "falhas": []}
    assert (pasta / resultado["arquivados"][0]).read_bytes() == nota.xml_proc
    assert cli_json(runner, "nfe", "arquivo", "verificar")["integro"] is True
    assert cli_json(runner, "nfe", "arquivo", "completar")["arquivados"] == []


def test_armazem_fora_do_ar_nao_segura_a_autorizacao(runner, app, empresa, sefaz_sim, tmp_path):
    bloqueio = tmp_path / "nao-e-pasta"
    bloqueio.write_text("um arquivo no lugar da pasta")
    app.config["ARQUIVO_XML_PASTA"] = str(bloqueio)

    nota = _autorizada(runner)

    assert nota.situacao == "autorizada"
    assert db.session.query(ArquivoXML).count() == 0
    agendadas = [t.name for t in huey.scheduled()] + [t.name for t in huey.pending()]
    assert any(nome.endswith("completar_arquivo") for nome in agendadas), agendadas  # nova tentativa pedida
    app.config["ARQUIVO_XML_PASTA"] = str(tmp_path / "xml")
    arquivo.completar()  # o que a tarefa faz quando chega a hora
    assert db.session.query(ArquivoXML).one().nota_id == nota.id


def test_exportar_mes_para_o_contador(runner, empresa, sefaz_sim, pasta, tmp_path):
    nota, cancelada = _autorizada(runner), _autorizada(runner)
    cli_json(runner, "nfe", "cce", "--nota", str(nota.id), "--correcao", CORRECAO)
    cli_json(runner, "nfe", "cancelar", "--nota", str(cancelada.id), "--justificativa", JUSTIFICATIVA)
    [descartada] = assinar(runner, fabrica.venda())
    estados.descartar(descartada, "Venda cancelada antes da transmissão.")
    db.session.commit()
    assert cli_json(runner, "nfe", "inutilizar")[0]["resultado"] == "inutilizada"
    inut = db.session.query(InutilizacaoNFe).one()
    mes = _competencia(nota)
    destino = tmp_path / "contador.zip"

    resultado = cli_json(runner, "nfe", "exportar", "--mes", mes, "--zip", str(destino))

    assert resultado["quantidades"] == {"nfe": 2, "cancelamento": 1, "carta_correcao": 1, "inutilizacao": 1}
    assert resultado["avisos"] == []
    with zipfile.ZipFile(destino) as zip_:
        nomes = sorted(zip_.namelist())
        assert nomes == sorted([
            f"NFe/{nota.chave}-procNFe.xml", f"NFe/{cancelada.chave}-procNFe.xml",
            f"Cancelamentos/{cancelada.chave}-110111-01-procEventoNFe.xml",
            f"CartasCorrecao/{nota.chave}-110110-01-procEventoNFe.xml",
            f"Inutilizacoes/{Path(arquivo.documento_da_inutilizacao(inut).caminho).name}"])
        assert zip_.read(f"NFe/{nota.chave}-procNFe.xml") == nota.xml_proc
        raiz = etree.fromstring(zip_.read(nomes[0] if nomes[0].startswith("Cancel") else
                                          f"Cancelamentos/{cancelada.chave}-110111-01-procEventoNFe.xml"))
        assert raiz.tag.endswith("procEventoNFe")
        assert etree.fromstring(zip_.read(
            f"Inutilizacoes/{Path(arquivo.documento_da_inutilizacao(inut).caminho).name}")).tag.endswith("procInutNFe")
    assert resultado["ambiente"] == "homologacao"  # o da empresa
    vazio = cli_json(runner, "nfe", "exportar", "--mes", "2001-01", "--zip", str(tmp_path / "vazio.zip"))
    assert sum(vazio["quantidades"].values()) == 0
    producao = cli_json(runner, "nfe", "exportar", "--mes", mes, "--ambiente", "producao", "--zip",
                        str(tmp_path / "producao.zip"))
    assert sum(producao["quantidades"].values()) == 0  # as notas de homologação não vão ao contador


def test_exportar_usa_a_copia_do_banco_quando_o_arquivo_mudou(runner, empresa, sefaz_sim, pasta, tmp_path):
    nota = _autorizada(runner)
    caminho = pasta / arquivo.documento_da_nota(nota).caminho
    caminho.write_bytes(b"<adulterado/>")

    resultado = cli_json(runner, "nfe", "exportar", "--mes", _competencia(nota), "--zip", str(tmp_path / "m.zip"))

    assert resultado["quantidades"]["nfe"] == 1
    assert "foi alterado no arquivo; exportada a cópia do banco" in resultado["avisos"][0]
    with zipfile.ZipFile(tmp_path / "m.zip") as zip_:
        assert zip_.read(f"NFe/{nota.chave}-procNFe.xml") == nota.xml_proc


def test_exportar_recusa_mes_invalido(runner, app, tmp_path):
    saida = runner.invoke(args=["nfe", "exportar", "--mes", "12/2026", "--zip", str(tmp_path / "x.zip")])
    assert saida.exit_code == 2 and "AAAA-MM" in saida.output


def test_arquivo_no_s3(runner, app, empresa, sefaz_sim, tmp_path):
    moto_server = pytest.importorskip("moto.server", reason="moto (S3 local) não instalado")
    import boto3

    servidor = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    servidor.start()
    try:
        host, porta = servidor.get_host_and_port()
        endpoint = f"http://{host}:{porta}"
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="teste",
                          aws_secret_access_key="segredo")
        s3.create_bucket(Bucket="xml-fiscal")
        app.config["ARQUIVO_XML_URL"] = f"s3://teste:segredo@xml-fiscal/empresa?endpoint={endpoint}"

        nota = _autorizada(runner)

        chave = f"empresa/{arquivo.documento_da_nota(nota).caminho}"
        assert s3.get_object(Bucket="xml-fiscal", Key=chave)["Body"].read() == nota.xml_proc
        verificacao = cli_json(runner, "nfe", "arquivo", "verificar")
        assert (verificacao["ok"], verificacao["integro"]) == (1, True)
        assert verificacao["armazem"].startswith("s3://xml-fiscal/empresa")
        s3.put_object(Bucket="xml-fiscal", Key=chave, Body=b"<outro/>")
        assert cli_json(runner, "nfe", "arquivo", "verificar")["alterados"] == [arquivo.documento_da_nota(nota).caminho]
        s3.delete_object(Bucket="xml-fiscal", Key=chave)
        assert cli_json(runner, "nfe", "arquivo", "verificar")["ausentes"] == [arquivo.documento_da_nota(nota).caminho]
    finally:
        app.config.pop("ARQUIVO_XML_URL", None)
        servidor.stop()


def test_exportar_pede_destino_ou_mes_com_zip(runner, app, tmp_path):
    for argumentos in (["--mes", "2026-12"], ["--zip", str(tmp_path / "x.zip")], [],
                       ["--destino", str(tmp_path), "--mes", "2026-12", "--zip", str(tmp_path / "x.zip")]):
        saida = runner.invoke(args=["nfe", "exportar", *argumentos])
        assert saida.exit_code == 2 and "--mes AAAA-MM --zip" in saida.output, argumentos


def test_evento_trazido_pela_consulta_tambem_e_arquivado(runner, app, empresa, sefaz_sim, pasta):
    """A resposta da CC-e se perdeu; o reenvio (573, duplicidade) traz o registro da SEFAZ pela consulta e o
    procEventoNFe vai ao arquivo."""
    from tests.nfe.apoio import sandbox

    nota = _autorizada(runner)
    sandbox(sefaz_sim, "falhas", "post", tipo="timeout", servico="NFeRecepcaoEvento4", atraso_s=3)
    app.config["SEFAZ_TEMPO_RESPOSTA"] = 0.3
    assert cli_json(runner, "nfe", "cce", "--nota", str(nota.id), "--correcao", CORRECAO)["resultado"] == "falhou"
    app.config["SEFAZ_TEMPO_RESPOSTA"] = 5
    assert db.session.query(ArquivoXML).filter(ArquivoXML.evento_id.isnot(None)).count() == 0

    assert cli_json(runner, "nfe", "cce", "--nota", str(nota.id), "--correcao", CORRECAO)["cstat"] == 573

    registrado = db.session.query(EventoNFe).filter_by(nota_id=nota.id, situacao="registrado").one()
    registro = db.session.query(ArquivoXML).filter_by(evento_id=registrado.id).one()
    assert (pasta / registro.caminho).read_bytes() == registrado.xml_retorno
    assert registro.caminho.endswith(f"{nota.chave}-110110-01-procEventoNFe.xml")
