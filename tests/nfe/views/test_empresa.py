"""Tela Empresa: dados do emitente, certificado A1 e a tabela de alíquotas por UF."""
import io

from erp.extensions import db
from erp.nfe.models import AliquotaUF, Empresa
from erp.nfe.services import certificado
from tests.nfe.services import fabrica
from tests.util import csrf_de


def test_tela_da_empresa_salva_e_mostra_erros(logado):
    html = logado.get("/nfe/empresa").get_data(as_text=True)
    token = csrf_de(html)
    dados = {**fabrica.dados_empresa(), "csrf_token": token, "ibs_cbs_ativo": "on"}
    dados["cnpj"] = "45.378.261/0001-88"

    resposta = logado.post("/nfe/empresa", data=dados, follow_redirects=True)

    assert "Dados da empresa salvos." in resposta.get_data(as_text=True)
    empresa = db.session.query(Empresa).one()
    assert empresa.cnpj == "45378261000188" and empresa.ibs_cbs_ativo and not empresa.ipi_ativo
    invalida = logado.post("/nfe/empresa", data={**dados, "cep": "123"})
    assert invalida.status_code == 422
    assert "O CEP tem 8 algarismos" in invalida.get_data(as_text=True)


def test_csrt_gravado_pela_tela_nao_volta_para_ela(logado):
    token = csrf_de(logado.get("/nfe/empresa").get_data(as_text=True))
    dados = {**fabrica.dados_empresa(), "csrf_token": token, "resp_cnpj": fabrica.CNPJ_MARKETPLACE,
             "resp_contato": "Suporte", "resp_email": "fiscal@example.com", "resp_fone": "1130304040",
             "csrt_id": "01", "csrt": "G8063VRTNDMO886SFNK5LDUDEI24XJ22YIPO"}
    logado.post("/nfe/empresa", data=dados, follow_redirects=True)
    empresa = db.session.query(Empresa).one()
    assert (empresa.csrt_id, empresa.csrt) == ("01", "G8063VRTNDMO886SFNK5LDUDEI24XJ22YIPO")
    html = logado.get("/nfe/empresa").get_data(as_text=True)
    assert "G8063VRTNDMO886SFNK5LDUDEI24XJ22YIPO" not in html
    logado.post("/nfe/empresa", data={**dados, "csrt": "", "razao_social": "Outra Razão Ltda"})  # vazio mantém
    db.session.refresh(empresa)
    assert empresa.csrt == "G8063VRTNDMO886SFNK5LDUDEI24XJ22YIPO"
    sem_id = logado.post("/nfe/empresa", data={**dados, "csrt_id": ""})
    assert sem_id.status_code == 422
    assert "identificador do CSRT" in sem_id.get_data(as_text=True)


def test_envio_do_certificado_pela_tela(logado, app):
    empresa = fabrica.empresa(com_certificado=False)
    token = csrf_de(logado.get("/nfe/empresa"))

    def enviar(conteudo, senha):
        return logado.post("/nfe/empresa/certificado", content_type="multipart/form-data", follow_redirects=True,
                           data={"csrf_token": token, "senha": senha, "arquivo": (io.BytesIO(conteudo), "a1.pfx")})

    errada = enviar(fabrica.pfx(), "chute").get_data(as_text=True)
    assert "Certificado recusado: Senha do certificado digital incorreta." in errada
    outra_raiz = enviar(fabrica.pfx("11222333000181"), fabrica.SENHA).get_data(as_text=True)
    assert "raiz do CNPJ" in outra_raiz
    assert db.session.get(Empresa, empresa.id).certificado_pfx is None

    certa = enviar(fabrica.pfx(), fabrica.SENHA).get_data(as_text=True)
    db.session.refresh(empresa)
    assert "Certificado de EMPORIO PAULISTA:45378261000188 (45.378.261/0001-88) guardado." in certa
    assert empresa.certificado_valido_ate.strftime("%d/%m/%Y") in certa
    assert 'id="aviso-certificado"' not in certa


def test_tela_avisa_certificado_perto_de_vencer(logado, app):
    empresa = fabrica.empresa(com_certificado=False)
    certificado.salvar(empresa, fabrica.pfx(dias=20), fabrica.SENHA)
    html = logado.get("/nfe/empresa").get_data(as_text=True)
    assert 'id="aviso-certificado"' in html
    assert "O certificado digital vence em 19 dias" in html


def test_tabela_de_aliquotas_por_uf_editavel(logado, app):
    html = logado.get("/nfe/empresa").get_data(as_text=True)
    assert html.count('name="interna_') == 27
    token = csrf_de(html)
    resposta = logado.post("/nfe/empresa/aliquotas", follow_redirects=True,
                           data={"csrf_token": token, "interna_MG": "19,5", "fcp_MG": "2", "dupla_MG": "on"})
    assert "Tabela de alíquotas por UF salva." in resposta.get_data(as_text=True)
    mg = db.session.query(AliquotaUF).filter_by(uf="MG").one()
    assert (str(mg.aliquota_interna), str(mg.fcp), mg.difal_base_dupla) == ("19.50", "2.00", True)
    ruim = logado.post("/nfe/empresa/aliquotas", follow_redirects=True,
                       data={"csrf_token": token, "interna_MG": "150"}).get_data(as_text=True)
    assert "entre 0 e 100%" in ruim


def test_tela_exige_login(client):
    assert client.get("/nfe/empresa").status_code == 302


def test_campo_escapa_valor_e_atributos(app):
    modelo = app.jinja_env.from_string(
        '{% from "nfe/_campo.html" import campo %}'
        '{{ campo("razao_social", "Razão", valores, {}, attrs={"data-mascara": mascara, "maxlength": 60}) }}')
    html = modelo.render(valores={"razao_social": 'A "B" <i>'}, mascara='x" onfocus="alert(1)')
    assert 'value="A &#34;B&#34; &lt;i&gt;"' in html
    assert 'data-mascara="x&#34; onfocus=&#34;alert(1)"' in html and 'maxlength="60"' in html
    assert "<i>" not in html and 'onfocus="' not in html
